import KexieAnalysis
import KexieModel

extension Analysis {
    /// A coverage picture of a scope (default: the top unit): one node per child region, filled
    /// on a red–yellow–green scale by the coverage rate of the level below it and labelled
    /// `name covered/total` (`南开区 12/12`). A child that is itself a blank spot has a dashed red
    /// outline; a child that missed a target of the plan has a double red outline and the
    /// target's name.
    ///
    /// - Complexity: O(regions in scope + targets).
    public func coverageDiagram(scope: Int? = nil, options: DiagramOptions = DiagramOptions()) -> DiagramPlan {
        let d = dataset, regions = d.regions
        let roots = scope.map { [$0] } ?? topRegions
        var diagram = Diagram(directed: true, graphAttributes: _Style.graph + [("rankdir", "LR"), ("nodesep", "0.08"), ("ranksep", "1.2")],
                              nodeDefaults: _Style.nodes + [("style", "filled")], edgeDefaults: _Style.edges + [("arrowhead", "none"), ("color", "#bbbbbb")])
        var notes: [String] = []
        let counter = CoverageCounter(self)
        var missed: [Int: [String]] = [:]
        for t in targets where t.status == .missed { missed[t.unit, default: []].append(d.rules.targets[t.target].name) }

        func label(_ r: Int) -> (text: String, rate: Double?) {
            guard let below = Level(rawValue: regions.levels[r].rawValue + 1) else { return (regions.names[r], nil) }
            let (covered, total, _) = counter.below(r, at: below)
            let rate = total == 0 ? nil : Double(covered) / Double(total)
            return ("\(regions.names[r]) \(covered)/\(total)\n\(_Style.levelWord(below)) \(_Style.percent(rate))", rate)
        }
        for root in roots {
            let (text, rate) = label(root)
            let rootNode = diagram.node("r\(root)", [("label", text), ("tooltip", regions.ids[root]), ("fillcolor", _Style.rateColor(rate)), ("fontsize", "12"), ("penwidth", "1.5")])
            var children = regions.ids.sortedByUTF8(dataset.regionChildren[root].map(Int.init))
            if options.maxNodes > 0, children.count > options.maxNodes {
                notes.append("\(children.count) child regions exceed --max-nodes \(options.maxNodes): the first \(options.maxNodes) by id are drawn")
                children = Array(children.prefix(options.maxNodes))
            }
            for c in children {
                let (text, rate) = label(c)
                var attributes: [(String, String)] = [("tooltip", regions.ids[c]), ("fillcolor", _Style.rateColor(rate))]
                var full = text
                if let names = missed[c] {
                    full += "\n✗ " + names.joined(separator: "\n✗ ")
                    attributes += [("peripheries", "2"), ("color", "#d62728"), ("penwidth", "1.4")]
                } else if !coverage.coveredRegions[c] && coverage.countedRegions[c] {
                    attributes += [("style", "filled,dashed"), ("color", "#d62728")]
                }
                let n = diagram.node("r\(c)", [("label", full)] + attributes)
                diagram.edge(rootNode, n)
            }
        }
        // Legend: the colour scale.
        let legend = diagram.cluster([("label", "覆盖率 coverage rate"), ("style", "rounded"), ("color", "#cccccc"), ("fontsize", "10")])
        for step in [0.0, 0.25, 0.5, 0.75, 1.0] {
            diagram.node("legend-\(step)", [("label", _Style.percent(step)), ("fillcolor", _Style.rateColor(step)), ("fontsize", "9"), ("width", "0.6")], cluster: legend)
        }
        diagram.node("legend-missed", [("label", "✗ target missed"), ("fillcolor", "white"), ("peripheries", "2"), ("color", "#d62728"), ("fontsize", "9")], cluster: legend)
        return DiagramPlan(diagram: diagram, engine: diagram.nodes.count > _Budget.dotNodes ? .twopi : .dot, notes: notes)
    }
}
