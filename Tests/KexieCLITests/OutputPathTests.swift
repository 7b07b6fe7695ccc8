import Foundation
import Testing
import KexieTestSupport

/// Where commands write (issue 16, items 3, 6 and 9): `-` is standard output for every command
/// with `--out`/`-o`, a symlink's file is written and the link kept, a failed write (a full
/// device, a file size limit) is exit 74 with nothing half-written, and a report or a folder of
/// CSV files is replaced whole or not at all.
@Suite(.serialized) struct OutputPathTests {
    private func folder() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("kexie-outputs-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// Runs kexie through `/bin/sh -c script` (`"$0"` is the binary), from the repository root.
    private func shell(_ script: String, _ arguments: [String] = []) throws -> ProcessResult {
        try runBinary("/bin/sh", ["-c", script, Repository.kexieBinary] + arguments)
    }

    /// Every regular file under `folder`, by relative path.
    private func snapshot(_ folder: String) -> [String: Data] {
        var files: [String: Data] = [:]
        for path in FileManager.default.subpaths(atPath: folder) ?? [] {
            var isFolder: ObjCBool = false
            if FileManager.default.fileExists(atPath: "\(folder)/\(path)", isDirectory: &isFolder), !isFolder.boolValue {
                files[path] = FileManager.default.contents(atPath: "\(folder)/\(path)")
            }
        }
        return files
    }

    private func leftovers(_ folder: String) -> [String] {
        (FileManager.default.subpaths(atPath: folder) ?? []).filter { $0.contains(".kexie-") }
    }

    /// The bytes of one block of `ulimit -f` in /bin/sh (512 in POSIX shells, 1024 in bash).
    private func fileSizeLimitBlock() throws -> Int {
        let f = try folder()
        defer { try? FileManager.default.removeItem(atPath: f) }
        _ = try runBinary("/bin/sh", ["-c", "trap '' XFSZ; ulimit -f 1; head -c 4096 /dev/zero > \"$0\"/probe", f])
        let attributes = try? FileManager.default.attributesOfItem(atPath: "\(f)/probe")
        return (attributes?[.size] as? Int).flatMap { $0 > 0 ? $0 : nil } ?? 512
    }

    @Test(arguments: [["summary", "datasets/sample"], ["validate", "datasets/sample"], ["analyze", "datasets/sample", "--format", "json"]])
    func aFullStandardOutputIsExit74(_ arguments: [String]) throws {
        let r = try shell("exec \"$0\" \"$@\" > /dev/full", arguments)
        #expect(r.status == 74, "\(r.stderr)")
        #expect(r.stderr.contains("standard output: cannot write: No space left on device"), "\(r.stderr)")
    }

    // ThreadSanitizer's runtime itself faults (SIGBUS) under a file-size limit, before kexie runs.
    @Test(.disabled(if: Repository.sanitizer == "thread", "ThreadSanitizer's runtime faults under ulimit -f"))
    func aFileSizeLimitIsExit74AndLeavesTheOldFile() throws {
        let f = try folder()
        defer { try? FileManager.default.removeItem(atPath: f) }
        try "{\"previous\": true}\n".write(toFile: "\(f)/out.json", atomically: false, encoding: .utf8)
        let r = try shell("ulimit -f 8; exec \"$0\" \"$@\"", ["analyze", "datasets/tianjin", "--format", "json", "--out", "\(f)/out.json"])
        #expect(r.status == 74, "\(r.stderr)")
        #expect(r.stderr.contains("\(f)/out.json: cannot write: File too large"), "\(r.stderr)")
        #expect(FileManager.default.contents(atPath: "\(f)/out.json") == Data("{\"previous\": true}\n".utf8))
        #expect(leftovers(f).isEmpty, "\(leftovers(f))")
    }

    /// The commands with a file output and their arguments; each writes the same to `--out -`
    /// (or `-o -`) as to standard output.
    static let fileOutputs: [[String]] = [
        ["analyze", "datasets/sample", "--format", "json", "--out"],
        ["gaps", "datasets/sample", "--format", "jsonl", "--out"],
        ["orphans", "datasets/sample", "--format", "table", "--out"],
        ["linkage", "datasets/sample", "--format", "json", "--out"],
        ["render", "coverage", "datasets/sample", "--format", "svg", "-o"],
        ["export", "datasets/sample", "--to", "graphml", "-o"],
        ["diff", "datasets/sample", "datasets/tianjin", "--format", "json", "--out"],
        ["trend", "datasets/sample", "--format", "json", "--out"],
        ["whatif", "datasets/sample", "--rank-persons", "--format", "json", "--out"],
    ]

    @Test(arguments: fileOutputs)
    func aDashIsStandardOutput(_ arguments: [String]) throws {
        let plain = try runKexie(Array(arguments.dropLast()))
        #expect(plain.status == 0, "\(plain.stderr)")
        let dashed = try runKexie(arguments + ["-"])
        #expect(dashed.status == 0, "\(dashed.stderr)")
        #expect(dashed.stdout == plain.stdout && !plain.stdout.isEmpty)
        #expect(!FileManager.default.fileExists(atPath: Repository.root.appendingPathComponent("-").path))
    }

    @Test(arguments: [
        ["report", "datasets/sample", "--out", "-"],
        ["generate", "--frame", "datasets/sample/regions.csv", "--out", "-"],
        ["analyze", "datasets/sample", "--format", "csv", "--out", "-"],
        ["export", "datasets/sample", "--to", "csv", "-o", "-"],
    ])
    func aDashForAFolderIsAUsageError(_ arguments: [String]) throws {
        let r = try runKexie(arguments)
        #expect(r.status == 64, "\(r.stderr)")
        #expect(r.stderr.contains("standard output") && r.stderr.contains("cannot hold"), "\(r.stderr)")
    }

    @Test func aSymlinkToStandardOutputIsKeptAndWrittenThrough() throws {
        let f = try folder()
        defer { try? FileManager.default.removeItem(atPath: f) }
        #expect(symlink("/proc/self/fd/1", "\(f)/stdout") == 0)
        let r = try runKexie(["analyze", "datasets/sample", "--format", "json", "--out", "\(f)/stdout"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.hasPrefix("{\n  \"schema\": 1,"), "\(r.stdout.prefix(100))")
        #expect((try? FileManager.default.destinationOfSymbolicLink(atPath: "\(f)/stdout")) == "/proc/self/fd/1")
    }

    @Test func aDeviceIsWrittenInPlace() throws {
        let r = try runKexie(["render", "coverage", "datasets/sample", "-o", "/dev/null"])
        #expect(r.status == 0, "\(r.stderr)")
        var s = stat()
        #expect(lstat("/dev/null", &s) == 0 && s.st_mode & S_IFMT == S_IFCHR)
    }

    @Test func aFailedReportLeavesTheOldReportWhole() throws {
        let parent = try folder()
        defer { try? FileManager.default.removeItem(atPath: parent) }
        let out = "\(parent)/report"
        #expect(try runKexie(["report", "datasets/tianjin", "--out", out, "--quiet", "--as-of", "2019-06-30"]).status == 0)
        let old = snapshot(out)
        let reference = "\(parent)/reference"
        #expect(try runKexie(["report", "datasets/tianjin", "--out", reference, "--quiet", "--as-of", "2020-12-31"]).status == 0)
        let new = snapshot(reference)
        // A size limit that the figures fit but report.html does not: the figures are written
        // first, so before the whole report was swapped in they were new and the rest old.
        let biggestFigure = new.filter { $0.key.hasPrefix("figures/") }.map(\.value.count).max() ?? 0
        let html = new["report.html"]?.count ?? 0
        let block = try fileSizeLimitBlock()
        #expect(biggestFigure < html / 2, "the limit cannot fall between the figures and report.html")
        let r = try shell("ulimit -f \(html / 2 / block); exec \"$0\" \"$@\"", ["report", "datasets/tianjin", "--out", out, "--quiet", "--as-of", "2020-12-31"])
        #expect(r.status == 74, "\(r.stderr)")
        #expect(r.stderr.contains("File too large"), "\(r.stderr)")
        #expect(snapshot(out) == old, "the report folder is not the old report")
        #expect(leftovers(parent).isEmpty, "\(leftovers(parent))")
        // And without the limit it is the new report, stale figures gone.
        #expect(try runKexie(["report", "datasets/tianjin", "--out", out, "--quiet", "--as-of", "2020-12-31"]).status == 0)
        #expect(snapshot(out) == new)
    }

    @Test func aReportIsNotWrittenOverAFolderOfOtherFiles() throws {
        let out = try folder()
        defer { try? FileManager.default.removeItem(atPath: out) }
        try "mine\n".write(toFile: "\(out)/notes.txt", atomically: false, encoding: .utf8)
        let r = try runKexie(["report", "datasets/sample", "--out", out, "--quiet"])
        #expect(r.status == 64, "\(r.stderr)")
        #expect(r.stderr.contains("holds notes.txt, which a report does not write"), "\(r.stderr)")
        #expect(snapshot(out) == ["notes.txt": Data("mine\n".utf8)])
    }

    // ThreadSanitizer's runtime itself faults (SIGBUS) under a file-size limit, before kexie runs.
    @Test(.disabled(if: Repository.sanitizer == "thread", "ThreadSanitizer's runtime faults under ulimit -f"))
    func aFailedCSVRunLeavesEveryOldFile() throws {
        let parent = try folder()
        defer { try? FileManager.default.removeItem(atPath: parent) }
        let out = "\(parent)/csv"
        let arguments = ["analyze", "datasets/tianjin", "--format", "csv", "--out", out]
        #expect(try runKexie(arguments + ["--as-of", "2019-06-30"]).status == 0)
        let old = snapshot(out)
        let reference = "\(parent)/reference"
        #expect(try runKexie(["analyze", "datasets/tianjin", "--format", "csv", "--out", reference]).status == 0)
        let sizes = snapshot(reference).mapValues(\.count)
        let biggest = sizes.values.max() ?? 0
        #expect((sizes["coverage_levels.csv"] ?? 0) < biggest / 2)
        let block = try fileSizeLimitBlock()
        let r = try shell("ulimit -f \(biggest / 2 / block); exec \"$0\" \"$@\"", arguments)
        #expect(r.status == 74, "\(r.stderr)")
        #expect(snapshot(out) == old, "some CSV files were replaced")
        #expect(leftovers(parent).isEmpty)
    }
}
