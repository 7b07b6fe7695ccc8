import KexieMachinery

/// A worksheet as CSV text (RFC 4180, UTF-8, LF line ends): one record per row that has a
/// value, cells in the fields of their columns (field 1 is column A, so a field's number is
/// its column's), every record as wide as the widest. The loader reads it as it reads a CSV
/// table, and `lineRows` takes its line numbers back to the sheet's rows.
///
/// Cells read as dataset.md, "Workbooks", has them: shared and inline strings as their text
/// (rich-text runs joined), a number that is an integer as its digits (`1.20101001E+11` →
/// `120101001000`) and any other as its shortest decimal, a number in a date style as
/// `YYYY-MM-DD` by the workbook's date system (the time of day left out), a boolean as `TRUE`
/// or `FALSE`, an error as its code (`#N/A`), a formula as its cached value, and each cell of
/// a merged range as the range's value.
package struct SheetText: Sendable {
    /// The CSV text.
    package var text: [UInt8]
    /// The sheet row of each line of `text`: line `n` (1-based) is on row `lineRows[n - 1]`.
    /// A cell holding a line break spans two lines of one row.
    package var lineRows: [Int32]
    /// The cells read in another form than the workbook's XML holds them, by kind in the order
    /// first found.
    package var conversions: [SheetConversionTally]

    /// The sheet row of text line `line` (1-based), or `nil` past the end.
    package func row(ofLine line: Int) -> Int? {
        line >= 1 && line <= lineRows.count ? Int(lineRows[line - 1]) : nil
    }
}

/// One cell read in another form than its XML holds it.
package struct SheetCellConversion: Sendable, Equatable {
    package enum Kind: Sendable, Equatable {
        /// A number in a date style, read as a date.
        case serialDate
        /// A number that is an integer, read as its digits where its XML text differs
        /// (`1.20101001E+11`).
        case number
        /// A formula, read as its cached value.
        case formula
        /// A cell of a merged range, read as the range's value.
        case mergedCell
    }
    package let kind: Kind
    /// The sheet row and column (1-based; column 1 is A).
    package let row: Int
    package let column: Int
    /// What the XML held (`43252`, `=A1&B1`, or empty for a merged cell).
    package let read: String
    /// What the cell is read as.
    package let became: String
}

/// The conversions of one kind in a sheet: how many, the first, and every one when asked.
package struct SheetConversionTally: Sendable {
    package let first: SheetCellConversion
    package var count: Int
    /// Every conversion of the kind in sheet order when the read kept them all, else empty.
    package var all: [SheetCellConversion]
}

extension WorkbookFile {
    /// Reads `sheet` as CSV text, its worksheet part inflated and parsed in pieces (the XML is
    /// never held whole). Every conversion is kept in the tallies when `keepingEveryConversion`;
    /// else only the first of each kind is made as text.
    ///
    /// - Throws: `WorkbookReadError` `.corrupt` when the part is missing or not well-formed,
    ///   or holds a cell reference that is not one.
    /// A worksheet of `inflatingBesideFrom` bytes or more is inflated on a thread of its own
    /// (`streamBeside`); tests lower it to read small sheets so.
    ///
    /// - Complexity: O(size of the worksheet's XML); memory O(size of the text).
    package func readSheet(_ sheet: WorkbookSheet, keepingEveryConversion: Bool = false,
                           inflatingBesideFrom: Int = WorkbookFile.inflatesBesideFrom) throws(WorkbookReadError) -> SheetText {
        let archive = try Self.openArchive(path)
        guard let part = sheet.part, let entry = archive[part] else {
            throw WorkbookReadError(.corrupt, "the workbook lists sheet \"\(sheet.name)\" but has no worksheet for it (the file is damaged)")
        }
        return try sharedStrings.withPointers { (strings) throws(WorkbookReadError) -> SheetText in
            let reader = _SheetToCSV(strings: strings, styles: styles, date1904: date1904,
                                     keepsEveryConversion: keepingEveryConversion, size: Int(clamping: entry.uncompressedSize))
            var scanner = _XMLScanner(reader)
            defer { scanner.deallocate() }
            var stopped = false
            do throws(WorkbookReadError) {
                let feed = { (bytes: UnsafeRawBufferPointer) throws(_XMLError) in
                    try scanner.feed(bytes)
                    if reader.failure != nil {
                        stopped = true
                        throw _XMLError(message: "", line: 0)
                    }
                }
                if entry.uncompressedSize >= inflatingBesideFrom {
                    try Self.streamBeside(path, part, feed)
                } else {
                    try Self.stream(archive, entry, part, feed)
                }
            } catch where !stopped { throw error }
            if let failure = reader.failure { throw WorkbookReadError(.corrupt, "sheet \"\(sheet.name)\": \(failure)") }
            do throws(_XMLError) { try scanner.finish() } catch { throw Self.malformed(part, error) }
            return reader.finish()
        }
    }
}

/// The type of a cell (`<c t="…">`).
enum _CellType {
    case number, shared, inline, formulaString, boolean, error, isoDate

    init(_ t: UnsafeBufferPointer<UInt8>?) {
        guard let t, let first = t.first else { self = .number; return }
        switch first {
        case UInt8(ascii: "s"): self = t.count == 1 ? .shared : .formulaString  // s, str
        case UInt8(ascii: "i"): self = .inline  // inlineStr
        case UInt8(ascii: "b"): self = .boolean
        case UInt8(ascii: "e"): self = .error
        case UInt8(ascii: "d"): self = .isoDate
        default: self = .number
        }
    }
}

