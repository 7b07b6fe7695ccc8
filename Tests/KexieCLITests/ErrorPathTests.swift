import Foundation
import Testing
import KexieTestSupport

/// The CLI's one error path: commands throw, `Kexie.main` tells stderr and picks the status.
@Suite struct ErrorPathTests {
    /// No command exits or picks a number itself: `ExitCode` appears only where failures become
    /// statuses (ExitStatus.swift) and where they are told (Kexie+Main.swift).
    @Test func onlyMainAndExitStatusMakeExitCodes() throws {
        let folder = Repository.root.appendingPathComponent("Sources/KexieCLI")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".swift") }
        #expect(files.contains("Kexie+Main.swift") && files.contains("ExitStatus.swift"))
        var offenders: [String] = []
        for file in files where !["Kexie+Main.swift", "ExitStatus.swift"].contains(file) {
            let text = try String(contentsOfFile: folder.appendingPathComponent(file).path, encoding: .utf8)
            for (i, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
            where line.contains("throw ExitCode") || line.contains("ExitCode(") {
                offenders.append("\(file):\(i + 1): \(line.trimmingCharacters(in: .whitespaces))")
            }
        }
        #expect(offenders.isEmpty, "\(offenders.joined(separator: "\n"))")
    }

    /// A usage mistake found in the data is one `kexie:` line (no usage text), status 64.
    @Test func lookupFailuresAreOneLineAndUsage() throws {
        let twice = try runKexie(["analyze", "datasets/sample", "./datasets/sample/"])
        #expect(twice.status == 64)
        #expect(twice.stderr == "kexie: the dataset ./datasets/sample/ is given twice (also as datasets/sample, the same folder); name each dataset once\n")
        let person = try runKexie(["whatif", "datasets/sample", "--remove-person", "nobody"])
        #expect(person.status == 64)
        #expect(person.stderr == shippedLoadWarning + "kexie: --remove-person \"nobody\": no person of datasets/sample has this id\n")
        let scope = try runKexie(["render", "ego", "datasets/sample", "--scope", "nobody"])
        #expect(scope.status == 64)
        #expect(scope.stderr == shippedLoadWarning + "kexie: --scope \"nobody\": no person or organization has this id or name\n")
    }

    /// Failures are told once, after the load's diagnostics; outcomes add nothing but their line.
    @Test func failuresAndOutcomesAreToldOnce() throws {
        let missing = try runKexie(["summary", "/nonexistent"])
        #expect(missing.status == 66)
        #expect(missing.stderr == "/nonexistent: error: cannot open the dataset folder: No such file or directory\nkexie: /nonexistent: 1 error; nothing was analysed\n")
        let unwritable = try runKexie(["analyze", "datasets/sample", "--format", "json", "--out", "/dev/null/x.json"])
        #expect(unwritable.status == 74)
        #expect(unwritable.stderr == shippedLoadWarning + "kexie: /dev/null/x.json: cannot write: Not a directory\n")
        let frame = try runKexie(["generate", "--frame", "/nonexistent/regions.csv", "--out", "/dev/null/g"])
        #expect(frame.status == 66)
        #expect(frame.stderr == "kexie: /nonexistent/regions.csv: no such file\n")
        let failOn = try runKexie(["orphans", "datasets/sample", "--format", "json", "--fail-on", "orphans"])
        #expect(failOn.status == 1)
        #expect(failOn.stderr == shippedLoadWarning + "kexie: findings of orphans (--fail-on)\n")
        #expect(!failOn.stdout.isEmpty)
        let invalid = try runKexie(["validate", "datasets/sample", "/nonexistent/dataset"])
        #expect(invalid.status == 66)
        #expect(invalid.stderr == "datasets/sample/organizations.csv:20:8: warning: \"founded\" 2021-03-01 is later than the as-of date 2020-12-31: a typo? (an organization does not count before it is founded)\n"
                + "/nonexistent/dataset: error: cannot open the dataset folder: No such file or directory\n")
    }
}
