import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
import KexieAnalysis
import KexieModel
import KexieRender
import KexieTestSupport

/// The `<g class="node">` elements of an SVG and their text.
private func svgNodes(_ bytes: [UInt8]) throws -> [(title: String, text: String)] {
    let doc = try XMLDocument(data: Data(bytes))
    let nodes = try doc.nodes(forXPath: "//*[local-name()='g'][@class='node']")
    return nodes.map { node in
        let element = node as! XMLElement
        let title = element.elements(forName: "title").first?.stringValue ?? ""
        let text = (try? element.nodes(forXPath: ".//*[local-name()='text']"))?.compactMap(\.stringValue).joined(separator: "\n") ?? ""
        return (title, text)
    }
}

private func analysis(_ name: String) throws -> Analysis {
    let d = try #require(LoadOutcome(Repository.dataset(name)).dataset)
    return Analysis(d, asOf: d.asOf!)
}

@Suite struct RenderTests {
    @Test func sampleStructureHasEveryOrganizationPlaceholderAndLegend() throws {
        let a = try analysis("sample")
        let plan = a.structureDiagram()
        let svg = try Graphviz.render(plan.diagram, engine: plan.engine, format: .svg)
        let nodes = try svgNodes(svg)
        // 28 active organizations, 4 blank spots, and a legend entry per type drawn and per placeholder style.
        let organizations = nodes.filter { !$0.text.hasPrefix("未覆盖") && !$0.title.isEmpty }
        #expect(nodes.count == plan.diagram.nodes.count)
        #expect(plan.diagram.nodes.filter { $0.key.hasPrefix("o") }.count == 28)
        let placeholders = nodes.filter { $0.text.hasPrefix("未覆盖 · ") }.map(\.text).sorted()
        #expect(placeholders == ["未覆盖 · 南湖村", "未覆盖 · 南湖镇", "未覆盖 · 松岭村", "未覆盖 · 河湾村"])
        #expect(nodes.contains { $0.text == "科协 association" })
        #expect(nodes.contains { $0.text == "未覆盖 frontier blank spot" })
        #expect(organizations.contains { $0.text == "青林区科学技术协会" })
        let text = String(decoding: svg, as: UTF8.self)
        #expect(text.contains("图例 legend") && text.contains("未挂靠 unattached"))
        #expect(text.contains("WenQuanYi Micro Hei"))
    }

    @Test func edgeWidthsFollowVerticalLinkage() throws {
        let a = try analysis("sample")
        let plan = a.structureDiagram()
        let vertical = Dictionary(uniqueKeysWithValues: a.linkage.organizations.map { ($0.organization, $0.vertical) })
        var widths: [(Double, Double)] = []
        for e in plan.diagram.edges {
            let child = plan.diagram.nodes[e.to].key
            guard child.hasPrefix("o"), let v = vertical[Int(child.dropFirst())!] ?? nil, v > 0,
                  let w = e.attributes.first(where: { $0.0 == "penwidth" }).flatMap({ Double($0.1) }) else { continue }
            widths.append((v, w))
        }
        #expect(widths.count > 5)
        for x in widths { for y in widths where x.0 < y.0 { #expect(x.1 <= y.1) } }
        // Weak attachments are dashed red, not widened.
        let weak = plan.diagram.edges.filter { $0.attributes.contains { $0 == ("style", "dashed") } }
        #expect(weak.count == a.linkage.weakAttachments.count)
    }

    @Test func pngAndPDFAreRealImages() throws {
        let plan = try analysis("sample").coverageDiagram()
        let png = try Graphviz.render(plan.diagram, engine: .dot, format: .png)
        #expect(png.starts(with: [0x89, 0x50, 0x4E, 0x47]) && png.count > 10_000)
        let pdf = try Graphviz.render(plan.diagram, engine: .dot, format: .pdf)
        #expect(pdf.starts(with: Array("%PDF".utf8)) && pdf.count > 5_000)
    }

    /// fonts-wqy-microhei, which `make deps` installs, covers Chinese (fontconfig's `:lang=zh`).
    @Test func fontconfigFindsTheChineseFontTheMakefileInstalls() {
        #expect(Graphviz.hasChineseFont())
    }

    @Test func aFailedCgraphObjectIsNamedInTheError() {
        let error = RenderError.build("node n12", message: "memory allocation failure")
        #expect(error.description == "Graphviz could not create node n12 of the diagram: memory allocation failure")
    }

    @Test func coverageShowsEveryDistrictOfTianjinWithItsRate() throws {
        let plan = try analysis("tianjin").coverageDiagram()
        let svg = try Graphviz.render(plan.diagram, engine: plan.engine, format: .svg)
        let nodes = try svgNodes(svg)
        let districts = nodes.filter { $0.text.contains("区 ") && $0.text.contains("乡镇街道") }
        #expect(districts.count == 16)
        #expect(nodes.contains { $0.text.hasPrefix("南开区 12/12") })
        #expect(nodes.contains { $0.text.contains("✗ 2020: full coverage of townships") })
    }

    @Test func hostileNamesRenderLiterallyAndAddNoNode() throws {
        let hostile = #"a"]; x [label="pwn \N \G \l <b>&amp; "# + "\nline"
        let ds = try TemporaryDataset(replacing: [
            "organizations.csv": "id,name,type,region,parent\nA-D1,\"\(hostile.replacingOccurrences(of: "\"", with: "\"\""))\",association,D1,\nA-T1,x,association,T1,A-D1\n",
        ])
        let d = try #require(LoadOutcome(ds.path).dataset)
        let plan = Analysis(d, asOf: Day(parsing: "2020-12-31")!).structureDiagram(scope: d.regions.ids.index(of: "D1"))
        let svg = try Graphviz.render(plan.diagram, engine: .dot, format: .svg)
        let nodes = try svgNodes(svg)
        #expect(nodes.count == plan.diagram.nodes.count)
        #expect(nodes.contains { $0.text == #"a"]; x [label="pwn \N \G \l <b>&amp; "# + "\nline" })
        #expect(!String(decoding: svg, as: UTF8.self).contains("<b>"))
        let dot = String(decoding: try Graphviz.render(plan.diagram, engine: .dot, format: .dot), as: UTF8.self)
        #expect(!dot.contains("label=\"pwn"))
    }

