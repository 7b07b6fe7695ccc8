import KexieAnalysis
import KexieModel

/// The kinds of node in an exported network, one per entity table.
public enum NodeKind: Int, Sendable, CaseIterable {
    case region, organization, person, institution

    /// The value of the `kind` attribute.
    public var name: String {
        switch self {
        case .region: "region"
        case .organization: "organization"
        case .person: "person"
        case .institution: "institution"
        }
    }

    /// What node ids start with, so that ids are unique across kinds (`person:P01`).
    public var prefix: String { name + ":" }

    /// The Neo4j label (`Region`, `Organization`, …).
    public var neo4jLabel: String { name.prefix(1).uppercased() + name.dropFirst() }
}

/// The kinds of edge, each named after the column or table it comes from, in export order.
public enum Relation: Int, Sendable, CaseIterable {
    /// Region → its parent region (`regions.csv` `parent`).
    case regionParent
    /// Organization → the organization it is attached to (`organizations.csv` `parent`).
    case organizationParent
    /// Organization → the region it sits in (`organizations.csv` `region`).
    case organizationRegion
    /// Organization → the institution it belongs to (`organizations.csv` `institution`).
    case organizationInstitution
    /// Person → region (`persons.csv` `region`).
    case personRegion
    /// Institution → region (`institutions.csv` `region`).
    case institutionRegion
    /// Person → organization: a row of `positions.csv`.
    case position
    /// Organization → organization: a row of `links.csv`, in the file's direction.
    case link

    /// The value of the `relation` attribute.
    public var name: String {
        switch self {
        case .regionParent: "region_parent"
        case .organizationParent: "organization_parent"
        case .organizationRegion: "organization_region"
        case .organizationInstitution: "organization_institution"
        case .personRegion: "person_region"
        case .institutionRegion: "institution_region"
        case .position: "position"
        case .link: "link"
        }
    }

    /// The Neo4j relationship type (`REGION_PARENT`, `POSITION`, …).
    public var neo4jType: String { name.uppercased() }

    /// How a skipped reference of this relation is named on stderr ("organization parent").
    public var skippedName: String { name.replacing("_", with: " ") }
}

/// A node: the row of its table.
public struct NodeRef: Sendable, Equatable {
    public let kind: NodeKind
    public let row: Int
    public init(_ kind: NodeKind, _ row: Int) {
        self.kind = kind
        self.row = row
    }
}

/// An edge: the row it comes from (of `positions.csv`/`links.csv`, else of the source's table)
/// and its ends.
public struct GraphEdge: Sendable, Equatable {
    public let relation: Relation
    public let row: Int
    public let source: NodeRef
    public let target: NodeRef

    /// The edge's id, unique in the graph: the relation and the 1-based row (`position:17`, the
    /// numbering of `dangling_position` findings).
    public var id: String { "\(relation.name):\(row + 1)" }
}

/// One attribute of a node or edge: an index into `nodeAttributes`/`edgeAttributes`, and its value.
public struct GraphField: Sendable, Equatable {
    public let attribute: Int
    public let value: GraphValue
}

/// The whole dataset as one directed multigraph, described once for every export format.
///
/// Nodes are the rows of regions, organizations, persons and institutions (in that order, each
/// in file order); edges are every reference between rows that resolves (`Relation`, in that
/// order). Nothing is materialized per node or edge: `forEachNode` and `forEachEdge` walk the
/// dataset's columns and hand each record's attributes to the caller in one reused buffer.
/// Organizations, positions and links carry `active` at the date given (analyses.md).
///
/// Attributes: an empty cell is an absent attribute. Reference columns (`parent`, `region`,
/// `institution`) are kept as the id written, resolved or not, so dangling references stay
/// visible. Columns the contract does not define are exported under their header name (with
/// `extra_` in front when the name is taken, see `NetworkGraph+Schema.swift`), typed when every
/// cell allows it.
///
/// - Invariant: `nodeCount` is the number of rows of the four entity tables; `edgeCounts[r]`
///   plus `skipped[r]` is the number of rows whose reference of relation `r` is not empty
///   (for positions and links: every row).
/// - Complexity: O(rows) to build (activity and column types); each walk O(rows · attributes).
public struct NetworkGraph: Sendable {
    public let dataset: Dataset
    public let activity: Activity
    /// The date `active` is computed at.
    public var asOf: Day { activity.date }
    /// Every node attribute, in declaration order (fields refer to them by index).
    public let nodeAttributes: [GraphAttribute]
    /// Every edge attribute, in declaration order.
    public let edgeAttributes: [GraphAttribute]
    /// Edges per relation (`Relation.rawValue`).
    public let edgeCounts: [Int]
    /// References that do not resolve and so make no edge, per relation.
    public let skipped: [Int]
    let extraColumns: _ExtraColumns
    /// Region kind names, category names: one `String` each, not one per row.
    private let regionKindNames: [String]
    private let categoryNames: [String]

