import KexieAnalysis
import KexieModel

extension Analysis {
    /// The association tree of a scope: regions as nested clusters down to `depth`, active
    /// organizations coloured by type, parent links as edges whose width follows the vertical
    /// linkage (a weak attachment is dashed), every blank spot as a dashed placeholder named
    /// after the uncovered region (frontier ones in red), orphaned organizations gathered in an
    /// "unattached" cluster, and a legend.
    ///
    /// Without a scope the whole frame is drawn down to districts; a district scope goes down
    /// to villages. Above `maxNodes` nodes the deepest drawn level is collapsed into one
    /// summary node per parent region (`37 村社区 · 12 covered`), level by level.
    ///
    /// - Complexity: O(regions + organizations in scope), plus sorting.
    public func structureDiagram(scope: Int? = nil, options: DiagramOptions = DiagramOptions()) -> DiagramPlan {
        var drawing = _StructureDrawing(self, scope: scope, options: options)
        drawing.addRegionClusters()
        drawing.addOrganizationsAndPlaceholders()
        drawing.addSummaries()
        drawing.addParentLinks()
        drawing.addPlaceholderLinks()
        return drawing.plan()
    }

    /// A legend cluster: one sample node per organization type drawn, and the placeholder styles
    /// that occur. Without edges its nodes share the first rank, so with `rankdir=LR` they stack
    /// in one column.
    func addLegend(_ diagram: inout Diagram, types: [OrganizationType], frontier: Bool, blank: Bool, summary: Bool) {
        let legend = diagram.cluster([("label", "图例 legend"), ("style", "rounded"), ("color", "#cccccc"), ("fontsize", "10")])
        func add(_ key: String, _ attributes: [(String, String)]) {
            diagram.node("legend-\(key)", attributes + [("fontsize", "9")], cluster: legend)
        }
        for t in types {
            let (line, fill) = _Style.colors(t)
            add(t.name, [("label", "\(t.label) \(t.name)"), ("color", line), ("fillcolor", fill)])
        }
        if frontier {
            add("frontier", [("label", "未覆盖 frontier blank spot"), ("style", "dashed,rounded"), ("fillcolor", "white"), ("color", "#d62728"), ("fontcolor", "#d62728")])
        }
        if blank {
            add("blank", [("label", "未覆盖 blank spot"), ("style", "dashed,rounded"), ("fillcolor", "white"), ("color", "#999999"), ("fontcolor", "#777777")])
        }
        if summary {
            add("summary", [("label", "collapsed level: count · covered"), ("shape", "note"), ("style", "filled"), ("fillcolor", "#fee08b")])
        }
    }
}

/// One structure diagram while it is drawn, step by step in the order its nodes, clusters and
/// edges are added (the order Graphviz lays them out in).
///
/// Invariants: `depth` is at least the level of the highest root; when `collapsed` is set it is
/// the level below `depth`, drawn as summary nodes; `drawn` is every region under the roots
/// down to `depth`, in tree order.
struct _StructureDrawing {
    let analysis: Analysis
    let scope: Int?
    let options: DiagramOptions
    let roots: [Int]
    /// The deepest level drawn.
    var depth: Level
    /// The level drawn as one summary node per region of `depth`, when the guard collapsed one.
    var collapsed: Level?
    /// The regions drawn, in tree order.
    var drawn: [Int] = []
    var notes: [String] = []
    /// Organizations drawn in the "unattached" cluster: orphans of reasons 1–5, and (without a
    /// scope) those whose region the frame lacks.
    var unattached = Set<Int>()
    let blankByRegion: [Int: Coverage.BlankSpot]
    /// Active organizations per region, by id.
    let organizationsByRegion: [Int: [Int]]
    var diagram = Diagram(directed: true, graphAttributes: _Style.graph + [("rankdir", "LR"), ("compound", "true"), ("nodesep", "0.15"), ("ranksep", "0.6")],
                          nodeDefaults: _Style.nodes, edgeDefaults: _Style.edges)
    /// The cluster of each region drawn as one.
    var clusterOf: [Int: Int] = [:]
    var typesSeen = Set<OrganizationType>()

    /// Without a scope the whole frame down to districts; a district scope down to villages;
    /// then the deepest level collapsed while the diagram would exceed `maxNodes`.
    init(_ analysis: Analysis, scope: Int?, options: DiagramOptions) {
        self.analysis = analysis
        self.scope = scope
        self.options = options
        let regions = analysis.dataset.regions, orgs = analysis.dataset.organizations
        roots = scope.map { [$0] } ?? analysis.topRegions
        let rootLevel = roots.map { regions.levels[$0] }.min() ?? .country
        depth = max(options.depth ?? (rootLevel >= .district ? .village : .district), rootLevel)
        for o in analysis.orphans where o.kind == .organization {
            switch o.reason {
            case .cycle, .noParent, .unknownParent, .inactiveParent, .underOrphan: unattached.insert(o.row)
            default: break
            }
        }
        blankByRegion = Dictionary(uniqueKeysWithValues: analysis.coverage.blankSpots.map { ($0.region, $0) })
        var byRegion: [Int: [Int]] = [:]
        for o in orgs.ids.sortedByUTF8((0..<orgs.count).filter { analysis.activity.organizations[$0] }) {
            if let r = orgs.regions.target(o) { byRegion[r, default: []].append(o) }
        }
        organizationsByRegion = byRegion
        collapseWhileTooLarge(above: rootLevel)
    }

