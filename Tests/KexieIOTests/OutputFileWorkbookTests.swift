import Foundation
import Testing
import KexieTestSupport
import KexieWorkbook
@testable import KexieIO

/// Workbooks written as every output is: through a temporary file renamed into place, or built
/// in memory for a destination that cannot seek; a workbook that cannot be made leaves the old
/// file as it was.
@Suite struct OutputFileWorkbookTests {
    static func folder() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("kexie-workbook-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    static func writer(rows: Int) -> _WorkbookWriter {
        _WorkbookWriter(sheets: [_WorkbookSheet(name: "表", header: ["n"], rowCount: rows) { [.integer($0)] }])
    }

    @Test(.enabled(if: WorkbookDump.isAvailable))
    func aWorkbookReplacesTheFileWhole() throws {
        let dir = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = "\(dir)/out.xlsx"
        try "old".write(toFile: path, atomically: true, encoding: .utf8)
        chmod(path, 0o640)
        try OutputFile.write(workbook: Self.writer(rows: 3), to: path)
        #expect(try WorkbookDump.read(path)["表"]?.rows == [[.text("n")], [.number(0)], [.number(1)], [.number(2)]])
        var s = stat()
        stat(path, &s)
        #expect(s.st_mode & 0o777 == 0o640, "the replaced file's mode is kept")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == ["out.xlsx"], "no temporary file left")
    }

    @Test func aWorkbookThatCannotBeMadeLeavesTheOldFile() throws {
        let dir = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = "\(dir)/out.xlsx"
        try "old".write(toFile: path, atomically: true, encoding: .utf8)
        #expect(throws: _WorkbookWriteError.self) { try OutputFile.write(workbook: Self.writer(rows: 1_048_576), to: path) }
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "old")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == ["out.xlsx"])
    }

    @Test func aDeviceGetsTheArchiveBuiltInMemory() throws {
        try OutputFile.write(workbook: Self.writer(rows: 10), to: "/dev/null")
    }
}