    @Test func theGuardCollapsesTheWholeTianjinFrameAtVillageDepth() throws {
        let a = try analysis("tianjin")
        let plan = a.structureDiagram(options: DiagramOptions(maxNodes: 2000, depth: .village))
        #expect(plan.diagram.nodes.count <= 2000 + 40)  // the summary nodes and the legend
        #expect(plan.notes.first?.contains("the village level is drawn as one summary node per township") == true)
        #expect(plan.diagram.nodes.contains { $0.key.hasPrefix("s") })
        let svg = try Graphviz.render(plan.diagram, engine: plan.engine, format: .svg)
        #expect(svg.count > 100_000)
    }

    @Test func outputIsDeterministic() throws {
        let a = try analysis("sample")
        let first = try Graphviz.render(a.structureDiagram().diagram, engine: .dot, format: .svg)
        let second = try Graphviz.render(a.structureDiagram().diagram, engine: .dot, format: .svg)
        #expect(first == second)
    }

    @Test func concurrentRendersDoNotCrash() async throws {
        let a = try analysis("sample")
        let plans = [a.structureDiagram(), a.coverageDiagram(), a.linkageDiagram(persons: true)]
        let sizes = try await withThrowingTaskGroup(of: Int.self) { group in
            for i in 0..<24 {
                let plan = plans[i % plans.count]
                group.addTask { try Graphviz.render(plan.diagram, engine: plan.engine, format: .svg).count }
            }
            return try await group.reduce(into: [Int]()) { $0.append($1) }
        }
        #expect(sizes.count == 24 && sizes.allSatisfy { $0 > 1000 })
    }

    @Test func egoOfAPersonShowsTheirOrganizationsAndRoles() throws {
        let a = try analysis("sample")
        let p17 = try #require(a.dataset.persons.ids.index(of: "P17"))
        let plan = a.egoDiagram(center: .person(p17), depth: 1)
        let organizations = plan.diagram.nodes.filter { $0.key.hasPrefix("o") }
        let held = Set(a.dataset.positionsByPerson[p17].filter { a.activity.positions[Int($0)] }
            .compactMap { a.dataset.positions.organizations.target(Int($0)) })
        #expect(organizations.count == held.count)
        #expect(plan.diagram.edges.count == a.dataset.positionsByPerson[p17].filter { a.activity.positions[Int($0)] }.count)
        let svg = try Graphviz.render(plan.diagram, engine: plan.engine, format: .svg)
        #expect(try svgNodes(svg).count == plan.diagram.nodes.count)
    }

    @Test func linkageDrawsPairsAsWideAsTheirStrength() throws {
        let a = try analysis("sample")
        let plan = a.linkageDiagram()
        let associations = plan.diagram.nodes.filter { $0.key.hasPrefix("o") }
        #expect(associations.count == a.linkage.organizations.filter { a.dataset.organizations.types[$0.organization] == .association }.count)
        let pairEdges = plan.diagram.edges.filter { $0.attributes.contains { $0.0 == "tooltip" && $0.1.hasPrefix("link ") } }
        let widths = pairEdges.map { e -> (Double, Double) in
            let s = Double(e.attributes.first { $0.0 == "tooltip" }!.1.dropFirst(5))!
            let w = Double(e.attributes.first { $0.0 == "penwidth" }!.1)!
            return (s, w)
        }
        #expect(!widths.isEmpty)
        for x in widths { for y in widths where x.0 < y.0 { #expect(x.1 <= y.1) } }
    }
}
