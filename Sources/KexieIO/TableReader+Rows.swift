import KexieMachinery

/// One pass of a `_CSVScanner` over a table's records: the header, then the rows, with every
/// defect reported to the log at its place. Shared by the reader that owns its text and by
/// pieces of quote-free text read on two threads.
struct _RowReading {
    let file: String
    let schema: _TableSchema
    let log: _DiagnosticSink
    let base: UnsafePointer<UInt8>
    let progress: (@Sendable (String, Int) -> Void)?
    /// Rewrites cells that NFKC changes; `nil` for text in which none does (`_NFKC.mayChange`).
    let normalizer: _CellNormalizer?

    init(file: String, schema: _TableSchema, log: _DiagnosticSink, text: UnsafeBufferPointer<UInt8>,
         progress: (@Sendable (String, Int) -> Void)?, normalizer: _CellNormalizer? = nil) {
        self.file = file
        self.schema = schema
        self.log = log
        self.base = text.baseAddress ?? UnsafePointer(_CSVScanner.emptyBase)
        self.progress = progress
        self.normalizer = normalizer
    }

    /// `f` without the blanks at its ends (see `_Whitespace`).
    @inline(__always)
    func trimmed(_ f: _CSVScanner.Field) -> _CSVScanner.Field {
        // Most cells neither start nor end with a byte a blank can start or end with.
        if f.start < f.end, !_Whitespace.mayHaveBlank(first: base[f.start], last: base[f.end - 1]) { return f }
        var f = f
        while f.start < f.end, let n = _Whitespace.leading(base + f.start, f.end - f.start) { f.start += n }
        while f.start < f.end, let n = _Whitespace.trailing(base + f.start, f.end - f.start) { f.end -= n }
        return f
    }

    /// ` in column "name"` for field `i`, when the header names it.
    private func columnText(_ i: Int, _ names: [String]?) -> String {
        if let names, i < names.count, !names[i].isEmpty { return " in column \"\(names[i])\"" }
        return ""
    }

    func report(_ defect: _CSVScanner.Defect, names: [String]?) {
        switch defect {
        case let .controlCharacter(scalar, field, line):
            let code = String(scalar, radix: 16, uppercase: true)
            log.error(file, line: line, column: field + 1,
                      "control character U+\(String(repeating: "0", count: max(0, 4 - code.count)))\(code)\(columnText(field, names)); only tab, CR and LF are allowed in a cell")
        case let .textAfterClosingQuote(field, line):
            log.error(file, line: line, column: field + 1,
                      "text after the closing quote\(columnText(field, names)); a quoted cell must end at a comma or the end of the line (write a quote inside quotes as \"\")")
        case let .unterminatedQuote(field, line):
            log.error(file, line: line, column: field + 1,
                      "unterminated quoted cell\(columnText(field, names)): the opening quote has no closing quote before the end of the file")
        case let .tooManyFields(limit, line):
            log.error(file, line: line,
                      "more than \(limit) cells in one row; a table may have at most \(limit) columns")
        }
    }

    /// Reports the first cell longer than `LoadLimits.cellBytes`; true when there is one.
    func reportTooLong(_ fields: UnsafeBufferPointer<_CSVScanner.Field>, line: Int, names: [String]?) -> Bool {
        guard let i = fields.firstIndex(where: { $0.end - $0.start > LoadLimits.cellBytes }) else { return false }
        log.error(file, line: line, column: i + 1,
                  "a cell of \(fields[i].end - fields[i].start) bytes\(columnText(i, names)); a cell may hold at most \(LoadLimits.bytesText(LoadLimits.cellBytes))")
        return true
    }

    /// Reads the header: the first record that is not blank. Returns its names and line, or
    /// `nil` (after logging why) when there is none or it is not a valid header.
    func header(_ scanner: inout _CSVScanner) -> (names: [String], line: Int)? {
        var defect: _CSVScanner.Defect?
        var headerLine = 0
        while true {
            guard let line = scanner.next(defect: &defect) else {
                log.error(file, line: 1, "the file is empty: expected a header row with the columns \(schema.required.joined(separator: ", "))")
                return nil
            }
            if let defect {
                report(defect, names: nil)
                return nil
            }
            if scanner.fields.contains(where: { trimmed($0).start < trimmed($0).end }) {
                headerLine = line
                break
            }
        }
        let fields = scanner.fields.map(trimmed)
        if fields.withUnsafeBufferPointer({ reportTooLong($0, line: headerLine, names: nil) }) { return nil }
        let written = fields.map { String(decoding: UnsafeBufferPointer(start: base + $0.start, count: $0.end - $0.start), as: UTF8.self) }
        let names = _HeaderNames(schema: schema, written: written, file: file, line: headerLine, log: log)
        guard checkHeader(names, line: headerLine) else { return nil }
        return (names.names, headerLine)
    }

