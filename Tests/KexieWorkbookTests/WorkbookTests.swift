// Spreadsheets as people keep them: .xlsx workbooks read (ZIPFoundation for the OOXML package,
// libxml2's streaming parser for its XML) and written.
import Testing
import KexieMachinery
import KexieTestSupport
@testable import KexieWorkbook

private func book(_ name: String) throws -> WorkbookFile {
    try WorkbookFile(path: Repository.fixture("workbooks/\(name)"))
}

private func text(_ name: String, sheet: Int = 0) throws -> SheetText {
    let b = try book(name)
    return try b.readSheet(b.sheets[sheet])
}

private func csv(_ t: SheetText) -> String { String(decoding: t.text, as: UTF8.self) }

/// The conversions of a sheet as `kind row:column read→became ×count`.
private func tallies(_ t: SheetText) -> [String] {
    t.conversions.map { "\($0.first.kind) \($0.first.row):\($0.first.column) \($0.first.read)→\($0.first.became) ×\($0.count)" }
}

@Suite struct WorkbookReadingTests {
    @Test func openpyxlCellsReadAsTheContractSays() throws {
        let b = try book("cells-openpyxl.xlsx")
        #expect(b.sheets.map(\.name) == ["人员", "隐藏", "说明"])
        #expect(b.sheets.map(\.visibility) == [.visible, .hidden, .visible])
        #expect(!b.date1904)
        let t = try b.readSheet(b.sheets[0])
        #expect(csv(t) == """
            编号,姓名,人员类别,成立日期,代码,备注,是否
            P1,张三,学校校长,2018-06-01,120101001000,3.5,TRUE
            P2,李四,官员,1900-03-01,7,,FALSE
            P3,王五,官员,2020-01-10,-12,0.1,
            P4,赵六,官员,,,富文本,

            """)
        #expect(t.lineRows == [1, 2, 3, 4, 5])
        // openpyxl stores no cached value for a formula: it reads as empty, and says so.
        #expect(tallies(t) == ["serialDate 2:4 43252→2018-06-01 ×3", "formula 3:6 =A2&\"-\"&B2→ ×1", "mergedCell 5:3 →官员 ×1"])
    }

    @Test func libreOfficeCellsCarryTheirCachedFormulaValues() throws {
        let t = try text("cells-libreoffice.xlsx")
        #expect(csv(t) == """
            编号,姓名,人员类别,成立日期,代码,备注,是否
            P1,张三,学校校长,2018-06-01,120101001000,3.5,TRUE
            P2,李四,官员,1900-03-01,7,P1-张三,FALSE
            P3,王五,官员,2020-01-10,-12,0.1,
            P4,赵六,官员,,,富文本,

            """)
        // LibreOffice writes booleans as the formulas TRUE() and FALSE().
        #expect(tallies(t) == ["serialDate 2:4 43252→2018-06-01 ×3", "formula 2:7 =TRUE()→TRUE ×3", "mergedCell 5:3 →官员 ×1"])
    }

    @Test func the1904DateSystemCountsFrom1904() throws {
        let b = try book("cells-1904-openpyxl.xlsx")
        #expect(b.date1904)
        let t = try b.readSheet(b.sheets[0])
        // 1900-03-01 is before 1904: a negative serial, no date in this system; it stays a number.
        #expect(csv(t).split(separator: "\n").prefix(3) == [
            "编号,姓名,人员类别,成立日期,代码,备注,是否", "P1,张三,学校校长,2018-06-01,120101001000,3.5,TRUE", "P2,李四,官员,-1401,7,,FALSE",
        ])
        #expect(tallies(t).first == "serialDate 2:4 41790→2018-06-01 ×2")
    }

    @Test func handmadeXMLFormsRead() throws {
        let b = try book("handmade.xlsx")
        #expect(b.sheets.map(\.visibility) == [.visible, .veryHidden])
        let t = try b.readSheet(b.sheets[0])
        // Header on row 2 from column B; cells and a row without references; inline and rich
        // text (the phonetic run left out); a quoted shared string; scientific notation; an
        // error; a line break; dates by built-in 31, custom 年月日 and t="d", not by "day"0.00.
        #expect(csv(t) == """
            ,id,name,note,
            ,Inline," a, ""b"" ",120101001000,
            ,#N/A,"two
            lines",2018-06-01,
            ,X,43252,2019-01-01,2019-03-05
            ,,TRUE,3.1,

            """)
        #expect(t.lineRows == [2, 3, 4, 4, 6, 7])
        #expect(tallies(t) == ["number 3:4 1.20101001E+11→120101001000 ×1", "serialDate 4:4 43252.75→2018-06-01 ×2",
                               "formula 6:2 =UPPER(\"x\")→X ×1"])
        #expect(throws: WorkbookReadError(.corrupt, "the workbook lists sheet \"secret\" but has no worksheet for it (the file is damaged)")) {
            try b.readSheet(b.sheets[1])
        }
    }

    @Test func everyConversionIsKeptWhenAsked() throws {
        let b = try book("cells-openpyxl.xlsx")
        let t = try b.readSheet(b.sheets[0], keepingEveryConversion: true)
        #expect(t.conversions[0].all.map { "\($0.row):\($0.column) \($0.read)→\($0.became)" }
                == ["2:4 43252→2018-06-01", "3:4 61→1900-03-01", "4:4 43840.5625→2020-01-10"])
    }

    @Test func aSheetInflatedOnAThreadOfItsOwnReadsTheSame() throws {
        for name in ["cells-openpyxl.xlsx", "handmade.xlsx", "sample/sample.xlsx"] {
            let b = try book(name)
            for sheet in b.sheets.filter({ $0.part != nil }) {
                let here = try b.readSheet(sheet)
                let beside = try b.readSheet(sheet, inflatingBesideFrom: 0)
                #expect(beside.text == here.text && beside.lineRows == here.lineRows, "\(name) \(sheet.name)")
            }
        }
    }

    @Test func oldAndEncryptedWorkbooksAreRefusedWithWhatToDo() throws {
        #expect(throws: WorkbookReadError(.oldBinary, WorkbookReadError.oldBinaryMessage)) { try book("old.xls") }
        #expect(throws: WorkbookReadError(.encrypted, WorkbookReadError.encryptedMessage)) { try book("encrypted.xlsx") }
        #expect(WorkbookReadError.oldBinaryMessage == "an Excel 97–2003 workbook (.xls), which kexie does not read; open it in Excel or LibreOffice and save it as \"Excel Workbook (.xlsx)\"")
        #expect(WorkbookReadError.encryptedMessage == "a password-protected (encrypted) workbook, which kexie cannot read; open it, remove the password (Excel: File › Info › Protect Workbook › Encrypt with Password, cleared) and save it as .xlsx without a password")
    }

    @Test func aFileThatIsNoZIPIsNoWorkbook() throws {
        #expect(throws: WorkbookReadError(.notAWorkbook, "not an .xlsx workbook (an .xlsx file is a ZIP archive; this file does not start like one)")) {
            try book("make_workbooks.py")
        }
    }
}

/// The events a scanner hands on, as text.
private final class EventLog: _XMLHandler {
    var events: [String] = []
    func start(_ name: _XMLName, _ attributes: _XMLAttributes) {
        let attrs = (0..<attributes.count).map { i in
            let a = attributes.base![i]
            return " \(String(decoding: a.name, as: UTF8.self))=\(String(decoding: a.value, as: UTF8.self))"
        }
        events.append("<" + String(decoding: UnsafeBufferPointer(start: name.pointer, count: name.count), as: UTF8.self) + attrs.joined())
    }
    func end(_ name: _XMLName) {
        events.append("/" + String(decoding: UnsafeBufferPointer(start: name.pointer, count: name.count), as: UTF8.self))
    }
    func characters(_ text: UnsafeBufferPointer<UInt8>) {
        // Text may come in pieces: join runs of it.
        let t = String(decoding: text, as: UTF8.self)
        if let last = events.last, last.hasPrefix("\"") { events[events.count - 1] = last + t } else { events.append("\"" + t) }
    }
}

@Suite struct XMLScannerTests {
    static let document = """
        <?xml version="1.0"?><!-- a comment > with a bracket --><x:sheet xmlns:x="urn:x"><row r='1' spans="1:2">\
        <c r="A1" t="s"><v>12</v></c><c r="B1"><is><t xml:space="preserve"> a &amp; b &#20013;&#x6587; </t></is></c>\
        <c r="C1" a=">"/><t><![CDATA[<not a tag>]]></t></row></x:sheet>
        """

    /// The events of `document` fed in pieces of `size` bytes, or the error.
    private static func scan(_ document: String, pieces size: Int) -> (events: [String], failed: Bool) {
        let log = EventLog()
        var scanner = _XMLScanner(log)
        defer { scanner.deallocate() }
        let bytes = Array(document.utf8)
        var i = 0
        do {
            while i < bytes.count {
                let piece = Array(bytes[i..<min(bytes.count, i + size)])
                try piece.withUnsafeBytes { p in try scanner.feed(p) }
                i += size
            }
            try scanner.finish()
        } catch {
            return (log.events, true)
        }
        return (log.events, false)
    }

    @Test func eventsAreTheSameHoweverTheDocumentIsCut() {
        let whole = Self.scan(Self.document, pieces: 1 << 20)
        #expect(!whole.failed)
        #expect(whole.events == [
            "<sheet x=urn:x", "<row r=1 spans=1:2", "<c r=A1 t=s", "<v", "\"12", "/v", "/c", "<c r=B1", "<is",
            "<t space=preserve", "\" a & b 中文 ", "/t", "/is", "/c", "<c r=C1 a=>", "/c", "<t", "\"<not a tag>", "/t", "/row", "/sheet",
        ])
        for size in 1...9 { #expect(Self.scan(Self.document, pieces: size).events == whole.events, "pieces of \(size)") }
    }

    @Test func aDocumentTypeOrAnUnknownEntityIsRefused() {
        for bad in ["<!DOCTYPE x [<!ENTITY e 'x'>]><x/>", "<x>&e;</x>", "<x a=1/>", "<x><y"] {
            #expect(Self.scan(bad, pieces: 1 << 20).failed, "\(bad)")
        }
    }
}

@Suite struct WorkbookPartsTests {
    @Test func dateFormatsAreTheOnesWithDateTokensOutsideQuotesAndBrackets() {
        #expect(_CellStyles.isDateFormat("yyyy-mm-dd"))
        #expect(_CellStyles.isDateFormat("yyyy\"年\"m\"月\"d\"日\""))
        #expect(_CellStyles.isDateFormat("[$-804]yyyy/m/d"))
        #expect(!_CellStyles.isDateFormat("General"))
        #expect(!_CellStyles.isDateFormat("0.00E+00"))
        #expect(!_CellStyles.isDateFormat("\"day\"0.00"))
        #expect(!_CellStyles.isDateFormat("[Red]#,##0"))
        #expect(!_CellStyles.isDateFormat("0\\d"))
        #expect(_CellStyles.isBuiltInDate(14) && _CellStyles.isBuiltInDate(31) && _CellStyles.isBuiltInDate(57))
        #expect(!_CellStyles.isBuiltInDate(0) && !_CellStyles.isBuiltInDate(49))
    }

    @Test func serialDatesInBothSystems() {
        func date(_ serial: Int, _ date1904: Bool) -> String? {
            _ExcelSerial.date(Double(serial), system: date1904 ? .from1904 : .from1900).map { "\($0.year)-\($0.month)-\($0.day)" }
        }
        #expect(date(43252, false) == "2018-6-1")
        #expect(date(1, false) == "1900-1-1")
        #expect(date(59, false) == "1900-2-28")
        #expect(date(60, false) == nil)  // Excel's 29 February 1900, a day that never was
        #expect(date(61, false) == "1900-3-1")
        #expect(date(0, false) == nil)  // Excel's "1900-01-00"
        #expect(date(0, true) == "1904-1-1")
        #expect(date(41790, true) == "2018-6-1")
        #expect(date(2_958_465, false) == "9999-12-31")
        #expect(date(2_958_466, false) == nil)
        #expect(date(-1, false) == nil)
    }

    @Test func cellReferences() {
        func column(_ s: String) -> Int? { Array(s.utf8).withUnsafeBufferPointer(_CellRange.column(of:)) }
        #expect(column("A1") == 1)
        #expect(column("$AB$12") == 28)
        #expect(column("XFD1") == 16_384)
        #expect(column("12") == nil)
        let range = Array("B2:$C$5".utf8).withUnsafeBufferPointer { _CellRange($0) }
        #expect(range == _CellRange(firstRow: 2, firstColumn: 2, lastRow: 5, lastColumn: 3))
    }
}

/// The Done-when fixture: datasets/tianjin kept by LibreOffice as one workbook with Chinese
/// sheet names and headers reads cell for cell as the CSV tables (headers aside; a weight of
/// 1.0 reads as 1).
@Suite struct TianjinWorkbookTests {
    private static func fields(_ text: [UInt8]) -> [[String]] {
        var rows: [[String]] = []
        var start = 0, quoted = false
        for i in text.indices {
            if text[i] == UInt8(ascii: "\"") { quoted.toggle() }
            if text[i] == 0x0A, !quoted {
                rows.append(_csvFields(text, start..<i).map { _csvUnquoted(text[$0]) })
                start = i + 1
            }
        }
        return rows
    }

    @Test func theChineseWorkbookReadsAsTheCSVTables() throws {
        let b = try WorkbookFile(path: Repository.fixture("workbooks/tianjin-zh/tianjin.xlsx"))
        let names = ["区划": "regions", "组织": "organizations", "人员": "persons", "职务": "positions", "联系": "links", "单位": "institutions"]
        #expect(Set(b.sheets.map(\.name)) == Set(names.keys))
        for sheet in b.sheets {
            let table = try #require(names[sheet.name])
            let csv = Self.fields(Array(try String(contentsOfFile: Repository.dataset("tianjin/\(table).csv"), encoding: .utf8).utf8))
            let read = Self.fields(try b.readSheet(sheet).text)
            #expect(read.count == csv.count, "\(table)")
            // A weight of 1.0 is the number 1 in the workbook, and reads as the integer it is.
            func same(_ a: [String], _ b: [String]) -> Bool {
                a.count == b.count && zip(a, b).allSatisfy { $0 == $1 || (Double($0) != nil && Double($0) == Double($1)) }
            }
            for (r, c) in zip(read.dropFirst(), csv.dropFirst()) where !same(r, c) {
                Issue.record("\(table): \(r) ≠ \(c)")
                break
            }
        }
    }
}