    /// The nodes regions in `drawn` would bring: their organizations and blank spots.
    private func nodeCount(_ drawn: [Int]) -> Int {
        drawn.reduce(0) { $0 + (organizationsByRegion[$1]?.count ?? 0) + (blankByRegion[$1] == nil ? 0 : 1) }
    }

    /// Draws down to `depth`, and while that is over `maxNodes`, one level less (not above
    /// `rootLevel`), noting each collapse.
    private mutating func collapseWhileTooLarge(above rootLevel: Level) {
        drawn = analysis.regionsBelow(roots, to: depth)
        while options.maxNodes > 0, nodeCount(drawn) > options.maxNodes, depth > rootLevel,
              let above = Level(rawValue: depth.rawValue - 1) {
            let before = nodeCount(drawn), level = depth
            collapsed = level
            depth = above
            drawn = analysis.regionsBelow(roots, to: depth)
            notes.append("\(before) nodes exceed --max-nodes \(options.maxNodes): the \(level.name) level is drawn as one summary node per \(depth.name)")
        }
    }

    /// Clusters for regions that hold something below them; organizations of the deepest level
    /// sit in their parent's cluster.
    mutating func addRegionClusters() {
        let regions = analysis.dataset.regions
        for r in drawn {
            guard regions.levels[r] < depth || collapsed != nil && regions.levels[r] == depth else { continue }
            let parentCluster = regions.parent(r).flatMap { clusterOf[$0] }
            let covered = blankByRegion[r] == nil
            clusterOf[r] = diagram.cluster([
                ("label", regions.names[r]), ("tooltip", regions.ids[r]), ("style", "rounded"),
                ("color", covered ? "#9aa7b4" : "#d62728"), ("fontcolor", "#333333"), ("labeljust", "l"),
            ], parent: parentCluster)
        }
    }

    /// The cluster a region's nodes go in: its own, else its parent's.
    private func home(_ r: Int) -> Int? {
        clusterOf[r] ?? analysis.dataset.regions.parent(r).flatMap { clusterOf[$0] }
    }

    /// Each drawn region's organizations (unattached ones in their own cluster) and its blank
    /// spot placeholder; without a scope, last, the organizations whose region the frame lacks.
    mutating func addOrganizationsAndPlaceholders() {
        let orgs = analysis.dataset.organizations
        let homeless = scope != nil ? [] : orgs.ids.sortedByUTF8((0..<orgs.count).filter {
            analysis.activity.organizations[$0] && orgs.regions.target($0) == nil
        })
        for o in homeless { unattached.insert(o) }
        var unattachedCluster: Int?
        for r in drawn.map(Optional.some) + (homeless.isEmpty ? [] : [nil]) {
            for o in r.map({ organizationsByRegion[$0] ?? [] }) ?? homeless {
                var cluster = r.flatMap(home)
                if unattached.contains(o) {
                    if unattachedCluster == nil {
                        unattachedCluster = diagram.cluster([("label", "未挂靠 unattached"), ("style", "dashed,rounded"), ("color", "#d62728")])
                    }
                    cluster = unattachedCluster
                }
                diagram.node("o\(o)", _Style.organization(analysis.dataset, o), cluster: cluster)
                typesSeen.insert(orgs.types[o])
            }
            if let r, let b = blankByRegion[r] { addPlaceholder(r, frontier: b.frontier) }
        }
    }

    /// A dashed node named after the uncovered region `r` (red when the blank spot is a frontier).
    private mutating func addPlaceholder(_ r: Int, frontier: Bool) {
        let regions = analysis.dataset.regions
        diagram.node("b\(r)", [
            ("label", "未覆盖 · \(regions.names[r])"), ("tooltip", "\(regions.ids[r]) · blank spot\(frontier ? " (frontier)" : "")"),
            ("style", "dashed,rounded"), ("fillcolor", "white"), ("color", frontier ? "#d62728" : "#999999"),
            ("fontcolor", frontier ? "#d62728" : "#777777"), ("penwidth", frontier ? "1.6" : "1"),
        ], cluster: home(r))
    }