    /// Reads every record left, handing each well-formed data row to `onRow` (with the row
    /// after it, when `lookahead`; see `_TableReader.read(_:log:header:rowWithNext:)`) and
    /// reporting the rest. Blank records are skipped; an unterminated quote ends the table.
    func rows(
        _ scanner: inout _CSVScanner, names: [String], lookahead: Bool,
        header onHeader: (_Header) -> Void, row onRow: (_Row, _Row?) -> Void
    ) {
        onHeader(_Header(names: names, schema: schema))
        var checks = _RowChecks(names: names)
        let codes = _ScientificCode(names: names, schema: schema)
        let compared = names.map { schema.known.contains($0) && !_TableSchema.keptAsWritten.contains($0) }
        var held = _HeldRow(width: names.count)
        defer { held.deallocate() }
        var defect: _CSVScanner.Defect?
        var number = 0
        var recordStart = scanner.nextRecordStart
        while let line = scanner.next(defect: &defect) {
            let record = recordStart..<scanner.nextRecordStart
            recordStart = record.upperBound
            let (anyText, longest) = trimCells(scanner.mutableFields)
            let fields = scanner.fields
            if let defect {
                number += 1
                held.handle(base: base, onRow)
                report(defect, names: names)
                if case .unterminatedQuote = defect { break }
                continue
            }
            if !anyText { continue }  // blank line or a row of empty cells
            number += 1
            if number & 0xFFFF == 0, let progress { progress(file, number) }
            if number > LoadLimits.rows {
                held.handle(base: base, onRow)
                log.error(file, line: line, "more than \(LoadLimits.rows) data rows; a table may have at most \(LoadLimits.rows) rows (split the dataset)")
                break
            }
            guard checks.wellFormed(fields, line: line, longest: longest, reading: self, beforeReport: { held.handle(base: base, onRow) })
            else { continue }
            if let normalizer, normalizer.mayChange(record) {
                held.handle(base: base, onRow)  // its conversions first, in line order
                normalize(scanner.mutableFields, line: line, names: names, compared: compared, normalizer)
            }
            if let bad = codes.first(in: fields, base: base) {
                held.handle(base: base, onRow)
                log.error(file, line: line, column: bad + 1,
                          _ScientificCode.message(String(decoding: _Row(line: line, number: number, cells: fields, base: base).bytes(bad), as: UTF8.self),
                                                  column: names[bad]))
                continue
            }
            let row = _Row(line: line, number: number, cells: fields, base: base)
            guard lookahead else {
                onRow(row, nil)
                continue
            }
            held.handle(base: base, onRow, next: row)
            held.hold(fields, line: line, number: number)
        }
        held.handle(base: base, onRow)
        progress?(file, number)
    }

    /// Puts the cells of a row that are compared (`compared`, by field) in NFKC (see
    /// `_CellNormalizer`).
    private func normalize(_ cells: UnsafeMutableBufferPointer<_CSVScanner.Field>, line: Int, names: [String],
                           compared: [Bool], _ normalizer: _CellNormalizer) {
        for i in 0..<cells.count where cells[i].start < cells[i].end && i < compared.count && compared[i] {
            normalizer.normalize(&cells[i], file: file, line: line, column: i + 1, columnName: i < names.count ? names[i] : nil, sink: log)
        }
    }

    /// Trims every cell in place, noting whether any has text and the longest, in one pass.
    @inline(__always)
    private func trimCells(_ cells: UnsafeMutableBufferPointer<_CSVScanner.Field>) -> (anyText: Bool, longest: Int) {
        var anyText = false, longest = 0
        for i in 0..<cells.count {
            let f = trimmed(cells[i])
            cells[i] = f
            anyText = anyText || f.start < f.end
            longest = max(longest, f.end &- f.start)
        }
        return (anyText, longest)
    }

