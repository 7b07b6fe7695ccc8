import Foundation
import Testing
@testable import KexieIO

/// Where `OutputFile` writes: unpredictable temporary names created exclusively, names of any
/// legal length, kept and private modes, devices and FIFOs written in place, symlinks followed
/// (but not another user's in a shared folder), batches and folders that appear whole.
@Suite(.serialized) struct OutputFileTests {
    /// A new folder of mode `mode` under the temporary folder, removed by the caller.
    private func folder(_ mode: mode_t = 0o755) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("kexie-output-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        chmod(path, mode)
        return path
    }

    private func read(_ path: String) -> String? {
        FileManager.default.contents(atPath: path).map { String(decoding: $0, as: UTF8.self) }
    }

    private func mode(_ path: String) -> mode_t {
        var s = stat()
        lstat(path, &s)
        return s.st_mode & 0o7777
    }

    private func type(_ path: String) -> mode_t {
        var s = stat()
        lstat(path, &s)
        return s.st_mode & S_IFMT
    }

    /// The process's umask (set back at once; the suite runs serialized).
    private var umaskBits: mode_t {
        let bits = umask(0o022)
        umask(bits)
        return bits
    }

    private func leftovers(_ folder: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).filter { $0.contains(".kexie-") }
    }

    @Test func aSymlinkPlantedAtThePredictableTemporaryNameIsNotFollowed() throws {
        let f = try folder(), elsewhere = try folder()
        defer { try? FileManager.default.removeItem(atPath: f); try? FileManager.default.removeItem(atPath: elsewhere) }
        let victim = "\(elsewhere)/victim"
        try "root's file\n".write(toFile: victim, atomically: false, encoding: .utf8)
        // The name the writer used to take: .NAME.kexie-PID.tmp.
        symlink(victim, "\(f)/.out.json.kexie-\(getpid()).tmp")
        try OutputFile.write("new\n", to: "\(f)/out.json")
        #expect(read(victim) == "root's file\n")
        #expect(type("\(f)/out.json") == S_IFREG)
        #expect(read("\(f)/out.json") == "new\n")
    }

    @Test func temporaryNamesAreUnpredictableAndShort() {
        let a = _temporaryName(for: "out.json"), b = _temporaryName(for: "out.json")
        #expect(a != b)
        #expect(a.hasPrefix(".out.json.kexie-") && a.hasSuffix(".tmp"))
        let long = _temporaryName(for: String(repeating: "名", count: 85))
        #expect(long.utf8.count < 100)
    }

    @Test(arguments: [String(repeating: "x", count: 250), String(repeating: "名", count: 84) + "end"])
    func anOutputNameOfUpTo255BytesIsWritten(_ name: String) throws {
        let f = try folder()
        defer { try? FileManager.default.removeItem(atPath: f) }
        #expect(name.utf8.count <= 255)
        try OutputFile.write("long\n", to: "\(f)/\(name)")
        #expect(read("\(f)/\(name)") == "long\n")
        #expect(leftovers(f).isEmpty)
    }

    @Test(arguments: [mode_t(0o600), 0o640, 0o664])
    func aReplacedFileKeepsItsMode(_ old: mode_t) throws {
        let f = try folder()
        defer { try? FileManager.default.removeItem(atPath: f) }
        let path = "\(f)/roster.json"
        try "old\n".write(toFile: path, atomically: false, encoding: .utf8)
        chmod(path, old)
        try OutputFile.write("new\n", to: path)
        #expect(read(path) == "new\n")
        #expect(mode(path) == old)
    }

    @Test func aNewFileIs644UnlessOthersMayNotEnterItsFolder() throws {
        let open = try folder(0o755), shared = try folder(0o751), closed = try folder(0o750), own = try folder(0o700)
        defer { for f in [open, shared, closed, own] { try? FileManager.default.removeItem(atPath: f) } }
        for f in [open, shared, closed, own] { try OutputFile.write("x\n", to: "\(f)/new.json") }
        #expect(mode("\(open)/new.json") == 0o644 & ~umaskBits)
        #expect(mode("\(shared)/new.json") == 0o644 & ~umaskBits)
        #expect(mode("\(closed)/new.json") == 0o600 & ~umaskBits)
        #expect(mode("\(own)/new.json") == 0o600 & ~umaskBits)
    }

    @Test func aFIFOIsWrittenInPlace() throws {
        let f = try folder()
        defer { try? FileManager.default.removeItem(atPath: f) }
        let fifo = "\(f)/pipe"
        #expect(mkfifo(fifo, 0o644) == 0)
        let reader = open(fifo, O_RDONLY | O_NONBLOCK)
        #expect(reader >= 0)
        defer { close(reader) }
        try OutputFile.write("through the pipe\n", to: fifo)
        var buffer = [UInt8](repeating: 0, count: 100)
        let n = Glibc.read(reader, &buffer, 100)
        #expect(String(decoding: buffer.prefix(max(n, 0)), as: UTF8.self) == "through the pipe\n")
        #expect(type(fifo) == S_IFIFO)
        #expect(leftovers(f).isEmpty)
    }

    @Test func aDeviceNodeIsWrittenInPlace() throws {
        let f = try folder()
        defer { try? FileManager.default.removeItem(atPath: f) }
        // The issue's case needs root to make the node; /dev/null itself is checked always.
        if getuid() == 0, mknod("\(f)/null", S_IFCHR | 0o666, dev_t(1 << 8 | 3) /* makedev(1, 3) */) == 0 {
            try OutputFile.write("discarded\n", to: "\(f)/null")
            #expect(type("\(f)/null") == S_IFCHR)
            #expect(leftovers(f).isEmpty)
        }
        try OutputFile.write("discarded\n", to: "/dev/null")
        #expect(type("/dev/null") == S_IFCHR)
    }

    @Test func aSymlinkIsFollowedAndTheFileItLeadsToReplacedInItsFolder() throws {
        let f = try folder(), real = try folder()
        defer { try? FileManager.default.removeItem(atPath: f); try? FileManager.default.removeItem(atPath: real) }
        try "old\n".write(toFile: "\(real)/data.json", atomically: false, encoding: .utf8)
        chmod("\(real)/data.json", 0o600)
        symlink("\(real)/data.json", "\(f)/link.json")
        symlink("link.json", "\(f)/link2.json")
        try OutputFile.write("new\n", to: "\(f)/link2.json")
        #expect(type("\(f)/link.json") == S_IFLNK && type("\(f)/link2.json") == S_IFLNK)
        #expect(read("\(real)/data.json") == "new\n")
        #expect(mode("\(real)/data.json") == 0o600)
        #expect(leftovers(f).isEmpty && leftovers(real).isEmpty)
        // A link to nothing yet: the file is created where it points.
        symlink("\(real)/later.json", "\(f)/dangling.json")
        try OutputFile.write("later\n", to: "\(f)/dangling.json")
        #expect(read("\(real)/later.json") == "later\n")
        #expect(type("\(f)/dangling.json") == S_IFLNK)
    }

    @Test func aSymlinkOfAnotherUserInASharedFolderIsNotFollowed() throws {
        guard getuid() == 0 else { return }  // needs a link owned by another user
        let shared = try folder(0o1777), real = try folder()
        defer { try? FileManager.default.removeItem(atPath: shared); try? FileManager.default.removeItem(atPath: real) }
        try "root's\n".write(toFile: "\(real)/target", atomically: false, encoding: .utf8)
        symlink("\(real)/target", "\(shared)/out.json")
        lchown("\(shared)/out.json", 12345, 12345)
        #expect(throws: OutputError.self) { try OutputFile.write("planted\n", to: "\(shared)/out.json") }
        #expect(read("\(real)/target") == "root's\n")
    }

    @Test func aFolderIsNotAnOutputFile() throws {
        let f = try folder()
        defer { try? FileManager.default.removeItem(atPath: f) }
        do {
            try OutputFile.write("x", to: f)
            Issue.record("a folder was written over")
        } catch {
            #expect(error.errno == EISDIR)
        }
    }

    @Test func aBatchAppearsWholeOrNotAtAll() throws {
        let f = try folder()
        defer { try? FileManager.default.removeItem(atPath: f) }
        for name in ["a.csv", "b.csv"] { try "old \(name)\n".write(toFile: "\(f)/\(name)", atomically: false, encoding: .utf8) }
        do {
            let batch = OutputFile.Batch()
            try batch.write("new a\n", to: "\(f)/a.csv")
            try batch.write("new b\n", to: "\(f)/b.csv")
            // Dropped without commit, as when a later write fails.
        }
        #expect(read("\(f)/a.csv") == "old a.csv\n" && read("\(f)/b.csv") == "old b.csv\n")
        #expect(leftovers(f).isEmpty)
        let batch = OutputFile.Batch()
        try batch.write("new a\n", to: "\(f)/a.csv")
        try batch.write("new b\n", to: "\(f)/b.csv")
        try batch.commit()
        #expect(read("\(f)/a.csv") == "new a\n" && read("\(f)/b.csv") == "new b\n")
        #expect(leftovers(f).isEmpty)
    }

    private func isReport(_ relative: String) -> Bool {
        ["report.html", "figures/"].contains(relative) || (relative.hasPrefix("figures/") && relative.hasSuffix(".svg"))
    }

    private func writeFolder(_ target: String, _ files: [String: String], commit: Bool) throws -> String? {
        let folder = try OutputFile.Folder(replacing: target)
        try folder.makeFolder("figures")
        for (name, text) in files.sorted(by: { $0.key < $1.key }) {
            try Array(text.utf8).withUnsafeBufferPointer { (b) throws(OutputError) in try folder.write(b, to: name) }
        }
        return commit ? try folder.commit(disposable: isReport) : nil
    }

    @Test func aFolderIsReplacedWholeOrNotAtAll() throws {
        let parent = try folder()
        defer { try? FileManager.default.removeItem(atPath: parent) }
        let target = "\(parent)/report"
        #expect(try writeFolder(target, ["report.html": "old", "figures/a.svg": "old a", "figures/stale.svg": "stale"], commit: true) == nil)
        chmod(target, 0o750)
        chmod("\(target)/report.html", 0o600)
        // Dropped before the swap (a failed write): the old folder as it was, nothing beside it.
        _ = try writeFolder(target, ["report.html": "new", "figures/a.svg": "new a"], commit: false)
        #expect(read("\(target)/report.html") == "old" && read("\(target)/figures/stale.svg") == "stale")
        #expect(leftovers(parent).isEmpty)
        // Committed: the new files only, with the old modes.
        #expect(try writeFolder(target, ["report.html": "new", "figures/a.svg": "new a"], commit: true) == nil)
        #expect(read("\(target)/report.html") == "new" && read("\(target)/figures/a.svg") == "new a")
        #expect(!FileManager.default.fileExists(atPath: "\(target)/figures/stale.svg"))
        #expect(mode(target) == 0o750 && mode("\(target)/report.html") == 0o600)
        #expect(leftovers(parent).isEmpty)
    }

    @Test func aFolderHoldingOtherFilesIsKeptAside() throws {
        let parent = try folder()
        defer { try? FileManager.default.removeItem(atPath: parent) }
        let target = "\(parent)/report"
        _ = try writeFolder(target, ["report.html": "old"], commit: true)
        #expect(OutputFile.Folder.foreignEntries(in: target, disposable: isReport).isEmpty)
        let folder = try OutputFile.Folder(replacing: target)
        try Array("new".utf8).withUnsafeBufferPointer { (b) throws(OutputError) in try folder.write(b, to: "report.html") }
        try "mine".write(toFile: "\(target)/notes.txt", atomically: false, encoding: .utf8)  // added meanwhile
        #expect(OutputFile.Folder.foreignEntries(in: target, disposable: isReport) == ["notes.txt"])
        let kept = try #require(try folder.commit(disposable: isReport))
        #expect(read("\(target)/report.html") == "new")
        #expect(read("\(kept)/notes.txt") == "mine")
    }

    @Test func aTreeIsRemoved() throws {
        let f = try folder()
        try FileManager.default.createDirectory(atPath: "\(f)/a/b/c", withIntermediateDirectories: true)
        for i in 0..<300 { try "x".write(toFile: "\(f)/a/file-\(i)-\(String(repeating: "n", count: 100))", atomically: false, encoding: .utf8) }
        try "y".write(toFile: "\(f)/a/b/c/deep", atomically: false, encoding: .utf8)
        symlink("/etc/passwd", "\(f)/a/link")
        #expect(_removeTree(f))
        #expect(!FileManager.default.fileExists(atPath: f))
        #expect(FileManager.default.fileExists(atPath: "/etc/passwd"))
    }
}
