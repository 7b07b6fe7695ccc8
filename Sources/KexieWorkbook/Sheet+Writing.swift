import Foundation
import KexieMachinery

/// One worksheet part (`xl/worksheets/sheetN.xml`) being written: measured once, then streamed.
///
/// The XML: the sheet's dimension; a view whose pane is frozen below the header row; the
/// columns' widths (fitted to the widest text, CJK characters counting double) and, for text
/// columns, their text style; the rows, each cell with its reference (`B7`) and type; the
/// drop-down lists. Styles are those of `_WorkbookPackage.styles` (`_CellStyle`).
struct _SheetPart {
    /// The sheet.
    let sheet: _WorkbookSheet
    /// Whether row 1 holds data (the hidden lists sheet) instead of a header.
    let headerless: Bool
    /// The `<formula1>` of each of `sheet.validations`, in order.
    var validationFormulas: [String] = []

    init(sheet: _WorkbookSheet, headerless: Bool = false) {
        self.sheet = sheet
        self.headerless = headerless
    }

    /// What measuring the sheet found: the part's size in bytes and what goes before and after
    /// its rows.
    struct Measure {
        /// The byte count of the whole part.
        var size: Int
        /// Everything before the first row, the column widths included.
        var head: [UInt8]
        /// Everything after the last row.
        var tail: [UInt8]
    }

    /// The rows' first sheet row (1-based): 2 below a header.
    var firstDataRow: Int { headerless ? 1 : 2 }

    /// Produces the rows once, counting their bytes and fitting the widths; checks each text
    /// cell's length.
    ///
    /// - Complexity: O(cells).
    func measured() throws(_WorkbookWriteError) -> Measure {
        var widths = headerless ? [] : sheet.header.map { _SheetText.displayWidth($0) + 1 }  // bold is wider
        var columns = sheet.header.count
        var rowBytes = 0
        var w = _ByteWriter(flushThreshold: 1 << 16)
        let count: (UnsafeBufferPointer<UInt8>) -> Void = { rowBytes += $0.count }
        if !headerless { writeHeader(into: &w) }
        for i in 0 ..< sheet.rowCount {
            let cells = sheet.rows(i)
            columns = max(columns, cells.count)
            try writeRow(i, cells, into: &w, widths: &widths)
            w.flushIfFull(to: count)
        }
        w.flush(to: count)
        let head = self.head(widths: widths, columns: columns), tail = self.tail()
        return Measure(size: head.count + rowBytes + tail.count, head: head, tail: tail)
    }

    /// The part's bytes in pieces, as measured.
    func stream(_ measure: Measure) -> _SheetStream {
        _SheetStream(part: self, measure: measure)
    }

    // MARK: Rows

    /// The header row: bold text.
    func writeHeader(into w: inout _ByteWriter) {
        w.append("<row r=\"1\">")
        for (c, text) in sheet.header.enumerated() {
            w.appendTextCell(text, column: c, row: 1, style: .header)
        }
        w.append("</row>")
    }

    /// Row `i` below the header, widening `widths` to its cells.
    func writeRow(_ i: Int, _ cells: [_WorkbookCell], into w: inout _ByteWriter, widths: inout [Int]) throws(_WorkbookWriteError) {
        let r = firstDataRow + i
        w.append("<row r=\"")
        w.append(int: r)
        w.append("\">")
        for (c, cell) in cells.enumerated() {
            if c >= widths.count { widths.append(0) }
            let width: Int
            switch cell {
            case .empty: continue
            case .text(let text):
                let length = text.utf16.count
                if length > _SheetLimits.cellCharacters {
                    throw .cellTooLong(sheet: sheet.name, cell: _SheetText.reference(column: c, row: r), length: length)
                }
                w.appendTextCell(text, column: c, row: r, style: sheet.textColumns.contains(c) ? .text : .normal)
                width = _SheetText.displayWidth(text)
            default:
                width = w.appendValueCell(cell, column: c, row: r)
            }
            widths[c] = max(widths[c], width)
        }
        w.append("</row>")
    }

    /// Row `i` below the header, for the second pass (its cells were checked by the first).
    func writeRow(_ i: Int, into w: inout _ByteWriter) {
        var ignored: [Int] = []
        do { try writeRow(i, sheet.rows(i), into: &w, widths: &ignored) } catch { preconditionFailure("checked when measured: \(error)") }
    }

    // MARK: Before and after the rows

    private func head(widths: [Int], columns: Int) -> [UInt8] {
        var w = _ByteWriter(capacity: 1024)
        w.append("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n")
        w.append("<worksheet xmlns=\"\(_WorkbookPackage.mainNamespace)\" xmlns:r=\"\(_WorkbookPackage.relationshipNamespace)\">")
        let lastRow = firstDataRow - 1 + sheet.rowCount
        w.append("<dimension ref=\"A1")
        if columns > 0 && lastRow > 0 { w.append(":" + _SheetText.reference(column: columns - 1, row: lastRow)) }
        w.append("\"/>")
        w.append("<sheetViews><sheetView workbookViewId=\"0\">")
        if !headerless {
            w.append("<pane ySplit=\"1\" topLeftCell=\"A2\" activePane=\"bottomLeft\" state=\"frozen\"/>")
            w.append("<selection pane=\"bottomLeft\" activeCell=\"A2\" sqref=\"A2\"/>")
        }
        w.append("</sheetView></sheetViews><sheetFormatPr defaultRowHeight=\"15\"/>")
        if !widths.isEmpty {
            w.append("<cols>")
            for (c, width) in widths.enumerated() {
                let fitted = min(max(width + 2, _SheetLimits.widths.lowerBound), _SheetLimits.widths.upperBound)
                w.append("<col min=\"")
                w.append(int: c + 1)
                w.append("\" max=\"")
                w.append(int: c + 1)
                w.append("\" width=\"")
                w.append(int: fitted)
                w.append("\" customWidth=\"1\"")
                if sheet.textColumns.contains(c) { w.append(" style=\"\(_CellStyle.text.rawValue)\"") }
                w.append("/>")
            }
            w.append("</cols>")
        }
        w.append("<sheetData>")
        return w.bytes
    }

