import KexieAnalysis
import KexieModel

extension Analysis {
    /// The web of ties: active associations of the scope as nodes, every pair with link > 0 as
    /// an undirected edge as wide as its strength, weak attachments outlined in red with a red
    /// dashed edge to their parent, islands filled orange. With `persons`, the key persons (those
    /// whose category a key-person rule asks for) join as small nodes tied to their associations.
    ///
    /// Above `maxNodes` associations the deepest level is left out, level by level.
    public func linkageDiagram(scope: Int? = nil, persons: Bool = false, options: DiagramOptions = DiagramOptions()) -> DiagramPlan {
        let d = dataset, orgs = d.organizations, regions = d.regions
        var notes: [String] = []
        func inScope(_ o: Int) -> Bool {
            guard let scope else { return true }
            guard let r = orgs.regions.target(o) else { return false }
            return tree.contains(scope, r)
        }
        var associations = orgs.ids.sortedByUTF8((0..<orgs.count).filter {
            activity.organizations[$0] && orgs.types[$0] == .association && inScope($0)
        })
        var deepest = Level.village
        while options.maxNodes > 0, associations.count > options.maxNodes, deepest > .country {
            let before = associations.count
            associations = associations.filter { o in orgs.regions.target(o).map { regions.levels[$0] < deepest } ?? true }
            notes.append("\(before) associations exceed --max-nodes \(options.maxNodes): those at \(deepest.name) level are left out")
            deepest = Level(rawValue: deepest.rawValue - 1)!
        }
        let drawn = Set(associations)
        let weak = Set(linkage.weakAttachments)
        let island = Set(linkage.islands.flatMap { $0 })
        // Curved edge routing around nodes costs far more than the layout on large graphs
        // (minutes at 1,500 nodes): straight edges there.
        let curved = associations.count <= 300
        var diagram = Diagram(directed: false, graphAttributes: _Style.graph + [("overlap", "prism"), ("splines", curved ? "true" : "false"), ("outputorder", "edgesfirst")],
                              nodeDefaults: _Style.nodes, edgeDefaults: _Style.edges)
        for o in associations {
            var extra: [(String, String)] = []
            if island.contains(o) { extra.append(("fillcolor", "#ffbb78")) }
            if weak.contains(o) { extra += [("color", "#d62728"), ("penwidth", "2")] }
            diagram.node("o\(o)", _Style.organization(d, o, extra: extra))
        }
        let pairs = Self.strongest(linkage.pairs.filter { drawn.contains($0.a) && drawn.contains($0.b) }, options.maxEdges, notes: &notes)
        let strongest = pairs.map(\.strength).max() ?? 1
        for p in pairs {
            diagram.edge(diagram.node("o\(p.a)")!, diagram.node("o\(p.b)")!, [
                ("penwidth", _Style.width(p.strength, max: strongest)), ("tooltip", "link \(String(format2: p.strength))"),
            ])
        }
        for o in associations where weak.contains(o) {
            guard let p = orgs.parents.target(o), let pi = diagram.node("o\(p)") else { continue }
            diagram.edge(diagram.node("o\(o)")!, pi, [("style", "dashed"), ("color", "#d62728"), ("tooltip", "weak attachment: no tie to the parent")])
        }
        if persons {
            let keyCategories = Set(d.rules.keyPersons.flatMap(\.categories))
            let positions = d.positions
            for p in 0..<d.persons.count {
                guard let c = d.persons.category(p), keyCategories.contains(c) else { continue }
                let held = d.positionsByPerson[p].filter { activity.positions[Int($0)] }.compactMap { positions.organizations.target(Int($0)) }
                let tied = Array(Set(held.filter(drawn.contains))).sorted()
                guard !tied.isEmpty else { continue }
                let n = diagram.node("p\(p)", [("label", d.persons.names[p]), ("tooltip", "\(d.persons.ids[p]) · \(KnownVocabulary.categoryLabel(c) ?? c)"),
                                               ("shape", "ellipse"), ("style", "filled"), ("fillcolor", "#f4f4f4"), ("fontsize", "8"),
                                               ("width", "0.3"), ("height", "0.2"), ("margin", "0.02")])
                for o in tied { diagram.edge(n, diagram.node("o\(o)")!, [("color", "#bbbbbb"), ("penwidth", "0.5")]) }
            }
        }
        addLegend(&diagram, types: [.association], frontier: false, blank: false, summary: false)
        return DiagramPlan(diagram: diagram, engine: diagram.nodes.count > 500 ? .sfdp : .neato, notes: notes)
    }

    /// `pairs` (in their order), or above `limit` (> 0) the `limit` strongest of them (equal
    /// strengths in pair order), with a note saying so.
    ///
    /// - Complexity: O(p log p) for the p pairs.
    private static func strongest(_ pairs: [Linkage.Pair], _ limit: Int, notes: inout [String]) -> [Linkage.Pair] {
        guard limit > 0, pairs.count > limit else { return pairs }
        var order = Array(pairs.indices)
        order.sort { pairs[$0].strength != pairs[$1].strength ? pairs[$0].strength > pairs[$1].strength : $0 < $1 }
        notes.append("\(pairs.count) ties exceed the limit of \(limit) edges: the \(limit) strongest are drawn")
        return order.prefix(limit).sorted().map { pairs[$0] }
    }
}
