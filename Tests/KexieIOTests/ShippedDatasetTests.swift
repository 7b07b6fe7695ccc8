import Foundation
import Testing
import KexieIO
import KexieTestSupport

@Suite struct ShippedDatasetTests {
    @Test(arguments: ["sample", "tianjin", "china"])
    func loadsWithoutErrorsOrWarnings(_ name: String) throws {
        let outcome = LoadOutcome(Repository.dataset(name))
        #expect(outcome.failure == nil, "\(outcome.log.diagnostics)")
        // Only the warning about organizations founded after the dataset's as_of (kept to
        // analyse later dates; dataset.md version 2 warns about them).
        let others = outcome.log.diagnostics.filter { !$0.message.contains("is later than the as-of date") }
        #expect(others.isEmpty, "\(outcome.log.diagnostics)")
    }

    /// The Tianjin network is what its seeded script writes: regenerate it in a scratch folder
    /// and compare byte for byte.
    @Test func tianjinIsReproducibleFromItsScript() throws {
        let fm = FileManager.default
        let scratch = fm.temporaryDirectory.appendingPathComponent("kexie-tianjin-\(UUID().uuidString)")
        try fm.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? fm.removeItem(at: scratch) }
        let source = URL(fileURLWithPath: Repository.dataset("tianjin"))
        for f in ["generate.py", "regions.csv"] {
            try fm.copyItem(at: source.appendingPathComponent(f), to: scratch.appendingPathComponent(f))
        }
        let generate = try runBinary("/usr/bin/env", ["python3", scratch.appendingPathComponent("generate.py").path])
        #expect(generate.status == 0, "\(generate.stderr)")
        for table in ["organizations", "persons", "positions", "links", "institutions"] {
            let committed = try Data(contentsOf: source.appendingPathComponent("\(table).csv"))
            let regenerated = try Data(contentsOf: scratch.appendingPathComponent("\(table).csv"))
            #expect(committed == regenerated, "\(table).csv differs from what generate.py writes")
        }
    }
}