    private func tail() -> [UInt8] {
        var w = _ByteWriter(capacity: 1024)
        w.append("</sheetData>")
        if !sheet.validations.isEmpty {
            w.append("<dataValidations count=\"")
            w.append(int: sheet.validations.count)
            w.append("\">")
            for (v, formula) in zip(sheet.validations, validationFormulas) {
                let column = _SheetText.columnName(v.column)
                w.append("<dataValidation type=\"list\" errorStyle=\"warning\" allowBlank=\"1\" showInputMessage=\"1\" showErrorMessage=\"1\" error=\"")
                w.append(v.warning, escaping: _XMLEscaping.self)
                w.append("\" sqref=\"\(column)\(firstDataRow):\(column)\(_SheetLimits.rows)\"><formula1>")
                w.append(formula, escaping: _XMLEscaping.self)
                w.append("</formula1></dataValidation>")
            }
            w.append("</dataValidations>")
        }
        w.append("</worksheet>")
        return w.bytes
    }

    // MARK: Names and lists

    /// Checks a sheet name: 1 to 31 characters, none of `[ ] : * ? / \`, not starting or ending
    /// with an apostrophe.
    static func check(name: String) throws(_WorkbookWriteError) {
        let length = name.utf16.count
        if length == 0 || length > _SheetLimits.nameCharacters {
            throw .badSheetName(name, reason: "a sheet name has 1 to \(_SheetLimits.nameCharacters) characters")
        }
        if let bad = name.first(where: { "[]:*?/\\".contains($0) }) {
            throw .badSheetName(name, reason: "a sheet name cannot hold \(bad)")
        }
        if name.hasPrefix("'") || name.hasSuffix("'") {
            throw .badSheetName(name, reason: "a sheet name cannot start or end with an apostrophe")
        }
    }

    /// The list as a literal formula (`"a,b,c"`), or nil when it cannot be one: a value holds a
    /// comma or a quote, or the formula would pass Excel's 255 characters.
    static func literalList(_ values: [String]) -> String? {
        guard !values.contains(where: { $0.contains(",") || $0.contains("\"") }) else { return nil }
        let literal = "\"" + values.joined(separator: ",") + "\""
        return literal.utf16.count <= _SheetLimits.literalListCharacters ? literal : nil
    }

    /// The absolute range of the `count` values in column `column` of `sheet`
    /// (`'lists'!$A$1:$A$22`).
    static func rangeFormula(sheet: String, column: Int, count: Int) -> String {
        let quoted = "'" + sheet.replacing("'", with: "''") + "'"
        let c = _SheetText.columnName(column)
        return "\(quoted)!$\(c)$1:$\(c)$\(max(count, 1))"
    }
}

/// A sheet part's bytes handed out in pieces of the sizes asked for: its head, then rows
/// produced a few at a time, then its tail. A class: the archive's provider closure holds it.
final class _SheetStream {
    private let part: _SheetPart
    private let measure: _SheetPart.Measure
    /// Produced and not yet handed out: `pending[offset...]`.
    private var pending: [UInt8] = []
    private var offset = 0
    /// The next row to produce; -1 before the head.
    private var nextRow = -1
    private var produced = 0
    private var handedOut = 0
    private var w = _ByteWriter(capacity: 1 << 16)

    init(part: _SheetPart, measure: _SheetPart.Measure) {
        self.part = part
        self.measure = measure
    }

    /// Whether every byte measured has been handed out, and no more were produced.
    var isFinished: Bool { handedOut == measure.size && produced == measure.size }

    /// The next `size` bytes (fewer only at the end).
    ///
    /// - Complexity: O(size) amortized.
    func next(_ size: Int) -> Data {
        while pending.count - offset < size, produceMore() {}
        let n = min(size, pending.count - offset)
        let piece = Data(pending[offset ..< offset + n])
        offset += n
        handedOut += n
        if offset > (1 << 20) || offset == pending.count {
            pending.removeFirst(offset)
            offset = 0
        }
        return piece
    }

    /// Appends the next piece to `pending`; false when everything has been produced.
    private func produceMore() -> Bool {
        let rows = part.sheet.rowCount
        switch nextRow {
        case -1:
            w.append(measure.head)
            if !part.headerless { part.writeHeader(into: &w) }
            nextRow = 0
        case rows:
            w.append(measure.tail)
            nextRow += 1
        case let r where r < rows:
            // Rows in batches, so that a piece asked for is usually filled by one batch.
            let end = min(rows, r + 256)
            for i in r ..< end { part.writeRow(i, into: &w) }
            nextRow = end
        default:
            return false
        }
        pending.append(contentsOf: w.bytes)
        w.removeAll()
        produced = handedOut + pending.count - offset
        return true
    }
}
