import Foundation
import Testing
import KexieIO
import KexieModel
import KexieTestSupport

private func fixtureBytes(_ name: String) throws -> [UInt8] {
    [UInt8](try Data(contentsOf: URL(fileURLWithPath: Repository.fixture("workbooks/\(name)"))))
}

/// Each diagnostic as printed, with the temporary folder's path cut off.
private func printed(_ outcome: LoadOutcome, in ds: TemporaryDataset) -> [String] {
    outcome.log.diagnostics.map { $0.description.replacingOccurrences(of: ds.path + "/", with: "") }
}

@Suite struct WorkbookLoadingTests {
    @Test func aWorkbookDatasetLoadsAsItsCSVTables() throws {
        let book = LoadOutcome(Repository.fixture("workbooks/sample"))
        let csv = LoadOutcome(Repository.dataset("sample"))
        let (b, c) = (try #require(book.dataset), try #require(csv.dataset))
        #expect(b.regions.count == c.regions.count && b.persons.count == c.persons.count && b.positions.count == c.positions.count)
        #expect(book.log.errorCount == 0 && book.log.warningCount == csv.log.warningCount)
    }

    @Test func errorsNameTheSheetAndCellAsExcelDoes() throws {
        let ds = try TemporaryDataset([:])
        try ds.write("book.xlsx", bytes: try fixtureBytes("errors/book.xlsx"))
        let outcome = LoadOutcome(ds.path)
        #expect(outcome.failure == .dataError)
        #expect(printed(outcome, in: ds) == [
            "book.xlsx[organizations]!H5: error: bad date \"2019-13-01\" in column \"founded\": expected YYYY-MM-DD, YYYY-MM or YYYY, or YYYY/M/D, YYYY.M.D, YYYY-M-D, YYYY年M月D日, YYYY年M月 or YYYY年 (a real calendar date; a time after a full date is ignored)",
            "book.xlsx[organizations]!C8: error: unknown organization type \"assocation\" in column \"type\" — did you mean \"association\"? (allowed: association, society, rural_tech_association, rural_tech_federation, enterprise_association, park_association, university_association, popularization_org, social_org, other)",
            "book.xlsx[persons]!F3: warning: region \"Nowhere\" is not in regions.csv",
            "book.xlsx[regions]: note: 1 sheet read as this table (\"regions\" → \"regions\")",
            "book.xlsx[organizations]: note: 1 sheet read as this table (\"organizations\" → \"organizations\")",
            "book.xlsx[persons]: note: 1 sheet read as this table (\"persons\" → \"persons\")",
        ])
    }

    @Test func aTableMayBeAWorkbookAndItsOtherSheetsAreNoted() throws {
        let ds = try TemporaryDataset()
        try ds.write("institutions.xlsx", bytes: try fixtureBytes("cells-openpyxl.xlsx"))
        let outcome = LoadOutcome(ds.path)
        let lines = printed(outcome, in: ds)
        #expect(lines.contains("institutions.xlsx[隐藏]: note: hidden sheet, ignored"))
        #expect(lines.contains("institutions.xlsx[说明]: note: ignored: table institutions is sheet \"人员\""))
        #expect(lines.contains("institutions.xlsx[人员]!D2: note: 3 workbook dates read by the workbook's date system (first: \"43252\" → \"2018-06-01\")"))
        #expect(lines.contains("institutions.xlsx[人员]!F3: note: 1 formula read as the cached value (\"=A2&\"-\"&B2\" → \"\")"))
        #expect(lines.contains("institutions.xlsx[人员]!C5: note: 1 merged cell read as the value of the range (\"\" → \"官员\")"))
    }

    @Test func bothACSVAndAWorkbookForOneTableIsAnError() throws {
        let ds = try TemporaryDataset()
        try ds.write("organizations.xlsx", bytes: try fixtureBytes("cells-openpyxl.xlsx"))
        let outcome = LoadOutcome(ds.path)
        #expect(outcome.failure == .dataError)
        #expect(printed(outcome, in: ds) == [
            "organizations.xlsx: error: both organizations.csv and organizations.xlsx exist: which one is table organizations? Keep only one of them",
        ])
    }

    @Test func oldBinaryAndEncryptedWorkbooksAskToBeSavedAsXLSX() throws {
        let save = "an Excel 97–2003 workbook (.xls), which kexie does not read; open it in Excel or LibreOffice and save it as \"Excel Workbook (.xlsx)\""
        let password = "a password-protected (encrypted) workbook, which kexie cannot read; open it, remove the password (Excel: File › Info › Protect Workbook › Encrypt with Password, cleared) and save it as .xlsx without a password"
        for (file, fixture, message) in [("links.xls", "old.xls", save), ("links.xlsx", "old.xls", save), ("links.xlsx", "encrypted.xlsx", password)] {
            let ds = try TemporaryDataset()
            try ds.write(file, bytes: try fixtureBytes(fixture))
            let outcome = LoadOutcome(ds.path)
            #expect(outcome.failure == .dataError)
            #expect(printed(outcome, in: ds) == ["\(file): error: \(message)"])
        }
        let alone = try TemporaryDataset([:])
        try alone.write("花名册.xls", bytes: try fixtureBytes("old.xls"))
        #expect(printed(LoadOutcome(alone.path), in: alone) == ["花名册.xls: error: \(save)"])
    }

    @Test func aDamagedWorkbookSaysWhatIsWrong() throws {
        let ds = try TemporaryDataset()
        try ds.write("links.xlsx", bytes: Array("PK\u{3}\u{4} cut short".utf8))
        #expect(printed(LoadOutcome(ds.path), in: ds) == [
            "links.xlsx: error: not a readable ZIP archive, so not an .xlsx workbook (damaged or cut short?)",
        ])
    }

    @Test func aFolderWorkbookNeedsTheRequiredSheetsAndOnlyOneWorkbook() throws {
        let ds = try TemporaryDataset([:])
        try ds.write("名册.xlsx", bytes: try fixtureBytes("cells-openpyxl.xlsx"))
        #expect(printed(LoadOutcome(ds.path), in: ds) == [
            "名册.xlsx[隐藏]: note: sheet ignored: its name is not a table's (regions/区划, organizations/组织, persons/人员, positions/职务, links/联系, institutions/单位); it is also hidden",
            "名册.xlsx[说明]: note: sheet ignored: its name is not a table's (regions/区划, organizations/组织, persons/人员, positions/职务, links/联系, institutions/单位)",
            "名册.xlsx: error: missing required table regions: the workbook has no visible sheet named regions or 区划",
            "名册.xlsx: error: missing required table organizations: the workbook has no visible sheet named organizations or 组织",
        ])
        try ds.write("其他.xlsx", bytes: try fixtureBytes("cells-openpyxl.xlsx"))
        let two = printed(LoadOutcome(ds.path), in: ds)
        #expect(two.count == 1 && two[0].hasSuffix("error: the folder holds 2 workbooks (其他.xlsx, 名册.xlsx) and no tables: keep one workbook with a sheet per table, or name each workbook by its table (regions.xlsx, organizations.xlsx, …)"))
    }

    @Test func csvDiagnosticsPrintAsBefore() {
        #expect(Diagnostic(.error, file: "a.csv", line: 7, column: 2, "x").description == "a.csv:7:2: error: x")
        #expect(Diagnostic(.error, file: "a.xlsx", sheet: "人员", line: 7, column: 2, "x").description == "a.xlsx[人员]!B7: error: x")
        #expect(Diagnostic(.error, file: "a.xlsx", sheet: "人员", line: 7, "x").description == "a.xlsx[人员]!7:7: error: x")
        #expect(Diagnostic(.note, file: "a.xlsx", sheet: "人员", "x").description == "a.xlsx[人员]: note: x")
        #expect(Diagnostic.columnLetters(1) == "A" && Diagnostic.columnLetters(26) == "Z" && Diagnostic.columnLetters(27) == "AA"
                && Diagnostic.columnLetters(16_384) == "XFD")
    }
}
