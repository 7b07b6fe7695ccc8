import Foundation
import Testing
import KexieTestSupport
@testable import KexieWorkbook

/// Workbooks written by `_WorkbookWriter`, read back by openpyxl cell by cell.
@Suite struct WorkbookWriterTests {
    static func temporaryPath() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("kexie-xlsx-\(UUID().uuidString).xlsx").path
    }

    /// Writes `writer` to a new file as callers do (an empty archive first) and reads it back.
    static func roundTrip(_ writer: _WorkbookWriter) throws -> WorkbookDump {
        let path = temporaryPath()
        defer { try? FileManager.default.removeItem(atPath: path) }
        try Data(_WorkbookWriter.emptyArchive).write(to: URL(fileURLWithPath: path))
        try writer.write(toArchiveAt: path)
        return try WorkbookDump.read(path)
    }

    static let cells: [[_WorkbookCell]] = [
        [.text("120101000000"), .text("和平区"), .integer(12), .number(0.25), .percent(0.944), .date(year: 2018, month: 6, day: 1), .bool(true)],
        [.text(" lead & <tail> "), .empty, .integer(-3), .number(1e-7), .percent(1), .date(year: 1900, month: 1, day: 1), .bool(false)],
        [.text("a\u{1}b\tc\nd"), .text("=SUM(A1)"), .integer(0), .number(.nan), .empty, .date(year: 1899, month: 12, day: 31)],
    ]

    static func sheet(_ name: String = "数据") -> _WorkbookSheet {
        var s = _WorkbookSheet(name: name, header: ["id", "名称", "count", "x", "rate", "date", "flag"], rowCount: cells.count) { cells[$0] }
        s.textColumns = [0]
        return s
    }

    @Test(.enabled(if: WorkbookDump.isAvailable))
    func cellsReadBackWithTheirTypes() throws {
        let dump = try Self.roundTrip(_WorkbookWriter(sheets: [Self.sheet()]))
        let s = try #require(dump["数据"])
        #expect(s.rows[0] == ["id", "名称", "count", "x", "rate", "date", "flag"].map { .text($0) })
        #expect(s.rows[1] == [.text("120101000000"), .text("和平区"), .number(12), .number(0.25), .percent(0.944), .date("2018-06-01"), .bool(true)])
        #expect(s.rows[2] == [.text(" lead & <tail> "), nil, .number(-3), .number(1e-7), .percent(1), .date("1900-01-01"), .bool(false)])
        // A control character XML cannot carry becomes U+FFFD; tab and line break stay; a
        // date before 1900 is its text; NaN is its text.
        #expect(s.rows[3] == [.text("a\u{FFFD}b\tc\nd"), .text("=SUM(A1)"), .number(0), .text("nan"), nil, .text("1899-12-31")])
        #expect(s.freeze == "A2")
        #expect(s.bold == Array(repeating: true, count: 7))
        #expect(s.state == "visible")
    }

    @Test(.enabled(if: WorkbookDump.isAvailable))
    func widthsFitTheWidestTextWithChineseCountingDouble() throws {
        let rows: [[_WorkbookCell]] = [[.text("天津市南开区向阳路街道"), .text("abc"), .integer(1234567)]]
        let sheet = _WorkbookSheet(name: "w", header: ["名称", "k", "n"], rowCount: 1) { rows[$0] }
        let s = try #require(try Self.roundTrip(_WorkbookWriter(sheets: [sheet]))["w"])
        // 11 ideographs = 22, plus 2; "abc" and "k": the minimum 6; seven digits plus 2.
        #expect(s.widths == ["A": 24, "B": 6, "C": 9])
    }

    @Test func dateSerialsFollowThe1900System() {
        #expect(_SheetText.serial(year: 2018, month: 6, day: 1) == 43252)
        #expect(_SheetText.serial(year: 1900, month: 1, day: 1) == 1)
        #expect(_SheetText.serial(year: 1900, month: 2, day: 28) == 59)
        #expect(_SheetText.serial(year: 1900, month: 3, day: 1) == 61)
        #expect(_SheetText.serial(year: 1899, month: 12, day: 31) == nil)
        #expect(_SheetText.serial(year: 9999, month: 12, day: 31) == 2_958_465)
    }

    @Test func columnNamesAndWidths() {
        #expect([0, 25, 26, 701, 702].map(_SheetText.columnName) == ["A", "Z", "AA", "ZZ", "AAA"])
        #expect(_SheetText.displayWidth("南开区 A1") == 9)
        #expect(_SheetText.displayWidth("ＡＢ") == 4)
    }

    @Test(.enabled(if: WorkbookDump.isAvailable))
    func shortListsAreLiteralAndLongOnesGoToAHiddenSheet() throws {
        var sheet = _WorkbookSheet(name: "职务", header: ["人员", "职务", "人员类别"], rowCount: 0) { _ in [] }
        let long = (1 ... 40).map { "类别\($0)号（某中心主任）" }
        sheet.validations = [
            _WorkbookListValidation(column: 1, values: ["主席", "委员"], warning: "不在列表中"),
            _WorkbookListValidation(column: 2, values: long, warning: "不在列表中"),
            _WorkbookListValidation(column: 0, values: ["a,b", "c"], warning: "x"),
        ]
        var writer = _WorkbookWriter(sheets: [sheet])
        writer.listsSheetName = "列表"
        let dump = try Self.roundTrip(writer)
        #expect(dump.sheets.map(\.name) == ["职务", "列表"])
        let s = try #require(dump["职务"])
        #expect(s.validations == [
            ["list", "\"主席,委员\"", "B2:B1048576", "warning"],
            ["list", "'列表'!$A$1:$A$40", "C2:C1048576", "warning"],
            ["list", "'列表'!$B$1:$B$2", "A2:A1048576", "warning"],
        ])
        let lists = try #require(dump["列表"])
        #expect(lists.state == "hidden")
        #expect(lists.freeze == nil)
        #expect(lists.rows.count == 40)
        #expect(lists.rows[0] == [.text("类别1号（某中心主任）"), .text("a,b")])
        #expect(lists.rows[1] == [.text("类别2号（某中心主任）"), .text("c")])
        #expect(lists.rows[39] == [.text("类别40号（某中心主任）")])
    }

    @Test(.enabled(if: WorkbookDump.isAvailable))
    func aSheetLargerThanOnePieceStreamsWhole() throws {
        let n = 20_000
        let sheet = _WorkbookSheet(name: "big", header: ["i", "text"], rowCount: n) { i in [.integer(i), .text("行\(i)")] }
        var writer = _WorkbookWriter(sheets: [sheet, Self.sheet("second")])
        writer.chunkSize = 4096
        let dump = try Self.roundTrip(writer)
        let s = try #require(dump["big"])
        #expect(s.rows.count == n + 1)
        #expect(s.rows[n] == [.number(Double(n - 1)), .text("行\(n - 1)")])
        #expect(dump["second"]?.rows.count == 4)
        // In memory, the same bytes' worth of workbook.
        let bytes = try writer.archiveBytes()
        #expect(bytes.starts(with: [0x50, 0x4B, 0x03, 0x04]))
    }

    @Test func limitsAreErrorsThatSayWhat() {
        let tooMany = _WorkbookSheet(name: "pairs", header: ["a"], rowCount: 1_048_576) { _ in [] }
        #expect(throws: _WorkbookWriteError.self) { try _WorkbookWriter(sheets: [tooMany]).archiveBytes() }
        do {
            _ = try _WorkbookWriter(sheets: [tooMany]).archiveBytes()
        } catch {
            #expect(error.description == "sheet pairs would have 1048577 rows, more than the 1048575 a worksheet holds below its header; write csv instead")
        }
        let long = String(repeating: "x", count: 32_768)
        let longCell = _WorkbookSheet(name: "islands", header: ["a", "b"], rowCount: 1) { _ in [.integer(1), .text(long)] }
        do {
            _ = try _WorkbookWriter(sheets: [longCell]).archiveBytes()
            Issue.record("a cell of 32,768 characters was written")
        } catch {
            #expect(error.description == "cell islands!B2 would hold 32768 characters, more than the 32767 a cell holds; write csv instead")
        }
        for (name, reason) in [("a/b", "a sheet name cannot hold /"), ("", "a sheet name has 1 to 31 characters"),
                               (String(repeating: "长", count: 32), "a sheet name has 1 to 31 characters")] {
            do {
                _ = try _WorkbookWriter(sheets: [_WorkbookSheet(name: name, header: [], rowCount: 0) { _ in [] }]).archiveBytes()
                Issue.record("sheet name \(name) accepted")
            } catch {
                #expect(error.description == "\"\(name)\" cannot name a sheet: \(reason)")
            }
        }
        let twice = [Self.sheet("Data"), Self.sheet("data")]
        #expect(throws: _WorkbookWriteError.self) { try _WorkbookWriter(sheets: twice).archiveBytes() }
    }
}