    /// Collapsed level: one summary node per drawn region of the new deepest level.
    mutating func addSummaries() {
        guard let collapsed else { return }
        let regions = analysis.dataset.regions
        let counted = CoverageCounter(analysis)
        for r in drawn where regions.levels[r] == depth {
            let (covered, total, organizations) = counted.below(r, at: collapsed)
            guard total > 0 || organizations > 0 else { continue }
            diagram.node("s\(r)", [
                ("label", "\(total) \(_Style.levelWord(collapsed)) · \(covered) covered\n\(organizations) organizations"),
                ("tooltip", "\(regions.ids[r]): the \(collapsed.name) level, collapsed"),
                ("shape", "note"), ("style", "filled"), ("fillcolor", _Style.rateColor(total == 0 ? nil : Double(covered) / Double(total))),
            ], cluster: clusterOf[r])
        }
    }

    /// Parent links, as wide as the vertical linkage; weak attachments dashed.
    mutating func addParentLinks() {
        let orgs = analysis.dataset.organizations, linkage = analysis.linkage
        let vertical = Dictionary(uniqueKeysWithValues: linkage.organizations.map { ($0.organization, $0.vertical) })
        let strongest = max(linkage.organizations.compactMap(\.vertical).max() ?? 1, 1)
        for (i, o) in drawnRows(prefix: "o") {
            guard let p = orgs.parents.target(o), p != o, analysis.activity.organizations[p], let pi = diagram.node("o\(p)") else { continue }
            let v = vertical[o] ?? nil
            var attributes: [(String, String)] = [("tooltip", "vertical linkage \(v.map { String(format2: $0) } ?? "—")")]
            if let v, v > 0 {
                attributes.append(("penwidth", _Style.width(v, max: strongest)))
            } else {
                attributes += [("style", "dashed"), ("color", "#d62728")]
            }
            diagram.edge(pi, i, attributes)
        }
    }

    /// Placeholders hang from an association of the region above, when one is drawn.
    mutating func addPlaceholderLinks() {
        let orgs = analysis.dataset.organizations
        for (i, r) in drawnRows(prefix: "b") {
            guard let p = analysis.dataset.regions.parent(r),
                  let above = organizationsByRegion[p]?.first(where: { orgs.types[$0] == .association && !unattached.contains($0) }),
                  let ai = diagram.node("o\(above)") else { continue }
            diagram.edge(ai, i, [("style", "dotted"), ("arrowhead", "none"), ("color", "#999999")])
        }
    }

    /// The nodes whose key is `prefix` and a row (`o12`: organization 12, `b3`: the placeholder
    /// of region 3), as (node index, row), in the order they were added.
    private func drawnRows(prefix: Character) -> [(node: Int, row: Int)] {
        diagram.nodes.enumerated().compactMap { i, node in
            guard node.key.first == prefix, let row = Int(node.key.dropFirst()) else { return nil }
            return (i, row)
        }
    }

    /// The legend, and the engine: dot, or twopi above `_Budget.dotNodes` nodes.
    mutating func plan() -> DiagramPlan {
        let placeholders = drawnRows(prefix: "b").compactMap { blankByRegion[$0.row]?.frontier }
        analysis.addLegend(&diagram, types: OrganizationType.allCases.filter(typesSeen.contains),
                           frontier: placeholders.contains(true), blank: placeholders.contains(false), summary: collapsed != nil)
        let engine: LayoutEngine = diagram.nodes.count > _Budget.dotNodes ? .twopi : .dot
        let engineNote = engine == .dot ? nil : "\(diagram.nodes.count) nodes: laid out with twopi rather than dot"
        return DiagramPlan(diagram: diagram, engine: engine, notes: notes, engineNote: engineNote)
    }
}

/// Coverage counts below a region at a level, for summary nodes.
struct CoverageCounter {
    let analysis: Analysis
    /// Active organizations per region.
    private let organizationsIn: [Int32]

    init(_ analysis: Analysis) {
        self.analysis = analysis
        let d = analysis.dataset
        var counts = [Int32](repeating: 0, count: d.regions.count)
        for o in 0..<d.organizations.count where analysis.activity.organizations[o] {
            if let r = d.organizations.regions.target(o) { counts[r] += 1 }
        }
        organizationsIn = counts
    }

    /// (covered, total) of the counted regions of `level` under `region`, and the active
    /// organizations in regions of that level there.
    func below(_ region: Int, at level: Level) -> (covered: Int, total: Int, organizations: Int) {
        let d = analysis.dataset, c = analysis.coverage
        var covered = 0, total = 0, organizations = 0
        for r in analysis.regionsBelow([region], to: level) where d.regions.levels[r] == level {
            organizations += Int(organizationsIn[r])
            guard c.countedRegions[r] else { continue }
            total += 1
            if c.coveredRegions[r] { covered += 1 }
        }
        return (covered, total, organizations)
    }
}
