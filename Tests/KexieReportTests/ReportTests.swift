import Foundation
import Testing
import KexieAnalysis
import KexieModel
import KexieReport
import KexieTestSupport

@Suite struct ReportTests {
    private func report(_ ds: String, asOf: String? = nil) throws -> (ReportDocument, Analysis) {
        let d = try #require(LoadOutcome(ds).dataset)
        let a = Analysis(d, asOf: asOf.flatMap(Day.init(parsing:)) ?? d.asOf!)
        return (try a.report(ReportOptions(command: "kexie report x --out .", contentHash: "0")), a)
    }

    @Test func namesAreDataNeverMarkup() throws {
        let ds = try TemporaryDataset(replacing: [
            "organizations.csv": """
                id,name,type,region,parent
                A-D1,<script>alert(1)</script>,association,D1,
                A-T1,"a | b *c* [x](y) <img src=x> & `z`",association,T1,A-D1

                """,
            "regions.csv": "id,name,level,parent\nD1,<b>区</b>,district,\nT1,东街道,township,D1\nT2,西镇,township,D1\n",
        ])
        let (doc, _) = try report(ds.path, asOf: "2020-12-31")
        let html = doc.html()
        #expect(!html.contains("<script>alert(1)</script>"))
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(!html.contains("<b>区</b>") && !html.contains("<img src=x>"))
        #expect(!html.contains("<script"))  // no scripts at all
        let md = doc.markdown()
        #expect(!md.contains("<script>") && !md.contains("<img src=x>"))
        #expect(md.contains("a \\| b \\*c\\* \\[x\\](y) &lt;img src=x&gt; &amp; \\`z\\`"))
        let notebook = doc.notebook()
        let json = try JSONSerialization.jsonObject(with: Data(notebook.utf8)) as? [String: Any]
        #expect(json?["nbformat"] as? Int == 4)
        #expect(!notebook.contains("<script>alert"))
    }

    @Test func numbersComeFromTheAnalysis() throws {
        let (doc, a) = try report(Repository.dataset("sample"))
        let md = doc.markdown()
        #expect(md.contains("| township | 3 | 4 | 75.0% |"))
        #expect(md.contains("\(a.coverage.blankSpots.count) blank spots, \(a.coverage.blankSpots.filter(\.frontier).count) on the frontier"))
        #expect(md.contains("\(a.orphans.count) orphan findings"))
        #expect(doc.figures.map(\.name) == ["coverage.svg", "trend-levels.svg", "trend-districts.svg", "structure-1-D.svg"])
        #expect(md.contains("![Coverage: each region filled by the rate of the level below it](figures/coverage.svg)"))
    }

    @Test func theReportRepeatsToTheByte() throws {
        let (first, _) = try report(Repository.dataset("sample"))
        let (second, _) = try report(Repository.dataset("sample"))
        #expect(first.html() == second.html())
        #expect(first.notebook() == second.notebook())
        #expect(first.markdown() == second.markdown())
    }
}
