import Foundation
import ZIPFoundation

/// A value in a cell of a sheet being written. Each has its own cell type in the workbook, so
/// that a spreadsheet sorts, sums and filters it as what it is.
package enum _WorkbookCell: Sendable, Equatable {
    /// Nothing: the cell is left out.
    case empty
    /// Text, as an inline string (XML-illegal characters become U+FFFD).
    case text(String)
    /// A whole number.
    case integer(Int)
    /// A number; a non-finite one is written as its text (a workbook has no NaN).
    case number(Double)
    /// A share between 0 and 1, kept as the number and shown as a percentage (`94.4%`).
    case percent(Double)
    /// A date, as its serial number in the 1900 date system, shown `yyyy-mm-dd`. A date before
    /// 1900-01-01, which that system cannot hold, is written as its text.
    case date(year: Int, month: Int, day: Int)
    /// A flag (`TRUE`/`FALSE`).
    case bool(Bool)
}

/// A drop-down list on one column of a sheet, below its header: the values are offered, and a
/// value typed that is not among them gets a warning (the reader decides what it accepts; a
/// stop would refuse the English keys and other spellings the contract also reads).
package struct _WorkbookListValidation: Sendable {
    /// The column (0-based).
    package var column: Int
    /// The values offered, in order.
    package var values: [String]
    /// The warning's text when a value outside the list is typed.
    package var warning: String

    package init(column: Int, values: [String], warning: String) {
        self.column = column
        self.values = values
        self.warning = warning
    }
}

/// One sheet of a workbook being written: a header row (bold, frozen: it stays in view while
/// scrolling) and `rowCount` rows below it, asked for one at a time while the sheet is written,
/// so that a table is never copied whole into cells.
///
/// - Invariant: `rows(i)` for `0 ..< rowCount` gives at most `header.count` cells, and the same
///   cells each time it is asked (the sheet is produced twice: once to measure it, once to
///   write it).
package struct _WorkbookSheet {
    /// The sheet's name (at most 31 characters, none of `[ ] : * ? / \`).
    package var name: String
    /// The header row's texts, one per column.
    package var header: [String]
    /// The number of rows below the header.
    package var rowCount: Int
    /// The cells of row `i` (0-based, below the header).
    package var rows: (Int) -> [_WorkbookCell]
    /// Drop-down lists.
    package var validations: [_WorkbookListValidation] = []
    /// Columns formatted as text, so that a code typed into them keeps its digits (Excel turns
    /// `120101000000` typed into a general cell into `1.20101E+11`).
    package var textColumns: Set<Int> = []
    /// A hidden sheet is not shown in the tabs (readers such as kexie ignore it).
    package var isHidden = false

    package init(name: String, header: [String], rowCount: Int, rows: @escaping (Int) -> [_WorkbookCell]) {
        self.name = name
        self.header = header
        self.rowCount = rowCount
        self.rows = rows
    }
}

/// Why a workbook could not be written.
package enum _WorkbookWriteError: Error, CustomStringConvertible {
    /// A sheet has more rows than a worksheet holds (1,048,576 with the header).
    case tooManyRows(sheet: String, rows: Int)
    /// A text cell is longer than a cell holds (32,767 characters).
    case cellTooLong(sheet: String, cell: String, length: Int)
    /// A sheet name that a workbook cannot have.
    case badSheetName(String, reason: String)
    /// The ZIP archive could not be written.
    case archive(path: String, any Error)

    package var description: String {
        switch self {
        case let .tooManyRows(sheet, rows):
            "sheet \(sheet) would have \(rows) rows, more than the \(_SheetLimits.rows - 1) a worksheet holds below its header; write csv instead"
        case let .cellTooLong(sheet, cell, length):
            "cell \(sheet)!\(cell) would hold \(length) characters, more than the \(_SheetLimits.cellCharacters) a cell holds; write csv instead"
        case let .badSheetName(name, reason):
            "\"\(name)\" cannot name a sheet: \(reason)"
        case let .archive(path, error):
            "\(path): cannot write the workbook: \(error)"
        }
    }
}

/// The limits of a worksheet (Excel's, which other spreadsheets share).
enum _SheetLimits {
    /// Rows per sheet, the header included.
    static let rows = 1_048_576
    /// Characters (UTF-16 code units, as Excel counts) per cell.
    static let cellCharacters = 32_767
    /// Characters of a sheet name.
    static let nameCharacters = 31
    /// Characters of a list validation's literal formula (`"a,b,c"`); longer lists go to a
    /// hidden sheet and are referred to by range.
    static let literalListCharacters = 255
    /// Widths of columns, in characters of the default font.
    static let widths = 6...80
}

