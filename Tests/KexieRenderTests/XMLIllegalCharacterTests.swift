import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
import KexieAnalysis
import KexieModel
@testable import KexieRender
import KexieTestSupport

/// Names may hold characters XML 1.0 cannot carry (U+FFFE, U+FFFF; the C0 controls other than
/// tab and line breaks reach here only from a dataset made in code). Every SVG kexie writes or
/// has Graphviz write stays well-formed, and cairo (PDF, PNG) gets text it can draw.
@Suite struct XMLIllegalCharacterTests {
    static let hostile = "科协\u{FFFE}名\u{FFFF}称\u{01}\u{1B}"

    private func wellFormed(_ svg: [UInt8]) -> String? {
        let parser = XMLParser(data: Data(svg))
        return parser.parse() ? nil : "\(parser.parserError.map { "\($0)" } ?? "not well-formed")"
    }

    private func dataset() throws -> Dataset {
        var b = DatasetBuilder()
        b.region("D1", .district, name: "区\u{FFFE}\u{FFFF}")
        b.region("T1", .township, parent: "D1", kind: "town", name: "镇\u{FFFF}")
        b.organization("A", .association, region: "D1", founded: "2000", name: "区科协\u{FFFE}")
        b.organization("B", .association, region: "T1", parent: "A", founded: "2000", name: "镇科协\u{FFFF}")
        var d = try b.load()
        d.name = Self.hostile
        return d
    }

    @Test func structureAndCoverageSVGsAreWellFormed() throws {
        let d = try dataset()
        let analysis = Analysis(d, asOf: Day(parsing: "2020-12-31")!)
        for plan in [analysis.structureDiagram(scope: nil, options: DiagramOptions()), analysis.coverageDiagram(scope: nil, options: DiagramOptions())] {
            let svg = try Graphviz.render(plan.diagram, engine: plan.engine, format: .svg)
            #expect(wellFormed(svg) == nil, "\(wellFormed(svg) ?? "")")
            #expect(!svg.contains(0x01) && !svg.contains(0x1B))
            #expect(String(decoding: svg, as: UTF8.self).contains("\u{FFFD}"))
        }
    }

    @Test func thePDFIsDrawnWhole() throws {
        let d = try dataset()
        let plan = Analysis(d, asOf: Day(parsing: "2020-12-31")!).structureDiagram(scope: nil, options: DiagramOptions())
        // Before, cairo printed "cairo: out of memory" and the PDF held an empty page.
        let pdf = try Graphviz.render(plan.diagram, engine: plan.engine, format: .pdf)
        #expect(pdf.count > 8_000, "\(pdf.count) bytes")
    }

    @Test func aCairoFailureIsAnError() {
        // DOT text goes to Graphviz as it is (no replacement): cairo fails on U+FFFE, and that is
        // a render error, not a nearly empty PDF.
        #expect {
            _ = try Graphviz.render(dot: "digraph { a [label=\"x\u{FFFE}y\"] }", engine: .dot, format: .pdf)
        } throws: { error in
            guard case .render(let message) = error as? RenderError else { return false }
            return message.contains("cairo")
        }
    }

    @Test func theTrendChartIsWellFormed() {
        let dates = [Day(parsing: "2019-12-31")!, Day(parsing: "2020-12-31")!]
        let chart = TrendChart(title: Self.hostile, dates: dates, series: [TrendChart.Series(name: "a\u{FFFF}\u{02}\tb", values: [0.5, 1])])
        let svg = Array(chart.svg().utf8)
        #expect(wellFormed(svg) == nil, "\(wellFormed(svg) ?? "")")
        #expect(chart.svg().contains("科协\u{FFFD}名\u{FFFD}称\u{FFFD}\u{FFFD}"))
        #expect(chart.svg().contains("a\u{FFFD}\u{FFFD}\tb"))
    }

    @Test func trendLegendsAndTitlesAreCutAsTablesCutCells() {
        let long = String(repeating: "长", count: 5_000)
        let chart = TrendChart(title: long, dates: [Day(parsing: "2020-12-31")!], series: [TrendChart.Series(name: long, values: [0.5])])
        let svg = chart.svg()
        #expect(svg.utf8.count < 10_000, "\(svg.utf8.count) bytes")
        #expect(svg.contains(String(repeating: "长", count: TrendChart.maximumNameCharacters) + "…"))
        #expect(!svg.contains(String(repeating: "长", count: TrendChart.maximumNameCharacters + 1)))
    }

    @Test func engineNotesOnlyForTheEngineUsed() {
        let plan = DiagramPlan(diagram: Diagram(), engine: .twopi, notes: ["a"], engineNote: "2000 nodes: laid out with twopi rather than dot")
        #expect(plan.notes(layingOutWith: .twopi) == ["a", "2000 nodes: laid out with twopi rather than dot"])
        #expect(plan.notes(layingOutWith: .dot) == ["a"])
    }
}
