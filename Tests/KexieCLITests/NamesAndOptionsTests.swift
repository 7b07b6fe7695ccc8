import Foundation
import Testing
import KexieTestSupport

/// Dataset names in titles and dataset columns, option values that are wrong, and what
/// `generate` and `render` promise about their outputs.
@Suite struct NamesAndOptionsTests {
    private func scratch() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("kexie-names-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    private func copySample(to path: String) throws {
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: Repository.dataset("sample"), toPath: path)
    }

    @Test func twoFoldersOfOneNameKeepTheirRowsApart() throws {
        let root = try scratch()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let a = "\(root)/a/data", b = "\(root)/b/data"
        try copySample(to: a)
        try copySample(to: b)
        let jsonl = try runKexie(["analyze", a, b, "--format", "jsonl", "--as-of", "2020-12-31"])
        #expect(jsonl.status == 0, "\(jsonl.stderr)")
        let names = Set(jsonl.stdout.split(separator: "\n").compactMap { line in
            (try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])?["dataset"] as? String
        })
        #expect(names == [a, b])
        let csv = try runKexie(["gaps", a, b, "--format", "csv", "--out", "\(root)/csv"])
        #expect(csv.status == 0, "\(csv.stderr)")
        let blank = try String(contentsOfFile: "\(root)/csv/blank_spots.csv", encoding: .utf8)
        #expect(blank.contains("\n\(a),") && blank.contains("\n\(b),"))
        // Names that differ stay names.
        let one = try runKexie(["analyze", a, "datasets/tianjin", "--format", "jsonl"])
        #expect(one.stdout.contains(#"{"dataset":"sample","#))
    }

    @Test func negativeNumbersSayWhatIsWrong() throws {
        for (arguments, words) in [
            (["gaps", "datasets/sample", "--top", "-5"], "--top must be at least 1"),
            (["whatif", "datasets/sample", "--rank-persons", "--top", "-5"], "--top must be at least 1"),
            (["generate", "--frame", "datasets/sample/regions.csv", "--out", "/nonexistent/x", "--seed", "-5"], "--seed is a whole number from 0"),
            (["generate", "--frame", "datasets/sample/regions.csv", "--out", "/nonexistent/x", "--anomalies", "-0.5"], "--anomalies is a share between 0 and 1"),
        ] {
            let r = try runKexie(arguments)
            #expect(r.status == 64, "\(arguments)")
            #expect(r.stderr.contains(words), "\(arguments): \(r.stderr)")
        }
    }

    @Test func generateRefusesAnAsOfWhoseTermsWouldPassTheLastDay() throws {
        let root = try scratch()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let late = try runKexie(["generate", "--frame", "datasets/sample/regions.csv", "--out", "\(root)/g", "--as-of", "9999-12-31", "--quiet"])
        #expect(late.status == 64 && late.stderr.contains("9999-10-02"), "\(late.stderr)")
        let latest = try runKexie(["generate", "--frame", "datasets/sample/regions.csv", "--out", "\(root)/g", "--as-of", "9999-10-02", "--quiet"])
        #expect(latest.status == 0, "\(latest.stderr)")
        let validate = try runKexie(["validate", "\(root)/g"])
        #expect(validate.status == 0, "\(validate.stderr)")
    }

    @Test func generateReplacesGzippedTablesOfTheFolder() throws {
        let root = try scratch()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let out = "\(root)/g"
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        for table in ["positions", "persons", "links"] { try Data([0x1F, 0x8B]).write(to: URL(fileURLWithPath: "\(out)/\(table).csv.gz")) }
        let r = try runKexie(["generate", "--frame", "datasets/sample/regions.csv", "--out", out, "--quiet"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(!(try FileManager.default.contentsOfDirectory(atPath: out)).contains { $0.hasSuffix(".csv.gz") })
        #expect(try runKexie(["validate", out]).status == 0)
    }

    @Test func titlesSendNoEscapeToTheTerminal() throws {
        let root = try scratch()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let d = "\(root)/d"
        try copySample(to: d)
        try Data("name: \"x\\e[31my\\e]0;t\\a\"\nas_of: 2020-12-31\n".utf8).write(to: URL(fileURLWithPath: "\(d)/dataset.yaml"))
        for arguments in [
            ["gaps", d], ["orphans", d], ["linkage", d], ["trend", d, "--step", "year"], ["whatif", d, "--rank-persons"],
            ["diff", d, "--from", "2019-12-31", "--to", "2020-12-31"],
        ] {
            let r = try runKexie(arguments + ["--format", "table"])
            // A control character in YAML text may be refused as data; printed, it is escaped.
            #expect(r.status == 0 || r.status == 65, "\(arguments): \(r.stderr)")
            #expect(!r.stdout.unicodeScalars.contains("\u{1B}") && !r.stderr.unicodeScalars.contains("\u{1B}"), "\(arguments)")
            if r.status == 0 { #expect(r.stdout.contains(#"x\u{1B}[31my"#), "\(arguments)") }
        }
    }

    @Test func aPDFOfNamesWithXMLIllegalCharactersIsWhole() throws {
        let root = try scratch()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let pdf = "\(root)/s.pdf"
        let r = try runKexie(["render", "structure", Repository.root.appendingPathComponent("Tests/Corpus/xml-illegal-characters").path, "-o", pdf])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(!r.stderr.contains("cairo"), "\(r.stderr)")
        let bytes = try Data(contentsOf: URL(fileURLWithPath: pdf))
        #expect(bytes.count > 8_000, "\(bytes.count) bytes")
    }

    @Test func aChosenEngineIsNotReportedAsTwopi() throws {
        let arguments = ["render", "structure", "datasets/tianjin", "--depth", "village", "--max-nodes", "0", "--format", "dot"]
        let chosen = try runKexie(arguments)
        #expect(chosen.status == 0 && chosen.stderr.contains("laid out with twopi rather than dot"), "\(chosen.stderr)")
        let dot = try runKexie(arguments + ["--engine", "dot"])
        #expect(dot.status == 0, "\(dot.stderr)")
        #expect(!dot.stderr.contains("twopi"), "\(dot.stderr)")
    }
}