/// Writes an .xlsx workbook (an OOXML package: a ZIP archive of XML parts) whose sheets are
/// `sheets`, in order: the package's content types and relationships, the workbook, a style
/// sheet (bold header, dates, percentages, text) and one worksheet per sheet. Strings are
/// inline (`t="inlineStr"`), so each sheet streams in one pass with no shared-string table to
/// build first; spreadsheets (Excel, LibreOffice, openpyxl) read them as any string. Dates use
/// the 1900 date system.
///
/// Every part goes into the archive through ZIPFoundation's provider, deflated, in pieces of
/// `chunkSize` bytes: a sheet is produced twice — once to measure it (ZIP needs the size first)
/// and fit its columns' widths, once to write it — and is never held whole.
///
/// Drop-down lists whose literal form would pass Excel's 255-character limit, or whose values
/// hold a comma or a quote, are written to a hidden sheet named `listsSheetName`, one column
/// per list, and referred to by range.
///
/// - Complexity: O(cells) twice per sheet, plus deflate; memory O(`chunkSize` + one row).
package struct _WorkbookWriter {
    /// The sheets, in tab order.
    package var sheets: [_WorkbookSheet]
    /// The name of the hidden sheet that holds long drop-down lists (made only when needed).
    package var listsSheetName = "lists"
    /// The size of the pieces handed to the archive.
    package var chunkSize = 1 << 16

    package init(sheets: [_WorkbookSheet]) {
        self.sheets = sheets
    }

    /// Adds the workbook's parts to the ZIP archive at `path`, which must hold an empty archive
    /// (the 22 bytes of `_WorkbookWriter.emptyArchive`): callers create the file themselves, as
    /// their output discipline says (a temporary file renamed into place), and hand it over.
    package func write(toArchiveAt path: String) throws(_WorkbookWriteError) {
        let plan = try _plan()
        do {
            let archive = try Archive(url: URL(fileURLWithPath: path), accessMode: .update)
            try _addParts(plan, to: archive)
        } catch let error as _WorkbookWriteError {
            throw error
        } catch {
            throw .archive(path: path, error)
        }
    }

    /// The workbook as the bytes of its archive, built in memory: for destinations that cannot
    /// seek (standard output, a pipe).
    package func archiveBytes() throws(_WorkbookWriteError) -> [UInt8] {
        let plan = try _plan()
        do {
            let archive = try Archive(accessMode: .create)
            try _addParts(plan, to: archive)
            return [UInt8](archive.data ?? Data())
        } catch let error as _WorkbookWriteError {
            throw error
        } catch {
            throw .archive(path: "memory", error)
        }
    }

    /// An empty ZIP archive: its end-of-central-directory record and nothing else.
    package static let emptyArchive: [UInt8] = [0x50, 0x4B, 0x05, 0x06] + [UInt8](repeating: 0, count: 18)

    /// The sheets as written: the given ones, checked, with their long lists moved to the
    /// hidden lists sheet (added last) when there are any.
    func _plan() throws(_WorkbookWriteError) -> [_SheetPart] {
        var parts: [_SheetPart] = []
        var lists: [[String]] = []
        var names: Set<String> = []
        for sheet in sheets {
            try _SheetPart.check(name: sheet.name)
            // Excel compares sheet names ignoring case.
            guard names.insert(sheet.name.lowercased()).inserted else { throw .badSheetName(sheet.name, reason: "two sheets have this name") }
            if sheet.rowCount >= _SheetLimits.rows { throw .tooManyRows(sheet: sheet.name, rows: sheet.rowCount + 1) }
            var part = _SheetPart(sheet: sheet)
            for v in sheet.validations {
                if let literal = _SheetPart.literalList(v.values) {
                    part.validationFormulas.append(literal)
                } else {
                    lists.append(v.values)
                    part.validationFormulas.append(_SheetPart.rangeFormula(sheet: listsSheetName, column: lists.count - 1, count: v.values.count))
                }
            }
            parts.append(part)
        }
        guard !lists.isEmpty else { return parts }
        try _SheetPart.check(name: listsSheetName)
        if names.contains(listsSheetName.lowercased()) { throw .badSheetName(listsSheetName, reason: "a sheet has the name of the lists sheet") }
        let height = lists.map(\.count).max() ?? 0
        var listSheet = _WorkbookSheet(name: listsSheetName, header: [], rowCount: height) { i in
            lists.map { i < $0.count ? .text($0[i]) : .empty }
        }
        listSheet.isHidden = true
        parts.append(_SheetPart(sheet: listSheet, headerless: true))
        return parts
    }

    private func _addParts(_ parts: [_SheetPart], to archive: Archive) throws {
        try _add("[Content_Types].xml", _WorkbookPackage.contentTypes(sheets: parts.count), to: archive)
        try _add("_rels/.rels", _WorkbookPackage.packageRelationships, to: archive)
        try _add("xl/workbook.xml", _WorkbookPackage.workbook(parts), to: archive)
        try _add("xl/_rels/workbook.xml.rels", _WorkbookPackage.workbookRelationships(sheets: parts.count), to: archive)
        try _add("xl/styles.xml", _WorkbookPackage.styles, to: archive)
        for (i, part) in parts.enumerated() {
            let measured = try part.measured()
            let stream = part.stream(measured)
            try archive.addEntry(with: "xl/worksheets/sheet\(i + 1).xml", type: .file, uncompressedSize: Int64(measured.size),
                                 modificationDate: _WorkbookPackage.timestamp, compressionMethod: .deflate, bufferSize: chunkSize) { _, size in
                stream.next(size)
            }
            precondition(stream.isFinished, "sheet \(part.sheet.name): measured and written sizes differ")
        }
    }

    private func _add(_ path: String, _ bytes: [UInt8], to archive: Archive) throws {
        try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(bytes.count),
                             modificationDate: _WorkbookPackage.timestamp, compressionMethod: .deflate, bufferSize: chunkSize) { position, size in
            Data(bytes[Int(position) ..< Int(position) + size])
        }
    }
}
