import Foundation
import Testing
import KexieAnalysis
import KexieModel
import KexieReport
import KexieTestSupport

/// The dataset's name (from dataset.yaml or code, not a checked table cell) and long or
/// link-like names in headings, in every report format.
@Suite struct ReportNameTests {
    private func report(name: String, districtName: String = "青林区") throws -> ReportDocument {
        var b = DatasetBuilder()
        b.region("D1", .district, name: districtName)
        b.region("T1", .township, parent: "D1", kind: "town")
        b.organization("A", .association, region: "D1", founded: "2000")
        var d = try b.load()
        d.name = name
        return try Analysis(d, asOf: Day(parsing: "2020-12-31")!).report(ReportOptions(command: "kexie report x --out .", contentHash: "0"))
    }

    @Test func controlsInTheDatasetNameAreShownAsEscapes() throws {
        let doc = try report(name: "网络\u{1B}[31m红\u{07}")
        for (format, text) in [("md", doc.markdown()), ("html", doc.html()), ("ipynb", doc.notebook())] {
            #expect(!text.unicodeScalars.contains("\u{1B}") && !text.unicodeScalars.contains("\u{07}"), "\(format)")
        }
        #expect(doc.html().contains(#"网络\u{1B}[31m红\u{7}"#))
    }

    @Test func aBareURLIsNoLinkInMarkdown() throws {
        let md = try report(name: "https://evil.example/x", districtName: "www.evil.example").markdown()
        #expect(!md.contains("https://evil") && !md.contains("www.evil"))
        #expect(md.contains(#"https\://evil.example/x"#) && md.contains(#"www\.evil.example"#))
    }

    @Test func longNamesInHeadingsAreCut() throws {
        let long = String(repeating: "长", count: 5_000)
        let doc = try report(name: long, districtName: long)
        let md = doc.markdown(), html = doc.html()
        // Headings, the title and figure captions; a command in a code span keeps the name whole.
        for line in md.split(separator: "\n") where line.hasPrefix("#") || line.hasPrefix("![") {
            #expect(line.unicodeScalars.count < 1_100, "\(line.prefix(40))…")
        }
        for line in html.split(separator: "\n") where ["<h", "<title>", "<figcaption>", "<li><a"].contains(where: { line.contains($0) }) && line.contains("长") {
            #expect(line.unicodeScalars.count < 1_100, "\(line.prefix(40))…")
        }
        #expect(md.contains(String(repeating: "长", count: 100) + "…"))
    }
}