    /// Checks the header row: no column twice, every required column present (with a guess at
    /// a misspelt one), and a hint for an unknown column that looks like a known one, in the
    /// language it was written in.
    private func checkHeader(_ header: _HeaderNames, line: Int) -> Bool {
        let names = header.names
        var ok = true
        var seen: [String: Int] = [:]
        for (i, n) in names.enumerated() where !n.isEmpty {
            if let first = seen[n] {
                let as_ = header.written[first] != n || header.written[i] != n
                    ? " (as \"\(header.written[first])\" and \"\(header.written[i])\")" : ""
                log.error(file, line: line, column: i + 1, "column \"\(n)\" appears twice in the header (columns \(first + 1) and \(i + 1))\(as_)")
                ok = false
            } else {
                seen[n] = i
            }
        }
        let present = Set(names)
        let unknown = names.filter { !$0.isEmpty && !schema.known.contains($0) }
        for column in schema.required where !present.contains(column) {
            var message = "missing required column \"\(column)\""
            let chinese = _ContractColumns.names(of: column)
            if let near = _Suggestion.nearest(to: column, in: unknown)
                ?? chinese.lazy.compactMap({ _Suggestion.nearest(to: $0, in: unknown) }).first {
                message += " — is \"\(near)\" meant to be \"\(column)\"?"
            }
            message += " (\(schema.table).csv needs the columns \(schema.required.joined(separator: ", "))"
                + "; in Chinese: \(schema.required.map { _ContractColumns.names(of: $0).first ?? $0 }.joined(separator: ", ")))"
            log.error(file, line: line, message)
            ok = false
        }
        let missing = schema.known.filter { !present.contains($0) }
        for (i, n) in names.enumerated() where !n.isEmpty && !schema.known.contains(n) {
            if _ContractLabels.isChinese(n) {
                let spellings = missing.flatMap { c in _ContractColumns.names(of: c).map { ($0, c) } }
                if let near = _Suggestion.nearest(to: n, in: spellings.map(\.0)), let column = spellings.first(where: { $0.0 == near })?.1 {
                    log.warning(file, line: line, column: i + 1,
                                "column \"\(n)\" is not a column of \(schema.table).csv and is kept as an attribute — did you mean \"\(near)\" (\(column))?")
                }
            } else if let near = _Suggestion.nearest(to: n, in: missing) {
                log.warning(file, line: line, column: i + 1,
                            "column \"\(n)\" is not a column of \(schema.table).csv and is kept as an attribute — did you mean \"\(near)\"?")
            }
        }
        return ok
    }
}

/// A header's names as the contract's columns (dataset.md, "Tables as people keep them":
/// column names): each name after NFKC and trimming; an English column name in any case, or a
/// Chinese name of one of the table's columns (`_ContractColumns`), reads as the column (a
/// `.columnName` conversion). Other names are attributes, kept after NFKC (a `.fullWidth`
/// conversion when that changed them).
struct _HeaderNames {
    /// The names as read (trimmed).
    let written: [String]
    /// The contract's column names, and the attributes' names.
    let names: [String]

    init(schema: _TableSchema, written: [String], file: String, line: Int, log: _DiagnosticSink) {
        self.written = written
        let known = schema.known
        names = written.enumerated().map { i, w in
            if w.isEmpty || known.contains(w) { return w }
            let n = _NFKC.normalizedAndTrimmed(w)
            let lower = n.lowercased()
            let column = known.contains(lower) ? lower : _ContractColumns.column(named: n, among: known)
            if let column {
                log.converted(Conversion(.columnName, file: file, line: line, column: i + 1, columnName: column, read: w, became: column))
                return column
            }
            if !n.utf8.elementsEqual(w.utf8) {  // bytes: String's == is canonical equivalence
                log.converted(Conversion(.fullWidth, file: file, line: line, column: i + 1, columnName: nil, read: w, became: n))
            }
            return n
        }
    }
}

/// Ids that Excel turned into numbers in scientific notation (`1.20120E+11`): a digit,
/// optionally a point and digits, `E` or `e`, an optional sign, digits. Checked in the columns
/// that hold ids (`_TableSchema.codes`); such a cell is an error and its row is skipped (its
/// code is lost: reading it would only add "duplicate id" errors).
struct _ScientificCode {
    /// The fields of the code columns (a table has at most four), -1 for none.
    private let fields: (Int, Int, Int, Int)

    init(names: [String], schema: _TableSchema) {
        precondition(schema.codes.count <= 4, "at most four code columns")
        let f = names.indices.filter { schema.codes.contains(names[$0]) } + [-1, -1, -1, -1]
        fields = (f[0], f[1], f[2], f[3])
    }

