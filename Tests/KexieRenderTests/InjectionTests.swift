import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
import KexieAnalysis
import KexieModel
import KexieRender
import KexieTestSupport

/// Names reach Graphviz as attribute values only: every diagram parses as XML, shows each name
/// literally, and has exactly the nodes the diagram planned.
@Suite struct RenderInjectionTests {
    @Test func everyDiagramShowsHostileNamesLiterally() throws {
        let ds = try HostileNames.dataset()
        let d = try #require(LoadOutcome(ds.path).dataset)
        let a = Analysis(d, asOf: d.asOf!)
        let plans = [
            a.structureDiagram(scope: d.regions.ids.index(of: "D1")), a.coverageDiagram(scope: nil),
            a.linkageDiagram(scope: nil, persons: true), a.egoDiagram(center: .organization(d.organizations.ids.index(of: "A-D1")!), depth: 2),
        ]
        for plan in plans {
            let svg = try Graphviz.render(plan.diagram, engine: .dot, format: .svg)
            let doc = try XMLDocument(data: Data(svg))
            let nodes = try doc.nodes(forXPath: "//*[local-name()='g'][@class='node']")
            #expect(nodes.count == plan.diagram.nodes.count)
            let texts = try doc.nodes(forXPath: "//*[local-name()='text']").compactMap(\.stringValue)
            let shown = texts.joined(separator: "\n")
            for name in HostileNames.all where !name.contains("\n") && plan.diagram.nodes.contains(where: { $0.attributes.contains { $0.0 == "label" && $0.1.contains(name) } }) {
                #expect(shown.contains(name), "\(name) is not shown literally")
            }
            #expect(!String(decoding: svg, as: UTF8.self).contains("<script"))
            // Expanded escapes would show the node's name (n0, n1, …) or the graph's (kexie).
            #expect(!texts.contains { $0.first == "n" && Int($0.dropFirst()) != nil } && !shown.contains("kexie"))
        }
    }
}
