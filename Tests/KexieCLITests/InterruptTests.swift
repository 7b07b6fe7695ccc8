import Foundation
import Testing
import KexieTestSupport

/// SIGINT and SIGTERM in the middle of a run: the temporary files are removed, the exit status
/// is 130 or 143, and every output file is either the old one, byte for byte, or the complete
/// new one — never half-written.
@Suite(.serialized) struct InterruptTests {
    /// Every regular file under `folder`, by relative path.
    private func snapshot(_ folder: String) -> [String: Data] {
        var files: [String: Data] = [:]
        let fm = FileManager.default
        for path in (fm.subpaths(atPath: folder) ?? []) {
            var isFolder: ObjCBool = false
            if fm.fileExists(atPath: "\(folder)/\(path)", isDirectory: &isFolder), !isFolder.boolValue {
                files[path] = fm.contents(atPath: "\(folder)/\(path)")
            }
        }
        return files
    }

    private func restore(_ folder: String, to files: [String: Data]) throws {
        try? FileManager.default.removeItem(atPath: folder)
        for (path, data) in files {
            let url = URL(fileURLWithPath: "\(folder)/\(path)")
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try data.write(to: url)
        }
    }

    private func temporaryFolder(_ name: String) -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("kexie-\(name)-\(UUID().uuidString)").path
    }

    /// Starts `kexie arguments` from the repository root, its output discarded.
    private func start(_ arguments: [String]) throws -> ChildProcess {
        try ChildProcess(Repository.kexieBinary, arguments, in: Repository.root.path, output: .discarded)
    }

    /// Starts `kexie arguments`, sends `signal` after `delay` seconds, and returns the exit status
    /// (and whether the process still ended by a signal, which it must not).
    private func interrupted(_ arguments: [String], after delay: Double, signal: Int32) throws -> (status: Int32, bySignal: Bool) {
        let process = try start(arguments)
        Thread.sleep(forTimeInterval: delay)
        process.send(signal)
        let result = process.wait()
        return (result.status, result.signalled)
    }

    /// Starts `kexie arguments` and sends `signal` the moment a temporary file (or a report's
    /// new folder) appears in `folder`, that is while an output there is being written. Returns the exit
    /// status, whether it ended by a signal, and whether a temporary file was seen.
    private func interruptedWhileWriting(_ arguments: [String], folder: String, signal: Int32) throws -> (status: Int32, bySignal: Bool, seen: Bool) {
        let process = try start(arguments)
        var seen = false
        while process.isRunning && !seen {
            if let names = try? FileManager.default.contentsOfDirectory(atPath: folder), names.contains(where: { $0.contains(".kexie-") }) { seen = true }
            if !seen { usleep(200) }
        }
        if seen { process.send(signal) }
        let result = process.wait()
        return (result.status, result.signalled, seen)
    }

    /// Delays spread over a run of `seconds`, denser towards its end where the files are written.
    private func delays(over seconds: Double) -> [Double] {
        [0.05, 0.5, 0.9, 0.97].map { max(0.02, $0 * seconds) }
    }

    /// Checks an interrupted run's folder: no temporary file, and each file old or new in full.
    private func check(_ folder: String, old: [String: Data], new: [String: Data], delay: Double) -> Int {
        let now = snapshot(folder)
        let leftovers = now.keys.filter { $0.contains(".kexie-") }
        #expect(leftovers.isEmpty, "after \(delay) s: temporary files remain: \(leftovers)")
        var replaced = 0
        for (path, data) in now where !path.contains(".kexie-") {
            let isOld = old[path] == data, isNew = new[path] == data
            #expect(isOld || isNew, "after \(delay) s: \(path) is neither the old file nor the complete new one")
            if isNew && !isOld { replaced += 1 }
        }
        for path in old.keys { #expect(now[path] != nil, "after \(delay) s: \(path) was removed") }
        return replaced
    }

    /// Checks an interrupted report: the folder is the old report or the new one, whole (it
    /// is swapped in at the end), and nothing is left beside it in `parent`. Returns whether it
    /// is the new one.
    private func checkReport(_ out: String, parent: String, old: [String: Data], new: [String: Data], delay: Double) -> Bool {
        let now = snapshot(out)
        let leftovers = (FileManager.default.subpaths(atPath: parent) ?? []).filter { $0.contains(".kexie-") }
        #expect(leftovers.isEmpty, "after \(delay) s: temporary files remain: \(leftovers)")
        #expect(now == old || now == new, "after \(delay) s: the report folder mixes runs: \(now.keys.filter { now[$0] != old[$0] }.sorted().prefix(5)) differ from the old report")
        return now == new && now != old
    }

    @Test func sigintDuringAReportLeavesTheOldReportOrTheWholeNewOne() throws {
        let old = temporaryFolder("report-old"), reference = temporaryFolder("report-new"), parent = temporaryFolder("report-out")
        let out = "\(parent)/report"
        defer { for f in [old, reference, parent] { try? FileManager.default.removeItem(atPath: f) } }
        #expect(try runKexie(["report", "datasets/tianjin", "--out", old, "--quiet", "--as-of", "2019-06-30"], timeout: 300).status == 0)
        let newArguments = ["report", "datasets/tianjin", "--quiet", "--as-of", "2020-12-31"]
        let full = try runKexie(newArguments + ["--out", reference], timeout: 300)
        #expect(full.status == 0)
        let oldFiles = snapshot(old), newFiles = snapshot(reference)
        #expect(oldFiles["report.html"] != newFiles["report.html"])

        var interruptedRuns = 0
        for delay in delays(over: full.seconds) {
            try restore(out, to: oldFiles)
            let r = try interrupted(newArguments + ["--out", out], after: delay, signal: SIGINT)
            #expect(!r.bySignal && [0, 130].contains(r.status), "after \(delay) s: status \(r.status)")
            if r.status == 130 { interruptedRuns += 1 }
            let replaced = checkReport(out, parent: parent, old: oldFiles, new: newFiles, delay: delay)
            #expect(replaced == (r.status == 0), "after \(delay) s: status \(r.status) but the report is \(replaced ? "new" : "old")")
        }
        #expect(interruptedRuns > 0, "no SIGINT arrived before the report was complete")

        // And right while the new folder is filled beside the old one: the old report stays whole.
        var landedMidWrite = false
        for attempt in 1...3 where !landedMidWrite {
            try restore(out, to: oldFiles)
            let r = try interruptedWhileWriting(newArguments + ["--out", out], folder: parent, signal: SIGINT)
            #expect(!r.bySignal && [0, 130].contains(r.status), "attempt \(attempt): status \(r.status)")
            let replaced = checkReport(out, parent: parent, old: oldFiles, new: newFiles, delay: -Double(attempt))
            if r.seen && r.status == 130 && !replaced { landedMidWrite = true }
        }
        #expect(landedMidWrite, "no SIGINT arrived while the new report was being written")
        print("InterruptTests: report interrupted \(interruptedRuns + (landedMidWrite ? 1 : 0)) times")
    }

    @Test func sigtermDuringAnalyzeOutLeavesTheOldFileOrTheWholeNewOne() throws {
        let folder = temporaryFolder("analyze")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let old: [String: Data] = ["analysis.json": Data("{\"previous\": true}\n".utf8)]
        try restore(folder, to: old)
        let arguments = ["analyze", "datasets/tianjin", "--format", "json", "--as-of", "2020-12-31"]
        let full = try runKexie(arguments, timeout: 300)
        #expect(full.status == 0)
        let new: [String: Data] = ["analysis.json": Data(full.stdout.utf8)]

        var interruptedRuns = 0
        for delay in delays(over: full.seconds) {
            try restore(folder, to: old)
            let r = try interrupted(arguments + ["--out", "\(folder)/analysis.json"], after: delay, signal: SIGTERM)
            #expect(!r.bySignal && [0, 143].contains(r.status), "after \(delay) s: status \(r.status)")
            if r.status == 143 { interruptedRuns += 1 }
            _ = check(folder, old: old, new: new, delay: delay)
        }
        #expect(interruptedRuns > 0, "no SIGTERM arrived before the analysis was written")
        try restore(folder, to: old)
        let r = try interruptedWhileWriting(arguments + ["--out", "\(folder)/analysis.json"], folder: folder, signal: SIGTERM)
        #expect(!r.bySignal && [0, 143].contains(r.status), "while writing: status \(r.status)")
        #expect(!r.seen || r.status == 143 || r.status == 0)
        _ = check(folder, old: old, new: new, delay: -1)
    }
}
