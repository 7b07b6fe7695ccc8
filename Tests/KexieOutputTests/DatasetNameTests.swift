import Foundation
import Testing
import KexieAnalysis
import KexieModel
import KexieOutput
import KexieTestSupport

/// A dataset name made in code (or read from YAML) may hold controls; titles and the CSV
/// `dataset` column show them as escapes.
@Suite struct DatasetNameTests {
    private func analysis(name: String) throws -> Analysis {
        var b = DatasetBuilder()
        b.region("D1", .district)
        b.organization("A", .association, region: "D1", founded: "2000")
        var d = try b.load()
        d.name = name
        return Analysis(d, asOf: Day(parsing: "2020-12-31")!)
    }

    @Test func theDiffTitleSendsNoEscapeToTheTerminal() throws {
        let a = try analysis(name: "x\u{1B}]0;title\u{07}")
        let text = AnalysisDiff(from: a, to: a).textReport()
        #expect(!text.unicodeScalars.contains("\u{1B}") && !text.unicodeScalars.contains("\u{07}"))
        #expect(text.hasPrefix(#"x\u{1B}]0;title\u{7} as of"#))
    }

    @Test func theCSVDatasetColumnShowsControlsAsEscapes() throws {
        let a = try analysis(name: "x\u{1B}[31m")
        let csv = a.allTables().map { $0.csvLines(dataset: a.dataset.name) }.joined()
        #expect(!csv.isEmpty)
        #expect(!csv.unicodeScalars.contains("\u{1B}"))
        #expect(csv.contains(#"x\u{1B}[31m,"#))
    }
}