/// The SAX handler that writes a worksheet's rows as CSV as they are parsed.
final class _SheetToCSV: _XMLHandler {
    /// The workbook's shared strings, valid while the sheet is read (`readSheet`).
    let strings: _SharedStringPointers
    let styles: _CellStyles
    let date1904: Bool
    let keepsEveryConversion: Bool
    /// The first structural problem (a bad cell reference); the rest of the sheet is ignored.
    var failure: String?

    @exclusivity(unchecked) var out: _ByteWriter
    @exclusivity(unchecked) var lineRows: [Int32] = []
    /// Where each written record starts in `out`, and its sheet row (for `_SheetRebuild`).
    var recordStarts: [Int] = []
    var recordRows: [Int32] = []
    var tallies: [SheetConversionTally] = []
    var merges: [_CellRange] = []
    /// The header's width (its last column with a value), once the first record is written.
    var width = 0
    /// The last column with a value in any row.
    var widest = 0

    // The row and cell being read. Unchecked exclusivity: only this handler's methods touch
    // them, one at a time, from the scanner's calls (the dynamic checks were a tenth of a large
    // sheet's time).
    // The row being read.
    @exclusivity(unchecked) var row = 0
    @exclusivity(unchecked) var column = 0
    @exclusivity(unchecked) var commas = 0
    var rowStart = 0
    @exclusivity(unchecked) var rowHasValue = false
    @exclusivity(unchecked) var rowLineEnds = 0
    /// A shared-string cell not yet written: its string and column (`deferShared`).
    @exclusivity(unchecked) var pendingShared: (index: Int, column: Int)?
    // The cell being read.
    @exclusivity(unchecked) var type = _CellType.number
    @exclusivity(unchecked) var style = 0
    @exclusivity(unchecked) var hasFormula = false
    @exclusivity(unchecked) private var capturing = false
    @exclusivity(unchecked) private var inInline = false
    @exclusivity(unchecked) private var inPhonetic = false
    /// The text of the cell's `<v>` or inline string.
    @exclusivity(unchecked) var value = _ByteWriter(capacity: 256)
    @exclusivity(unchecked) var formula: [UInt8] = []
    @exclusivity(unchecked) private var capturingFormula = false

    init(strings: _SharedStringPointers, styles: _CellStyles, date1904: Bool, keepsEveryConversion: Bool, size: Int) {
        self.strings = strings
        self.styles = styles
        self.date1904 = date1904
        self.keepsEveryConversion = keepsEveryConversion
        // The CSV is about a third of the XML of a sheet of short cells.
        out = _ByteWriter(capacity: max(4096, min(size / 3, 1 << 29)))
    }

    func start(_ name: _XMLName, _ attributes: _XMLAttributes) {
        guard failure == nil else { return }
        switch name.pointer[0] {
        case UInt8(ascii: "c") where name.count == 1:
            startCell(attributes)
        case UInt8(ascii: "v") where name.count == 1:
            capturing = true
        case UInt8(ascii: "t") where name.count == 1:
            capturing = inInline && !inPhonetic
        case UInt8(ascii: "f") where name.count == 1:
            hasFormula = true
            capturingFormula = true
        case UInt8(ascii: "r") where name.is("row"):
            startRow(attributes)
        case UInt8(ascii: "r") where name.is("rPh"):
            inPhonetic = true
        case UInt8(ascii: "i") where name.is("is"):
            inInline = true
        case UInt8(ascii: "m") where name.is("mergeCell"):
            if let ref = attributes.value("ref"), let range = _CellRange(ref) { merges.append(range) }
        default:
            break
        }
    }

    func end(_ name: _XMLName) {
        guard failure == nil else { return }
        switch name.pointer[0] {
        case UInt8(ascii: "c") where name.count == 1:
            endCell()
        case UInt8(ascii: "v") where name.count == 1, UInt8(ascii: "t") where name.count == 1:
            capturing = false
        case UInt8(ascii: "f") where name.count == 1:
            capturingFormula = false
        case UInt8(ascii: "r") where name.is("row"):
            endRow()
        case UInt8(ascii: "r") where name.is("rPh"):
            inPhonetic = false
        case UInt8(ascii: "i") where name.is("is"):
            inInline = false
        default:
            break
        }
    }

    @inline(__always)
    func characters(_ text: UnsafeBufferPointer<UInt8>) {
        if capturing {
            value.append(text)
        } else if capturingFormula {
            formula.append(contentsOf: text)
        }
    }

    private func startRow(_ attributes: _XMLAttributes) {
        if let r = attributes.value("r") {
            guard let n = _parseCount(r), n > row else { return fail("row number \"\(String(decoding: r, as: UTF8.self))\" out of order or not a number") }
            row = n
        } else {
            row += 1
        }
        column = 0
        commas = 0
        rowStart = out.count
        rowHasValue = false
        rowLineEnds = 0
    }

    private func startCell(_ attributes: _XMLAttributes) {
        if let r = attributes.value("r") {
            guard let c = _CellRange.column(of: r) else { return fail("cell reference \"\(String(decoding: r, as: UTF8.self))\" is not one") }
            column = c
        } else {
            column += 1
        }
        type = _CellType(attributes.value("t"))
        style = attributes.value("s").flatMap(_parseCount) ?? 0
        hasFormula = false
        value.removeAll()
        if !formula.isEmpty { formula.removeAll(keepingCapacity: true) }
    }

    private func endRow() {
        writePendingShared()
        guard rowHasValue else { return }
        if recordStarts.isEmpty { width = commas + 1 }
        widest = max(widest, commas + 1)
        if commas + 1 < width { out.append(UInt8(ascii: ","), repeating: width - 1 - commas) }
        out.append(0x0A)
        recordStarts.append(rowStart)
        recordRows.append(Int32(row))
        for _ in 0...rowLineEnds { lineRows.append(Int32(row)) }
    }

    func fail(_ message: String) {
        if failure == nil { failure = message }
    }
}