    /// The first field of the row that holds a code in scientific notation, or `nil`.
    @inline(__always)
    func first(in cells: UnsafeBufferPointer<_CSVScanner.Field>, base: UnsafePointer<UInt8>) -> Int? {
        @inline(__always) func holds(_ i: Int) -> Bool {
            guard i >= 0 else { return false }
            let f = cells[i]
            // Most ids fail at the second byte: a point or an E follows one digit in this notation.
            guard f.end - f.start >= 3 else { return false }
            let second = base[f.start + 1]
            return (second == 0x2E || second | 0x20 == 0x65)
                && Self.matches(UnsafeBufferPointer(start: base + f.start, count: f.end - f.start))
        }
        if holds(fields.0) { return fields.0 }
        if holds(fields.1) { return fields.1 }
        if holds(fields.2) { return fields.2 }
        if holds(fields.3) { return fields.3 }
        return nil
    }

    /// Whether `b` is a number in scientific notation.
    static func matches(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
        func isDigit(_ k: Int) -> Bool { k < b.count && b[k] >= 0x30 && b[k] <= 0x39 }
        guard isDigit(0) else { return false }
        var k = 1
        if k < b.count, b[k] == 0x2E {
            k += 1
            guard isDigit(k) else { return false }
            while isDigit(k) { k += 1 }
        }
        guard k < b.count, b[k] | 0x20 == 0x65 else { return false }
        k += 1
        if k < b.count, b[k] == 0x2B || b[k] == 0x2D { k += 1 }
        guard isDigit(k) else { return false }
        while isDigit(k) { k += 1 }
        return k == b.count
    }

    /// The error for `text` in column `column`.
    static func message(_ text: String, column: String) -> String {
        let mantissa = text.prefix { $0 != "E" && $0 != "e" }.filter(\.isNumber).count
        return "\"\(column)\" is \"\(text)\", a number in scientific notation: Excel converted a code to a number, "
            + "and the digits after the \(mantissa == 1 ? "first" : "\(mantissa)th") are lost. Keep codes as text: in Excel, format the column "
            + "as Text before typing or pasting the codes, or import the CSV with the column set to Text (Data > From Text/CSV), "
            + "then save again"
    }
}

/// The checks of a data row against its header: no cell too long, as many cells as columns,
/// no value in an unnamed column (each such column reported once).
private struct _RowChecks {
    let names: [String]
    let unnamed: [Int]
    var reportedUnnamed = Set<Int>()

    init(names: [String]) {
        self.names = names
        unnamed = names.indices.filter { names[$0].isEmpty }
    }

    /// Whether the row can be handed on. Before reporting anything, `beforeReport` runs (the
    /// held row goes out first, so that diagnostics stay in line order).
    @inline(__always)
    mutating func wellFormed(_ fields: UnsafeBufferPointer<_CSVScanner.Field>, line: Int, longest: Int,
                             reading: _RowReading, beforeReport: () -> Void) -> Bool {
        if longest > LoadLimits.cellBytes {
            beforeReport()
            if reading.reportTooLong(fields, line: line, names: names) { return false }
        }
        guard fields.count == names.count else {
            beforeReport()
            reading.log.error(reading.file, line: line,
                              "the row has \(fields.count) cells but the header has \(names.count) columns (a missing or extra comma, or an unquoted comma inside a cell?)")
            return false
        }
        for i in unnamed where fields[i].start < fields[i].end && !reportedUnnamed.contains(i) {
            beforeReport()
            reportedUnnamed.insert(i)
            reading.log.error(reading.file, line: line, column: i + 1,
                              "a value in column \(i + 1), which has no name in the header; name the column or empty it")
        }
        return true
    }
}

/// The row held back for lookahead: its cells copied out of the scanner's buffer, handed on
/// with the row after it.
private struct _HeldRow {
    private let cells: UnsafeMutablePointer<_CSVScanner.Field>
    private let width: Int
    private var row: (line: Int, number: Int)?

    init(width: Int) {
        self.width = width
        cells = .allocate(capacity: max(1, width))
    }

    func deallocate() { cells.deallocate() }

    /// Keeps a copy of `fields` as the held row.
    @inline(__always)
    mutating func hold(_ fields: UnsafeBufferPointer<_CSVScanner.Field>, line: Int, number: Int) {
        cells.update(from: fields.baseAddress!, count: width)
        row = (line, number)
    }

    /// Hands the held row, if any, to `onRow` with `next`, and holds nothing.
    @inline(__always)
    mutating func handle(base: UnsafePointer<UInt8>, _ onRow: (_Row, _Row?) -> Void, next: _Row? = nil) {
        guard let h = row else { return }
        row = nil
        onRow(_Row(line: h.line, number: h.number, cells: UnsafeBufferPointer(start: cells, count: width), base: base), next)
    }
}
