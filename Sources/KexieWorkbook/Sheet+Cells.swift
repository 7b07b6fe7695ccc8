import KexieMachinery
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The cells of a worksheet written as CSV fields (see `SheetText` for how each type reads).
extension _SheetToCSV {
    /// Writes the cell just closed at its column, if it has a value.
    func endCell() {
        if type != .shared { writePendingShared() }
        switch type {
        case .shared: deferShared()
        case .inline, .formulaString, .error: writeText()
        case .boolean: writeBoolean()
        case .isoDate: writeISODate()
        case .number: writeNumber()
        }
        if hasFormula { noteFormula() }
    }

    /// Moves to the cell's field: the commas before it. False (after failing) when the cell
    /// is left of one already written.
    @inline(__always)
    private func place(_ column: Int? = nil) -> Bool {
        let column = column ?? self.column
        let k = column - 1
        guard k >= commas, column <= 16_384 else {
            fail("cell in column \(column) of row \(row) out of order")
            return false
        }
        if k > commas { out.append(UInt8(ascii: ","), repeating: k - commas) }
        commas = k
        rowHasValue = true
        return true
    }

    /// Holds a shared-string cell back until the next cell or the row's end, and starts
    /// loading its offset meanwhile: the strings are looked up at random in a table of
    /// millions, and the miss on the offset was most of a large sheet's time in this method.
    private func deferShared() {
        guard !value.isEmpty else { return }
        guard let index = value.withBytes(_parseCount), index < strings.count else {
            return fail("shared string \"\(value.text)\" does not exist (the workbook has \(strings.count))")
        }
        writePendingShared()
        pendingShared = (index, column)
        if let offsets = strings.offsets.baseAddress { _prefetch(offsets + index) }
    }

    /// Writes the shared-string cell held back, if any (before any cell right of it and
    /// before the row ends).
    @inline(__always)
    func writePendingShared() {
        guard let (index, column) = pendingShared else { return }
        pendingShared = nil
        let text = strings.string(index)
        guard !text.isEmpty, place(column) else { return }
        write(text, quoted: strings.quoted[index])
    }

    private func writeText() {
        guard !value.isEmpty, place() else { return }
        value.withBytes { write($0, quoted: _needsCSVQuote($0)) }
    }

    /// Writes text as a CSV field, in quotes when `quoted` (it holds a comma, quote or line
    /// break), counting its line breaks.
    @inline(__always)
    private func write(_ text: UnsafeBufferPointer<UInt8>, quoted: Bool) {
        if quoted {
            out.append(csvCell: text)
            rowLineEnds += _lineEnds(text)
        } else {
            out.append(text)
        }
    }

    private func writeBoolean() {
        guard !value.isEmpty, place() else { return }
        out.append(isFalse ? "FALSE" : "TRUE")
    }

    /// An ISO 8601 date cell (`t="d"`, written by some programs): its date part.
    private func writeISODate() {
        guard !value.isEmpty, place() else { return }
        value.withBytes { v in
            let text = UnsafeBufferPointer(rebasing: v.prefix { $0 != UInt8(ascii: "T") })
            if _needsCSVQuote(text) { out.append(csvCell: text) } else { out.append(text) }
        }
    }

    private func writeNumber() {
        guard !value.isEmpty, place() else { return }
        if styles.showsDate(style), writeSerialDate() { return }
        if value.withBytes(_isIntegerText) {
            value.withBytes { out.append($0) }
            return
        }
        let d = parseDouble()
        guard d.isFinite else {
            value.withBytes { out.append(csvCell: $0) }
            return
        }
        if d == d.rounded(.towardZero), abs(d) < 1e18 {
            let start = out.count
            out.append(int: Int(d))
            note(.number, read: { self.value.text }, became: { self.out.text(since: start) })
        } else {
            // Shortest round-trip digits (Excel stores 17: 3.1000000000000001 is 3.1).
            out.append(d.description)
        }
    }