    public init(_ dataset: Dataset, asOf: Day) {
        self.dataset = dataset
        self.activity = Activity(dataset, at: asOf)
        let extra = _ExtraColumns(dataset)
        self.extraColumns = extra
        self.nodeAttributes = _NodeField.declarations + extra.nodeAttributes
        self.edgeAttributes = _EdgeField.declarations + extra.edgeAttributes
        regionKindNames = (0..<dataset.regions.kindNames.count).map { dataset.regions.kindNames[$0] }
        categoryNames = (0..<dataset.persons.categoryNames.count).map { dataset.persons.categoryNames[$0] }

        var counts = [Int](repeating: 0, count: Relation.allCases.count)
        var skipped = counts
        func tally(_ relation: Relation, _ column: [Int32]) {
            for v in column {
                if v >= 0 { counts[relation.rawValue] += 1 } else if v == ReferenceColumn.unknown { skipped[relation.rawValue] += 1 }
            }
        }
        tally(.regionParent, dataset.regions.parents)
        tally(.organizationParent, dataset.organizations.parents.indices)
        tally(.organizationRegion, dataset.organizations.regions.indices)
        tally(.organizationInstitution, dataset.organizations.institutions.indices)
        tally(.personRegion, dataset.persons.regions.indices)
        tally(.institutionRegion, dataset.institutions.regions.indices)
        func tallyBoth(_ relation: Relation, _ a: [Int32], _ b: [Int32]) {
            for i in a.indices {
                if a[i] >= 0 && b[i] >= 0 { counts[relation.rawValue] += 1 } else { skipped[relation.rawValue] += 1 }
            }
        }
        tallyBoth(.position, dataset.positions.persons.indices, dataset.positions.organizations.indices)
        tallyBoth(.link, dataset.links.from.indices, dataset.links.to.indices)
        self.edgeCounts = counts
        self.skipped = skipped
    }

    /// The number of nodes: every row of the four entity tables.
    public var nodeCount: Int {
        dataset.regions.count + dataset.organizations.count + dataset.persons.count + dataset.institutions.count
    }

    /// The number of edges.
    public var edgeCount: Int { edgeCounts.reduce(0, +) }

    /// The number of references left out because they do not resolve.
    public var skippedCount: Int { skipped.reduce(0, +) }

    /// The id a node has in the dataset (without the kind prefix).
    public func originalID(_ node: NodeRef) -> String {
        switch node.kind {
        case .region: dataset.regions.ids[node.row]
        case .organization: dataset.organizations.ids[node.row]
        case .person: dataset.persons.ids[node.row]
        case .institution: dataset.institutions.ids[node.row]
        }
    }

    /// The node's id in the exported graph: kind prefix and dataset id (`organization:A-D`).
    public func id(_ node: NodeRef) -> String { node.kind.prefix + originalID(node) }

    /// What a viewer shows for a node: its name, or its id when the name is empty.
    public func label(_ node: NodeRef) -> String {
        let names: StringColumn
        switch node.kind {
        case .region: names = dataset.regions.names
        case .organization: names = dataset.organizations.names
        case .person: names = dataset.persons.names
        case .institution: names = dataset.institutions.names
        }
        return names.isEmpty(node.row) ? originalID(node) : names[node.row]
    }

    // MARK: Walking the graph

    /// Calls `body` for every node, with its attributes (in declaration order, absent ones left
    /// out). The fields buffer is reused: copy what must outlive the call.
    public func forEachNode<E: Error>(_ body: (NodeRef, [GraphField]) throws(E) -> Void) throws(E) {
        var fields: [GraphField] = []
        fields.reserveCapacity(nodeAttributes.count)
        func add(_ f: _NodeField, _ v: GraphValue) { fields.append(GraphField(attribute: f.rawValue, value: v)) }
        func add(_ f: _NodeField, _ s: String) { if !s.isEmpty { add(f, .string(s)) } }
        func add(_ f: _NodeField, _ d: Day) { if d.isSet { add(f, .date(d)) } }
        func start(_ node: NodeRef, _ names: StringColumn) {
            fields.removeAll(keepingCapacity: true)
            add(.kind, .string(node.kind.name))
            add(.originalID, .string(originalID(node)))
            add(.name, names[node.row])
        }
        func finish(_ node: NodeRef) throws(E) {
            extraColumns.appendNodeFields(node.kind, row: node.row, to: &fields)
            try body(node, fields)
        }
        let d = dataset
        let r = d.regions
        for i in 0..<r.count {
            let node = NodeRef(.region, i)
            start(node, r.names)
            add(.level, .string(r.levels[i].name))
            if let p = r.parent(i) { add(.parent, .string(r.ids[p])) }
            add(.regionKind, regionKindNames[Int(r.kinds[i])])
            try finish(node)
        }
        let o = d.organizations
        for i in 0..<o.count {
            let node = NodeRef(.organization, i)
            start(node, o.names)
            add(.type, .string(o.types[i].name))
            add(.region, referenceText(o.regions, i, d.regions.ids))
            add(.parent, referenceText(o.parents, i, o.ids))
            add(.institution, referenceText(o.institutions, i, d.institutions.ids))
            if let discipline = o.discipline(i) { add(.discipline, discipline) }
            add(.founded, o.founded[i])
            add(.dissolved, o.dissolved[i])
            add(.active, .boolean(activity.organizations[i]))
            try finish(node)
        }
        let p = d.persons
        for i in 0..<p.count {
            let node = NodeRef(.person, i)
            start(node, p.names)
            if p.categories[i] >= 0 { add(.category, categoryNames[Int(p.categories[i])]) }
            add(.sector, d.sectorNames[Int(d.personSectors[i])])
            add(.workplace, p.workplaces[i])
            add(.region, referenceText(p.regions, i, d.regions.ids))
            try finish(node)
        }
        let n = d.institutions
        for i in 0..<n.count {
            let node = NodeRef(.institution, i)
            start(node, n.names)
            add(.institutionKind, .string(n.kinds[i].name))
            add(.region, referenceText(n.regions, i, d.regions.ids))
            try finish(node)
        }
    }

