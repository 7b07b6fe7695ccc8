import KexieModel

/// The node attributes the contract defines, in declaration order (`rawValue` is the index).
///
/// A table column named `kind` would clash with the node's `kind` (region, organization, …),
/// so regions' and institutions' own kinds are `region_kind` and `institution_kind`; the id as
/// the dataset writes it is `original_id`, because `id` is the node id itself in node-link JSON.
enum _NodeField: Int, CaseIterable {
    case kind, originalID, name, level, parent, regionKind, type, region, institution, discipline,
         founded, dissolved, active, category, sector, workplace, institutionKind

    static let declarations: [GraphAttribute] = allCases.map { f in
        switch f {
        case .kind: GraphAttribute("kind", .string)
        case .originalID: GraphAttribute("original_id", .string)
        case .name: GraphAttribute("name", .string)
        case .level: GraphAttribute("level", .string)
        case .parent: GraphAttribute("parent", .string)
        case .regionKind: GraphAttribute("region_kind", .string)
        case .type: GraphAttribute("type", .string)
        case .region: GraphAttribute("region", .string)
        case .institution: GraphAttribute("institution", .string)
        case .discipline: GraphAttribute("discipline", .string)
        case .founded: GraphAttribute("founded", .date)
        case .dissolved: GraphAttribute("dissolved", .date)
        case .active: GraphAttribute("active", .boolean)
        case .category: GraphAttribute("category", .string)
        case .sector: GraphAttribute("sector", .string)
        case .workplace: GraphAttribute("workplace", .string)
        case .institutionKind: GraphAttribute("institution_kind", .string)
        }
    }
}

/// The edge attributes the contract defines, in declaration order.
enum _EdgeField: Int, CaseIterable {
    case relation, role, weight, start, end, effectiveEnd, seconded, active, linkKind

    static let declarations: [GraphAttribute] = allCases.map { f in
        switch f {
        case .relation: GraphAttribute("relation", .string)
        case .role: GraphAttribute("role", .string)
        case .weight: GraphAttribute("weight", .double)
        case .start: GraphAttribute("start", .date)
        case .end: GraphAttribute("end", .date)
        case .effectiveEnd: GraphAttribute("effective_end", .date)
        case .seconded: GraphAttribute("seconded", .boolean)
        case .active: GraphAttribute("active", .boolean)
        case .linkKind: GraphAttribute("link_kind", .string)
        }
    }
}

/// The columns of each table that the contract does not define, as graph attributes.
///
/// Each is exported under its header name, or `extra_NAME` when the name is a defined attribute
/// or one the formats use themselves (`id`, `label`; for edges also `key`, `source`, `target`).
/// Columns of the same name in several tables share one attribute. Its type is the narrowest
/// that every non-empty cell of every such column has: `boolean` (`true`/`false`), `long` (a
/// canonical integer: no sign but `-`, no leading zero), `double` (a number written as it prints
/// back, such as `2.5`, or a canonical integer), else `string` — so no value changes its text
/// except integers in a `double` column (`3` → `3.0`).
///
/// - Complexity: O(cells of the extra columns).
struct _ExtraColumns: Sendable {
    /// A table's extra column: the attribute it fills (index among the extra attributes) and
    /// the cells.
    struct Column: Sendable {
        let attribute: Int
        let cells: StringColumn
    }

    private(set) var nodeAttributes: [GraphAttribute] = []
    private(set) var edgeAttributes: [GraphAttribute] = []
    /// Per `NodeKind.rawValue`.
    private var nodeColumns: [[Column]] = []
    /// Positions, then links.
    private var positionColumns: [Column] = []
    private var linkColumns: [Column] = []

    init(_ d: Dataset) {
        let nodeReserved = Set(_NodeField.declarations.map(\.name) + ["id", "label"])
        let edgeReserved = Set(_EdgeField.declarations.map(\.name) + ["id", "label", "key", "source", "target"])
        var nodes = _AttributeMerger(reserved: nodeReserved)
        nodeColumns = [d.regions.attributes, d.organizations.attributes, d.persons.attributes, d.institutions.attributes]
            .map { nodes.add($0) }
        nodeAttributes = nodes.attributes
        var edges = _AttributeMerger(reserved: edgeReserved)
        positionColumns = edges.add(d.positions.attributes)
        linkColumns = edges.add(d.links.attributes)
        edgeAttributes = edges.attributes
    }

    func appendNodeFields(_ kind: NodeKind, row: Int, to fields: inout [GraphField]) {
        append(nodeColumns[kind.rawValue], offset: _NodeField.allCases.count, attributes: nodeAttributes, row: row, to: &fields)
    }

    func appendEdgeFields(_ relation: Relation, row: Int, to fields: inout [GraphField]) {
        append(relation == .position ? positionColumns : linkColumns, offset: _EdgeField.allCases.count,
               attributes: edgeAttributes, row: row, to: &fields)
    }

    private func append(_ columns: [Column], offset: Int, attributes: [GraphAttribute], row: Int, to fields: inout [GraphField]) {
        for c in columns where !c.cells.isEmpty(row) {
            let text = c.cells[row]
            let value: GraphValue
            switch attributes[c.attribute].type {
            case .long: value = .long(Int(text)!)
            case .double: value = .double(Double(text)!)
            case .boolean: value = .boolean(text == "true")
            case .string, .date: value = .string(text)
            }
            fields.append(GraphField(attribute: offset + c.attribute, value: value))
        }
    }
}

/// Assigns extra columns of several tables to attributes, merging names and types.
private struct _AttributeMerger {
    let reserved: Set<String>
    private var names: [String] = []
    /// `nil` while every cell seen is empty.
    private var types: [GraphValueType?] = []
    private var index: [String: Int] = [:]

    init(reserved: Set<String>) { self.reserved = reserved }

    /// The attributes; a column with no value at all is a string.
    var attributes: [GraphAttribute] { zip(names, types).map { GraphAttribute($0, $1 ?? .string) } }

    mutating func add(_ table: AttributeColumns) -> [_ExtraColumns.Column] {
        zip(table.names, table.columns).map { name, cells in
            var exported = name
            while reserved.contains(exported) { exported = "extra_" + exported }
            let i: Int
            if let known = index[exported] {
                i = known
            } else {
                i = names.count
                index[exported] = i
                names.append(exported)
                types.append(nil)
            }
            for row in 0..<cells.count where !cells.isEmpty(row) && types[i] != .string {
                types[i] = _merge(types[i], cells.withUTF8(row) { _cellType($0) })
            }
            return .init(attribute: i, cells: cells)
        }
    }
}

/// The narrowest type both allow.
private func _merge(_ a: GraphValueType?, _ b: GraphValueType) -> GraphValueType {
    guard let a, a != b else { return b }
    if (a == .long && b == .double) || (a == .double && b == .long) { return .double }
    return .string
}

/// The type one cell allows: `boolean`, `long`, `double` or `string`. Numbers must print back
/// as written (`String(Int(s)) == s`), so `007`, `+1`, `-0` and `1.50` stay strings.
private func _cellType(_ b: UnsafeBufferPointer<UInt8>) -> GraphValueType {
    let text = String(decoding: b, as: UTF8.self)
    if text == "true" || text == "false" { return .boolean }
    if let i = Int(text), String(i) == text { return .long }
    if let d = Double(text), d.isFinite, "\(d)" == text { return .double }
    return .string
}
