import Foundation
import Testing
import KexieTestSupport

/// kexie against an independent Python implementation of the analyses contract
/// (Tests/Oracle/reference_analyze.py) on random, deliberately messy datasets.
@Suite struct DifferentialTests {
    @Test func agreesWithTheReferenceOnRandomDatasets() throws {
        let run = try runBinary("/usr/bin/env", ["python3", Repository.root.appendingPathComponent("Tests/Oracle/differential.py").path,
                                                 "--seeds", "60", "--kexie", Repository.kexieBinary])
        let output = run.stdout + run.stderr
        #expect(run.status == 0, "\(output)")
        #expect(output.contains("60 of 60 seeds agree"), "\(output)")
    }

    /// Minimal datasets of bugs the oracle found, each checked to agree from now on.
    @Test func recordedCasesAgree() throws {
        let cases = Repository.root.appendingPathComponent("Tests/Oracle/cases")
        let names = try FileManager.default.contentsOfDirectory(atPath: cases.path).filter { !$0.hasPrefix(".") }.sorted()
        #expect(!names.isEmpty)
        for name in names {
            let folder = cases.appendingPathComponent(name).path
            let kexie = try runKexie(["analyze", folder, "--format", "json"])
            #expect(kexie.status == 0, "\(name): \(kexie.stderr)")
            let reference = try runBinary("/usr/bin/env", ["python3", Repository.root.appendingPathComponent("Tests/Oracle/reference_analyze.py").path, folder])
            #expect(reference.status == 0, "\(name): \(reference.stderr)")
            let expected = Data(reference.stdout.utf8)
            let a = try JSONSerialization.jsonObject(with: Data(kexie.stdout.utf8)) as? NSDictionary
            let b = try JSONSerialization.jsonObject(with: expected) as? NSDictionary
            #expect(a != nil && a == b, "\(name) differs from the reference")
        }
    }
}