    /// Writes a numeric cell in a date style as `YYYY-MM-DD`; false (nothing written) when its
    /// value is no serial day (negative, past 9999, not a number).
    private func writeSerialDate() -> Bool {
        let d = parseDouble()
        // Serial 0 and 60 of the 1900 system name no real day (see `_ExcelSerial`): the number stays.
        guard let date = _ExcelSerial.date(d, system: date1904 ? .from1904 : .from1900) else { return false }
        let start = out.count
        out.append(year: date.year, month: date.month, day: date.day)
        note(.serialDate, read: { self.value.text }, became: { self.out.text(since: start) })
        return true
    }

    private func noteFormula() {
        let read = "=" + String(decoding: formula, as: UTF8.self)
        let became: String
        switch type {
        case .shared:
            let index = value.withBytes(_parseCount) ?? -1
            became = index >= 0 && index < strings.count ? String(decoding: strings.string(index), as: UTF8.self) : ""
        case .boolean: became = isFalse ? "FALSE" : "TRUE"
        default: became = value.text
        }
        note(.formula, read: { read }, became: { became })
    }

    /// Whether a boolean cell's value is 0.
    private var isFalse: Bool { value.count == 1 && value.withBytes { $0[0] == UInt8(ascii: "0") } }

    /// The cell's number: integer text directly (serial dates), else by `strtod`; NaN when the
    /// text is not a number.
    private func parseDouble() -> Double {
        value.withBytes { v in
            if _isIntegerText(v), v.count <= 15 {
                var n = 0
                for b in v where b != UInt8(ascii: "-") { n = n * 10 + Int(b &- 0x30) }
                return Double(v[0] == UInt8(ascii: "-") ? -n : n)
            }
            var text = v.map { CChar(bitPattern: $0) }
            text.append(0)
            return text.withUnsafeBufferPointer { c in
                var end: UnsafeMutablePointer<CChar>?
                let d = strtod(c.baseAddress!, &end)
                return end.map { UnsafePointer($0) == c.baseAddress! + (c.count - 1) } == true ? d : .nan
            }
        }
    }

    /// Counts a conversion of `kind` at the current cell; its texts are made only for the
    /// first of its kind, or for every one when all are kept.
    func note(_ kind: SheetCellConversion.Kind, row: Int? = nil, column: Int? = nil,
              read: () -> String, became: () -> String) {
        let i = tallies.firstIndex { $0.first.kind == kind }
        if let i, !keepsEveryConversion {
            tallies[i].count += 1
            return
        }
        let c = SheetCellConversion(kind: kind, row: row ?? self.row, column: column ?? self.column, read: read(), became: became())
        if let i {
            tallies[i].count += 1
            tallies[i].all.append(c)
        } else {
            tallies.append(SheetConversionTally(first: c, count: 1, all: keepsEveryConversion ? [c] : []))
        }
    }

    /// The sheet's text, once the whole worksheet is parsed: merged ranges filled and records
    /// widened to the widest row when needed (`_SheetRebuild`).
    func finish() -> SheetText {
        if !merges.isEmpty || widest > width { rebuild() }
        return SheetText(text: out.bytes, lineRows: lineRows, conversions: tallies)
    }
}

extension _ByteWriter {
    /// The bytes written from `start` on, as a String.
    func text(since start: Int) -> String {
        withBytes { String(decoding: UnsafeBufferPointer(rebasing: $0[start...]), as: UTF8.self) }
    }
}

/// Whether `v` is an integer as written: an optional minus and 1 to 18 digits.
@inline(__always)
func _isIntegerText(_ v: UnsafeBufferPointer<UInt8>) -> Bool {
    var i = 0
    if v.first == UInt8(ascii: "-") { i = 1 }
    guard v.count > i, v.count - i <= 18 else { return false }
    while i < v.count {
        guard v[i] &- 0x30 < 10 else { return false }
        i += 1
    }
    return true
}

/// The line ends in `text` as the CSV scanner counts them (LF, CRLF, lone CR).
func _lineEnds(_ text: UnsafeBufferPointer<UInt8>) -> Int {
    var n = 0
    for i in text.indices where text[i] == 0x0A || (text[i] == 0x0D && (i + 1 == text.count || text[i + 1] != 0x0A)) { n += 1 }
    return n
}