    /// Calls `body` for every edge, relation by relation in `Relation` order, rows in file
    /// order, with its attributes. The fields buffer is reused.
    public func forEachEdge<E: Error>(_ body: (GraphEdge, [GraphField]) throws(E) -> Void) throws(E) {
        var fields: [GraphField] = []
        fields.reserveCapacity(edgeAttributes.count)
        func add(_ f: _EdgeField, _ v: GraphValue) { fields.append(GraphField(attribute: f.rawValue, value: v)) }
        func add(_ f: _EdgeField, _ d: Day) { if d.isSet { add(f, .date(d)) } }
        func start(_ relation: Relation) {
            fields.removeAll(keepingCapacity: true)
            add(.relation, .string(relation.name))
        }
        /// A position or link: its extra columns, then the call.
        func finish(_ edge: GraphEdge) throws(E) {
            extraColumns.appendEdgeFields(edge.relation, row: edge.row, to: &fields)
            try body(edge, fields)
        }
        /// One edge per resolved reference of `column`, from row i of `source` to its target.
        func references(_ relation: Relation, _ column: [Int32], _ source: NodeKind, _ target: NodeKind) throws(E) {
            start(relation)
            for (i, t) in column.enumerated() where t >= 0 {
                try body(GraphEdge(relation: relation, row: i, source: NodeRef(source, i), target: NodeRef(target, Int(t))), fields)
            }
        }
        let d = dataset
        try references(.regionParent, d.regions.parents, .region, .region)
        try references(.organizationParent, d.organizations.parents.indices, .organization, .organization)
        try references(.organizationRegion, d.organizations.regions.indices, .organization, .region)
        try references(.organizationInstitution, d.organizations.institutions.indices, .organization, .institution)
        try references(.personRegion, d.persons.regions.indices, .person, .region)
        try references(.institutionRegion, d.institutions.regions.indices, .institution, .region)

        let p = d.positions
        for i in 0..<p.count {
            guard let person = p.persons.target(i), let organization = p.organizations.target(i) else { continue }
            start(.position)
            let role = p.roles[i]
            add(.role, .string(role.name))
            add(.weight, .double(d.rules.roleWeights[Int(role.rawValue)]))
            add(.start, p.starts[i])
            add(.end, p.ends[i])
            if d.positionEnds[i] != p.ends[i] { add(.effectiveEnd, d.positionEnds[i]) }
            add(.seconded, .boolean(role == .secondedViceChair))
            add(.active, .boolean(activity.positions[i]))
            try finish(GraphEdge(relation: .position, row: i, source: NodeRef(.person, person),
                                 target: NodeRef(.organization, organization)))
        }
        let l = d.links
        for i in 0..<l.count {
            guard let from = l.from.target(i), let to = l.to.target(i) else { continue }
            start(.link)
            add(.linkKind, .string(l.kinds[i].name))
            add(.weight, .double(d.linkWeights[i]))
            add(.start, l.starts[i])
            add(.end, l.ends[i])
            add(.active, .boolean(activity.links[i]))
            try finish(GraphEdge(relation: .link, row: i, source: NodeRef(.organization, from),
                                 target: NodeRef(.organization, to)))
        }
    }

    /// The id a reference cell names: the target's id when resolved, the text written when
    /// unknown, empty when absent.
    private func referenceText(_ column: ReferenceColumn, _ row: Int, _ targets: InternedStrings) -> String {
        switch column[row] {
        case .absent: ""
        case .resolved(let t): targets[t]
        case .unknown(let text): text
        }
    }
}
