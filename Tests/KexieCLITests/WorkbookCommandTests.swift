import Testing
import KexieTestSupport

@Suite struct WorkbookCommandTests {
    /// datasets/sample kept as one workbook (LibreOffice, a sheet per table, dates as Excel
    /// dates, codes of digits as numbers) analyses to the same JSON document as its CSV tables.
    @Test func aWorkbookDatasetAnalysesToTheSameDocumentAsItsCSVTables() throws {
        let csv = try runKexie(["analyze", "datasets/sample", "--format", "json"])
        let book = try runKexie(["analyze", "Tests/Fixtures/workbooks/sample", "--format", "json"])
        #expect(book.status == 0, "\(book.stderr)")
        #expect(book.stdout == csv.stdout)
    }
}
