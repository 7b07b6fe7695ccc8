import KexieMachinery

/// The cell styles of `_WorkbookPackage.styles`, by their index in its `cellXfs`.
enum _CellStyle: Int {
    case normal = 0
    /// Bold: the header row.
    case header = 1
    /// `yyyy-mm-dd`: dates.
    case date = 2
    /// `0.0%`: shares.
    case percent = 3
    /// `@`: text, so that a code typed in keeps its digits.
    case text = 4
}

/// Cell references, widths and date serials.
enum _SheetText {
    /// The letters of column `c` (0-based): A … Z, AA … ZZ, AAA ….
    static func columnName(_ c: Int) -> String {
        var n = c + 1, letters: [UInt8] = []
        while n > 0 {
            n -= 1
            letters.append(UInt8(ascii: "A") + UInt8(n % 26))
            n /= 26
        }
        return String(decoding: letters.reversed(), as: UTF8.self)
    }

    /// The reference of a cell (`B7`), `row` 1-based.
    static func reference(column: Int, row: Int) -> String { "\(columnName(column))\(row)" }

    /// The width of `text` in characters of a spreadsheet's default font: East Asian wide and
    /// full-width characters (CJK ideographs, kana, hangul, full-width forms) count two, others one.
    ///
    /// - Complexity: O(characters).
    static func displayWidth(_ text: String) -> Int {
        var width = 0
        for scalar in text.unicodeScalars { width += isWide(scalar.value) ? 2 : 1 }
        return width
    }

    /// Whether a code point is East Asian wide or full-width (Unicode's EastAsianWidth W and F,
    /// in the blocks that matter for Chinese text).
    static func isWide(_ v: UInt32) -> Bool {
        switch v {
        case 0x1100 ... 0x115F, 0x2E80 ... 0x303E, 0x3041 ... 0x33FF, 0x3400 ... 0x4DBF, 0x4E00 ... 0x9FFF,
             0xA000 ... 0xA4CF, 0xAC00 ... 0xD7A3, 0xF900 ... 0xFAFF, 0xFE30 ... 0xFE4F, 0xFF00 ... 0xFF60,
             0xFFE0 ... 0xFFE6, 0x20000 ... 0x3FFFD:
            true
        default:
            false
        }
    }

    /// The serial number of a date in the 1900 date system: days since 1899-12-30 from
    /// 1900-03-01 on, one more than the days since 1899-12-31 before (the system counts a
    /// 29 February 1900 that never was). `nil` before 1900-01-01, which the system cannot hold.
    static func serial(year: Int, month: Int, day: Int) -> Int? {
        guard year >= 1900 else { return nil }
        let days = daysFromCivil(year: year, month: month, day: day)
        if days >= daysFromCivil(year: 1900, month: 3, day: 1) { return days - daysFromCivil(year: 1899, month: 12, day: 30) }
        return days - daysFromCivil(year: 1899, month: 12, day: 31)
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
    static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }
}

extension _ByteWriter {
    /// Appends a cell's opening tag up to its value: `<c r="B7"[ s="N"][ t="T"]>`.
    mutating func appendCellStart(column: Int, row: Int, style: _CellStyle, type: StaticString?) {
        append("<c r=\"")
        append(_SheetText.columnName(column))
        append(int: row)
        if style != .normal {
            append("\" s=\"")
            append(int: style.rawValue)
        }
        if let type {
            append("\" t=\"")
            append(type)
        }
        append("\">")
    }

    /// Appends an inline-string cell. Leading or trailing white space is kept
    /// (`xml:space="preserve"`); characters XML cannot carry become U+FFFD.
    mutating func appendTextCell(_ text: String, column: Int, row: Int, style: _CellStyle) {
        appendCellStart(column: column, row: row, style: style, type: "inlineStr")
        let padded = text.first.map(\.isWhitespace) == true || text.last.map(\.isWhitespace) == true
        append(padded ? "<is><t xml:space=\"preserve\">" : "<is><t>")
        append(text, escaping: _XMLEscaping.self)
        append("</t></is></c>")
    }

    /// Appends a cell that is not text (a number, share, date or flag); returns the width of
    /// the value as a spreadsheet shows it.
    mutating func appendValueCell(_ cell: _WorkbookCell, column: Int, row: Int) -> Int {
        switch cell {
        case .integer(let n):
            appendCellStart(column: column, row: row, style: .normal, type: nil)
            return appendValue { $0.append(int: n) }
        case .number(let d) where d.isFinite:
            appendCellStart(column: column, row: row, style: .normal, type: nil)
            return appendValue { $0.append(decimal: d) }
        case .percent(let d) where d.isFinite:
            appendCellStart(column: column, row: row, style: .percent, type: nil)
            _ = appendValue { $0.append(decimal: d) }
            return 6  // "100.0%"
        case .number(let d), .percent(let d):
            appendTextCell(d.description, column: column, row: row, style: .normal)
            return d.description.count
        case let .date(y, m, d):
            guard let serial = _SheetText.serial(year: y, month: m, day: d) else {
                var text = _ByteWriter(capacity: 16)
                text.append(year: y, month: m, day: d)
                appendTextCell(text.text, column: column, row: row, style: .normal)
                return text.count
            }
            appendCellStart(column: column, row: row, style: .date, type: nil)
            _ = appendValue { $0.append(int: serial) }
            return 10
        case .bool(let b):
            appendCellStart(column: column, row: row, style: .normal, type: "b")
            append(b ? "<v>1</v></c>" : "<v>0</v></c>")
            return 5
        case .text(let t):
            appendTextCell(t, column: column, row: row, style: .normal)
            return _SheetText.displayWidth(t)
        case .empty:
            return 0
        }
    }

    /// Appends `<v>…</v></c>` with the value `body` writes; returns the value's byte count.
    private mutating func appendValue(_ body: (inout _ByteWriter) -> Void) -> Int {
        append("<v>")
        let start = flushedCount + count
        body(&self)
        let width = flushedCount + count - start
        append("</v></c>")
        return width
    }
}
