import Foundation
import Testing
import KexieAnalysis
import KexieIO
import KexieModel
import KexieTestSupport

/// Inputs kept under `Tests/Fixtures/fuzz/<target>/` in the fuzzers' own format — findings
/// (`crash-*`, `timeout-*`, `oom-*`) and a few inputs the fuzzers generated (`corpus-*`) —
/// loaded here through the normal loader into a copy of `datasets/sample` and, when they load,
/// analysed, as the fuzzers do: each must give a correct analysis or a clear data error, never a
/// crash.
@Suite struct FuzzRegressionTests {
    /// The files of the sample dataset, to overlay a finding on.
    static let sample: [String: String] = {
        let names = DatasetLoader.tableNames.map { "\($0).csv" } + ["rules.yaml", "dataset.yaml"]
        return Dictionary(uniqueKeysWithValues: names.map { name in
            (name, (try? String(contentsOfFile: "\(Repository.dataset("sample"))/\(name)", encoding: .utf8)) ?? "")
        })
    }()

    /// The findings of one fuzz target: (file name, bytes).
    static func findings(_ target: String) -> [(name: String, bytes: [UInt8])] {
        let folder = Repository.fixture("fuzz/\(target)")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        return names.filter { !$0.hasPrefix(".") }.sorted().compactMap { name in
            FileManager.default.contents(atPath: "\(folder)/\(name)").map { (name, Array($0)) }
        }
    }

    /// Loads the sample with `file` replaced by `bytes` (and `remove` deleted first), and
    /// analyses it when it loads.
    private func expectCleanOutcome(_ file: String, _ bytes: [UInt8], removing remove: String? = nil,
                                    _ finding: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let ds = try TemporaryDataset(Self.sample)
        if let remove { try ds.remove(remove) }
        try ds.write(file, bytes: bytes)
        let outcome = LoadOutcome(ds.path)
        guard let failure = outcome.failure else {
            let dataset = try #require(outcome.dataset)
            let analysis = Analysis(dataset, asOf: dataset.asOf ?? Day(year: 2020, month: 12, day: 31)!)
            #expect(analysis.activity.organizations.count == dataset.organizations.count, sourceLocation: sourceLocation)
            return
        }
        #expect(failure == .dataError, "\(finding) as \(file)", sourceLocation: sourceLocation)
        let errors = outcome.diagnostics(.error)
        #expect(!errors.isEmpty, "\(finding) as \(file)", sourceLocation: sourceLocation)
        for e in errors {
            #expect(e.file != nil && !e.message.isEmpty, "\(finding) as \(file): \(e)", sourceLocation: sourceLocation)
        }
    }

    @Test func thereAreFindingsToReplay() {
        #expect(!Self.findings("csv").isEmpty || !Self.findings("tables").isEmpty || !Self.findings("yaml").isEmpty)
    }

    /// FuzzCSV inputs are the bytes of one file: replayed as each table in turn.
    @Test(arguments: findings("csv").map(\.name))
    func csvFinding(_ name: String) throws {
        let bytes = try #require(Self.findings("csv").first { $0.name == name }).bytes
        for table in DatasetLoader.tableNames { try expectCleanOutcome("\(table).csv", bytes, name) }
    }

    /// FuzzTables inputs: the first byte picks the table (bits 0–2, modulo 6) and `.csv.gz`
    /// (bit 3); the rest is the file.
    @Test(arguments: findings("tables").map(\.name))
    func tableFinding(_ name: String) throws {
        let bytes = try #require(Self.findings("tables").first { $0.name == name }).bytes
        guard let selector = bytes.first else { return }
        let table = DatasetLoader.tableNames[Int(selector & 7) % DatasetLoader.tableNames.count]
        if selector & 8 != 0 {
            try expectCleanOutcome("\(table).csv.gz", Array(bytes.dropFirst()), removing: "\(table).csv", name)
        } else {
            try expectCleanOutcome("\(table).csv", Array(bytes.dropFirst()), name)
        }
    }

    /// FuzzYAML inputs: the first byte picks rules.yaml (even) or dataset.yaml (odd).
    @Test(arguments: findings("yaml").map(\.name))
    func yamlFinding(_ name: String) throws {
        let bytes = try #require(Self.findings("yaml").first { $0.name == name }).bytes
        guard let selector = bytes.first else { return }
        try expectCleanOutcome(selector & 1 == 0 ? "rules.yaml" : "dataset.yaml", Array(bytes.dropFirst()), name)
    }
}
