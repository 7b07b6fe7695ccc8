import KexieAnalysis
import KexieModel

/// The centre of an ego diagram.
public enum EgoCenter: Sendable, Equatable {
    /// A person, by row.
    case person(Int)
    /// An organization, by row.
    case organization(Int)
}

extension Analysis {
    /// The neighbourhood of one person or organization: persons and the organizations where
    /// they hold active positions (edges labelled with the role), parent links and active links
    /// between organizations, `depth` steps out from the centre (1 or 2). Laid out radially
    /// around the centre.
    public func egoDiagram(center: EgoCenter, depth: Int, options: DiagramOptions = DiagramOptions()) -> DiagramPlan {
        let d = dataset, orgs = d.organizations, positions = d.positions
        var notes: [String] = []
        var diagram = Diagram(directed: false, graphAttributes: _Style.graph + [("overlap", "false"), ("ranksep", "1.6")],
                              nodeDefaults: _Style.nodes, edgeDefaults: _Style.edges)
        func personNode(_ p: Int, center: Bool = false) -> Int {
            diagram.node("p\(p)", [("label", d.persons.names[p] + (d.persons.category(p).map { "\n" + (KnownVocabulary.categoryLabel($0) ?? $0) } ?? "")),
                                    ("tooltip", d.persons.ids[p]), ("shape", "ellipse"), ("style", "filled"),
                                    ("fillcolor", center ? "#ffe08a" : "#f4f4f4"), ("penwidth", center ? "2" : "1")])
        }
        func orgNode(_ o: Int, center: Bool = false) -> Int {
            diagram.node("o\(o)", _Style.organization(d, o, extra: center ? [("penwidth", "2.5")] : []))
        }
        var seenEdges = Set<String>()
        func edge(_ a: Int, _ b: Int, _ key: String, _ attributes: [(String, String)]) {
            guard seenEdges.insert(key).inserted else { return }
            diagram.edge(a, b, attributes)
        }
        // Breadth-first over persons and organizations.
        var frontier: [EgoCenter] = [center]
        var visited = Set<String>()
        switch center {
        case .person(let p): _ = personNode(p, center: true); visited.insert("p\(p)")
        case .organization(let o): _ = orgNode(o, center: true); visited.insert("o\(o)")
        }
        for _ in 0..<depth {
            var next: [EgoCenter] = []
            for item in frontier {
                switch item {
                case .person(let p):
                    let from = diagram.node("p\(p)")!
                    for pos in d.positionsByPerson[p] where activity.positions[Int(pos)] {
                        let o = positions.organizations.target(Int(pos))!
                        let n = orgNode(o)
                        edge(from, n, "pos\(pos)", [("label", positions.roles[Int(pos)].label), ("tooltip", positions.roles[Int(pos)].name)])
                        if visited.insert("o\(o)").inserted { next.append(.organization(o)) }
                    }
                case .organization(let o):
                    let from = diagram.node("o\(o)")!
                    for pos in d.positionsByOrganization[o] where activity.positions[Int(pos)] {
                        let p = positions.persons.target(Int(pos))!
                        let n = personNode(p)
                        edge(n, from, "pos\(pos)", [("label", positions.roles[Int(pos)].label), ("tooltip", positions.roles[Int(pos)].name)])
                        if visited.insert("p\(p)").inserted { next.append(.person(p)) }
                    }
                    var related: [(Int, String, [(String, String)])] = []
                    if let parent = orgs.parents.target(o), parent != o, activity.organizations[parent] {
                        related.append((parent, "parent\(o)", [("style", "bold"), ("color", "#2f5d8a"), ("tooltip", "parent")]))
                    }
                    for child in d.organizationChildren[o].map(Int.init) where activity.organizations[child] && child != o {
                        related.append((child, "parent\(child)", [("style", "bold"), ("color", "#2f5d8a"), ("tooltip", "parent")]))
                    }
                    for l in 0..<d.links.count where activity.links[l] {
                        let a = d.links.from.target(l)!, b = d.links.to.target(l)!
                        guard a != b, a == o || b == o else { continue }
                        related.append((a == o ? b : a, "link\(l)", [("style", "dashed"), ("label", d.links.kinds[l].label), ("color", "#7d4f72")]))
                    }
                    for (other, key, attributes) in related {
                        let n = orgNode(other)
                        edge(from, n, key, attributes)
                        if visited.insert("o\(other)").inserted { next.append(.organization(other)) }
                    }
                }
                if options.maxNodes > 0, diagram.nodes.count > options.maxNodes {
                    notes.append("the neighbourhood passes --max-nodes \(options.maxNodes) nodes: it is cut there")
                    break
                }
            }
            frontier = next
            if options.maxNodes > 0, diagram.nodes.count > options.maxNodes { break }
        }
        diagram.graphAttributes.append(("root", "n0"))
        return DiagramPlan(diagram: diagram, engine: .twopi, notes: notes)
    }
}
