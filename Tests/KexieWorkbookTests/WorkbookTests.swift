// Spreadsheets as people keep them: .xlsx workbooks read (ZIPFoundation for the OOXML package,
// libxml2's streaming parser for its XML) and written.
import Testing
import KexieTestSupport
@testable import KexieWorkbook

@Suite struct WorkbookDumpTests {
    @Test func dump() throws {
        for name in ["cells-openpyxl", "cells-1904-openpyxl", "cells-libreoffice", "handmade", "sample/sample"] {
            let book = try WorkbookFile(path: Repository.fixture("workbooks/\(name).xlsx"))
            print("== \(name) 1904=\(book.date1904) sheets=\(book.sheets)")
            for s in book.sheets {
                let t = try book.readSheet(s)
                print("-- \(s.name) rows=\(t.lineRows)")
                print(String(decoding: t.text, as: UTF8.self))
                for c in t.conversions { print("   conv", c.first, c.count) }
            }
        }
    }
}
