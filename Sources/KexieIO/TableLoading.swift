import KexieModel

/// A column of the contract in one file: its name and where the file has it. Trivially
/// copyable (the name is a literal), because row handlers copy columns for every row.
struct _Column {
    let name: StaticString
    /// Field index, or `nil` when the file has no such column.
    let field: Int?
    init(_ name: StaticString, _ header: _Header) {
        self.name = name
        self.field = header.field(name.description)
    }
}

/// Cell conversions that report what is wrong with a cell, and where, to the load's log.
struct _CellReader {
    let file: String
    let log: _DiagnosticSink

    private func column(_ c: _Column) -> Int? { c.field.map { $0 + 1 } }

    func error(_ row: _Row, _ c: _Column, _ message: String) {
        log.error(file, line: row.line, column: column(c), message)
    }

    func warning(_ row: _Row, _ c: _Column, _ message: String) {
        log.warning(file, line: row.line, column: column(c), message)
    }

    /// A required identifier; reports an empty cell.
    func id(_ row: _Row, _ c: _Column) -> UnsafeBufferPointer<UInt8>? {
        let b = row.bytes(c.field)
        if b.isEmpty {
            error(row, c, "empty \"\(c.name)\": every row needs one")
            return nil
        }
        return b
    }

    /// A value of a closed vocabulary; reports an empty or unknown value with the allowed list.
    func vocabulary<E: ContractVocabulary>(_ row: _Row, _ c: _Column, _ type: E.Type) -> E? {
        let b = row.bytes(c.field)
        if let v = E(utf8: b) { return v }
        if b.isEmpty {
            error(row, c, "empty \"\(c.name)\" (allowed: \(E.names.joined(separator: ", ")))")
        } else {
            let text = String(decoding: b, as: UTF8.self)
            error(row, c, "unknown \(E.vocabularyName) \"\(text)\" in column \"\(c.name)\"" + _Suggestion.hint(for: text, allowed: E.names))
        }
        return nil
    }

    /// A date, or `empty` when the cell is empty; reports malformed and impossible dates.
    func date(_ row: _Row, _ c: _Column, empty: Day) -> Day? {
        let b = row.bytes(c.field)
        if b.isEmpty { return empty }
        if let d = Day(parsingUTF8: b) { return d }
        error(row, c, "bad date \"\(String(decoding: b, as: UTF8.self))\" in column \"\(c.name)\": expected YYYY-MM-DD, YYYY-MM or YYYY (a real calendar date)")
        return nil
    }

    /// A positive number, `.some(nil)` when empty, `nil` after reporting a bad value.
    func positiveNumber(_ row: _Row, _ c: _Column) -> Double?? {
        let b = row.bytes(c.field)
        if b.isEmpty { return .some(nil) }
        let text = String(decoding: b, as: UTF8.self)
        // Decimal notation only: Swift would also read hexadecimal (0x10) and "inf".
        let decimal = b.allSatisfy { ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2E || $0 == 0x65 || $0 == 0x45 || $0 == 0x2B || $0 == 0x2D }
        guard decimal, let v = Double(text), v.isFinite else {
            error(row, c, "\"\(c.name)\" is \"\(text)\", not a number: expected a number greater than 0 (or an empty cell for the default)")
            return nil
        }
        guard v > 0 else {
            error(row, c, "\"\(c.name)\" is \(text): it must be greater than 0 (leave it empty for the default)")
            return nil
        }
        return .some(v)
    }
}

/// A pair of date columns bounding when a row is active (`founded`/`dissolved`,
/// `start`/`end`). Rows whose end is on or before their start are never active: counted, and
/// reported once with the first such line.
struct _DateRanges {
    let start: _Column
    let end: _Column
    /// What a row is, for the warning ("organization", "position", "link").
    let what: String
    private var empty = 0
    private var firstLine = 0

    init(start: _Column, end: _Column, what: String) {
        self.start = start
        self.end = end
        self.what = what
    }

    /// The row's dates (empty start: distant past; empty end: distant future). A bad date is
    /// reported by `cells` and read as empty so the columns stay aligned.
    mutating func read(_ row: _Row, _ cells: _CellReader) -> (start: Day, end: Day) {
        let s = cells.date(row, start, empty: .distantPast) ?? .distantPast
        let e = cells.date(row, end, empty: .distantFuture) ?? .distantFuture
        if e <= s {
            empty += 1
            if empty == 1 { firstLine = row.line }
        }
        return (s, e)
    }

    func report(file: String, log: _DiagnosticSink) {
        guard empty > 0 else { return }
        log.warning(file, line: firstLine, column: end.field.map { $0 + 1 },
                    "\"\(end.name)\" is on or before \"\(start.name)\": the \(what) is never active" +
                    (empty > 1 ? " (\(empty) rows; the first is here)" : ""))
    }
}

/// Counts of a repeated warning (same value in many rows), reported once per value at the end.
struct _RepeatedWarnings {
    private var entries: [String: (count: Int, line: Int, column: Int?)] = [:]
    private var order: [String] = []

    mutating func add(_ value: String, line: Int, column: Int?) {
        if let e = entries[value] {
            entries[value] = (e.count + 1, e.line, e.column)
        } else {
            entries[value] = (1, line, column)
            order.append(value)
        }
    }

    func flush(file: String, log: _DiagnosticSink, message: (String) -> String) {
        for value in order {
            let e = entries[value]!
            let rows = e.count == 1 ? "" : " (\(e.count) rows; the first is here)"
            log.warning(file, line: e.line, column: e.column, message(value) + rows)
        }
    }
}

/// Loads an identifier column, reporting empty and duplicate ids. Returns false for a bad row.
func _appendID(
    _ row: _Row, _ c: _Column, into ids: inout InternedStrings, lines: inout [Int32], cells: _CellReader
) -> Bool {
    guard let b = cells.id(row, c) else { return false }
    let (index, inserted) = ids.insert(utf8: b)
    if !inserted {
        cells.error(row, c, "duplicate id \"\(String(decoding: b, as: UTF8.self))\": already used at line \(lines[index]); ids must be unique")
        return false
    }
    lines.append(Int32(row.line))
    return true
}
