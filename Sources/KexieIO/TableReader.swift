import KexieMachinery
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
/// The columns a table of the contract defines.
struct _TableSchema {
    /// The file's base name without extension (`organizations`).
    let table: String
    /// Columns that must be present in the header.
    let required: [String]
    /// Columns the contract defines that may be left out.
    let optional: [String]

    var known: [String] { required + optional }
}

/// A table's header: where each known column is, and the unknown columns kept as attributes.
struct _Header {
    let names: [String]
    private let positions: [String: Int]
    /// (name, field index) of columns the contract does not define, in file order.
    let attributes: [(name: String, field: Int)]

    init(names: [String], schema: _TableSchema) {
        self.names = names
        var positions: [String: Int] = [:]
        var attributes: [(String, Int)] = []
        let known = Set(schema.known)
        for (i, n) in names.enumerated() where !n.isEmpty {
            if known.contains(n) { positions[n] = i } else { attributes.append((n, i)) }
        }
        self.positions = positions
        self.attributes = attributes
    }

    /// The field index of known column `name`, or `nil` when the file does not have it.
    func field(_ name: String) -> Int? { positions[name] }
}

/// Rows of a table after its header: the header's names, the bytes of the rows, and the
/// physical line the first of them starts on.
struct _RowSpan: Sendable {
    let names: [String]
    let range: Range<Int>
    let line: Int
}

/// The number of line feeds in `bytes`, eight bytes at a time.
func _countLineBreaks(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
    guard let base = bytes.baseAddress else { return 0 }
    let n = bytes.count
    var count = 0, i = 0
    while i &+ 8 <= n {
        count &+= _ByteWord.count(_ByteWord(loadingFrom: base + i).bytes(equalTo: 0x0A))
        i &+= 8
    }
    while i < n {
        if base[i] == 0x0A { count &+= 1 }
        i &+= 1
    }
    return count
}

/// One data row: trimmed cells addressed by field index.
struct _Row {
    /// The physical line the row starts on (header = line 1).
    let line: Int
    /// 1-based data row number (the first row after the header is 1).
    let number: Int
    let cells: UnsafeBufferPointer<_CSVScanner.Field>
    let base: UnsafePointer<UInt8>

    /// The bytes of field `i`; empty when the column is absent from the file (`i == nil`).
    @inline(__always)
    func bytes(_ i: Int?) -> UnsafeBufferPointer<UInt8> {
        guard let i else { return UnsafeBufferPointer(start: nil, count: 0) }
        let f = cells[i]
        return UnsafeBufferPointer(start: base + f.start, count: f.end - f.start)
    }

    func string(_ i: Int?) -> String { String(decoding: bytes(i), as: UTF8.self) }
    func isEmpty(_ i: Int?) -> Bool { bytes(i).isEmpty }
}

/// Reads one CSV table of a dataset: decodes it, checks the header against the schema, and
/// hands every well-formed data row to the caller. Malformed rows are reported and skipped.
struct _TableReader {
    /// The file as the user named it, for diagnostics.
    let file: String
    let encoding: TableEncoding
    private var text: [UInt8]
    /// Told the rows read so far every 65,536 rows and at the end (see `DatasetLoader.progress`).
    var progress: (@Sendable (String, Int) -> Void)?

    init(file: String, bytes: [UInt8]) throws(_EncodingError) {
        self.file = file
        (self.text, self.encoding) = try _TextDecoding.utf8Text(bytes)
    }

    /// Calls `body` with the decoded text (quoted cells already unescaped in place once `read`
    /// has run), for spans taken during `read`.
    func withText<R>(_ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        text.withUnsafeBufferPointer(body)
    }

    /// About how many data rows the table has (at most `LoadLimits.rows`), for reserving
    /// capacity so that large tables do not grow their columns and hash tables step by step:
    /// the line breaks of the first 256 KiB, scaled to the whole text with a tenth to spare.
    /// A guess that is short only means a column grows once more.
    var estimatedRows: Int {
        text.withUnsafeBufferPointer { b in
            let sample = min(b.count, 1 << 18)
            var breaks = 0
            for byte in b[..<sample] where byte == 0x0A { breaks += 1 }
            guard sample > 0 else { return 0 }
            let estimate = sample == b.count ? breaks + 1 : (breaks + 1) * (b.count / sample + 1) * 11 / 10
            return min(estimate, LoadLimits.rows)
        }
    }

    /// Reads the header and then every row. Returns `false` (after logging why) when the header
    /// is missing or lacks a required column; no row is read then.
    mutating func read(
        _ schema: _TableSchema, log: _DiagnosticSink,
        header onHeader: (_Header) -> Void, row onRow: (_Row) -> Void
    ) -> Bool {
        read(schema, log: log, lookahead: false, header: onHeader, row: { row, _ in onRow(row) })
    }

    /// Reads the header and then every row, each handed over with the row after it (`nil` when
    /// the next record is not a well-formed row or there is none), so that the handler can
    /// start memory reads the next row will need (the hash-table slot of its id:
    /// `InternedStrings.prefetch`) while it handles this one. Rows reach the handler one record
    /// late; diagnostics keep their order, since a held row is handled before any problem of
    /// the next record is reported.
    mutating func read(
        _ schema: _TableSchema, log: _DiagnosticSink,
        header onHeader: (_Header) -> Void, rowWithNext onRow: (_Row, _ next: _Row?) -> Void
    ) -> Bool {
        read(schema, log: log, lookahead: true, header: onHeader, row: onRow)
    }

    private mutating func read(
        _ schema: _TableSchema, log: _DiagnosticSink, lookahead: Bool,
        header onHeader: (_Header) -> Void, row onRow: (_Row, _Row?) -> Void
    ) -> Bool {
        let (file, progress) = (self.file, self.progress)
        return text.withUnsafeMutableBufferPointer { buffer in
            Self.read(buffer, file: file, progress: progress, schema, log: log, lookahead: lookahead, rows: nil,
                      header: onHeader, row: onRow)
        }
    }

    /// Reads the header only: its names and where the rows after it start (offset and line),
    /// or `nil` (after logging why) when it is missing or lacks a required column.
    mutating func readHeader(_ schema: _TableSchema, log: _DiagnosticSink) -> _RowSpan? {
        var span: _RowSpan?
        let file = self.file
        _ = text.withUnsafeMutableBufferPointer { buffer in
            Self.read(buffer, file: file, progress: nil, schema, log: log, lookahead: false, rows: nil, headerOnly: { span = $0 },
                      header: { _ in }, row: { _, _ in })
        }
        return span
    }

    /// Reads the rows in `span` (from `readHeader`, cut at record boundaries). Several threads
    /// may read spans of one reader at once: this never writes into the text, which holds no
    /// quoted cell there (a caller cuts spans only in such text; see `hasQuote`). `progress` is
    /// told the rows of this span read so far, as `read` tells its own.
    func readRows(
        _ span: _RowSpan, _ schema: _TableSchema, log: _DiagnosticSink, progress: (@Sendable (String, Int) -> Void)? = nil,
        header onHeader: (_Header) -> Void, row onRow: (_Row) -> Void
    ) {
        let file = self.file
        text.withUnsafeBufferPointer { buffer in
            let writable = UnsafeMutableBufferPointer(mutating: buffer)
            _ = Self.read(writable, file: file, progress: progress, schema, log: log, lookahead: false, rows: span,
                          header: onHeader, row: { row, _ in onRow(row) })
        }
    }

    /// Whether `text[range]` holds a double quote (spans of rows without one can be read by
    /// several threads, since reading then writes nothing).
    func hasQuote(in range: Range<Int>) -> Bool {
        text.withUnsafeBufferPointer { b in
            guard let base = b.baseAddress, !range.isEmpty else { return false }
            return memchr(base + range.lowerBound, 0x22, range.count) != nil
        }
    }

    /// `count` spans of about equal size covering the rows of `rows`, cut after line breaks, each
    /// with the line it starts on. Only for text without quotes, where every line break ends a
    /// record.
    func cut(_ rows: _RowSpan, into count: Int) -> [_RowSpan] {
        text.withUnsafeBufferPointer { b in
            var spans: [_RowSpan] = []
            var start = rows.range.lowerBound, line = rows.line
            let size = rows.range.count / max(1, count)
            while start < rows.range.upperBound {
                var end = min(rows.range.upperBound, start + max(size, 1))
                if end < rows.range.upperBound {
                    // Up to and including the next line break.
                    if let lf = memchr(b.baseAddress! + end, 0x0A, rows.range.upperBound - end) {
                        end = b.baseAddress!.distance(to: lf.assumingMemoryBound(to: UInt8.self)) + 1
                    } else {
                        end = rows.range.upperBound
                    }
                }
                spans.append(_RowSpan(names: rows.names, range: start..<end, line: line))
                line += _countLineBreaks(UnsafeBufferPointer(rebasing: b[start..<end]))
                start = end
            }
            return spans
        }
    }

    private static func read(
        _ buffer: UnsafeMutableBufferPointer<UInt8>, file: String, progress: (@Sendable (String, Int) -> Void)?,
        _ schema: _TableSchema, log: _DiagnosticSink, lookahead: Bool, rows: _RowSpan?,
        headerOnly: ((_RowSpan) -> Void)? = nil,
        header onHeader: (_Header) -> Void, row onRow: (_Row, _Row?) -> Void
    ) -> Bool {
        do {
            var scanner = _CSVScanner(buffer, records: rows?.range ?? 0..<buffer.count, line: rows?.line ?? 1)
            var defect: _CSVScanner.Defect?
            let base = UnsafePointer(buffer.baseAddress ?? _CSVScanner.emptyBase)

            @inline(__always)
            func trimmed(_ f: _CSVScanner.Field) -> _CSVScanner.Field {
                // Most cells neither start nor end with a byte a blank can start or end with.
                if f.start < f.end, base[f.start] > 0x20, base[f.start] != 0xC2, base[f.start] != 0xE3,
                   base[f.end - 1] > 0x20, base[f.end - 1] != 0xA0, base[f.end - 1] != 0x80 {
                    return f
                }
                var f = f
                while f.start < f.end, let n = _Whitespace.leading(base + f.start, f.end - f.start) { f.start += n }
                while f.start < f.end, let n = _Whitespace.trailing(base + f.start, f.end - f.start) { f.end -= n }
                return f
            }
            func report(_ defect: _CSVScanner.Defect, names: [String]?) {
                func columnText(_ i: Int) -> String {
                    if let names, i < names.count, !names[i].isEmpty { return " in column \"\(names[i])\"" }
                    return ""
                }
                switch defect {
                case let .controlCharacter(scalar, field, line):
                    let code = String(scalar, radix: 16, uppercase: true)
                    log.error(file, line: line, column: field + 1,
                              "control character U+\(String(repeating: "0", count: max(0, 4 - code.count)))\(code)\(columnText(field)); only tab, CR and LF are allowed in a cell")
                case let .textAfterClosingQuote(field, line):
                    log.error(file, line: line, column: field + 1,
                              "text after the closing quote\(columnText(field)); a quoted cell must end at a comma or the end of the line (write a quote inside quotes as \"\")")
                case let .unterminatedQuote(field, line):
                    log.error(file, line: line, column: field + 1,
                              "unterminated quoted cell\(columnText(field)): the opening quote has no closing quote before the end of the file")
                case let .tooManyFields(limit, line):
                    log.error(file, line: line,
                              "more than \(limit) cells in one row; a table may have at most \(limit) columns")
                }
            }
            /// Reports the first cell longer than `LoadLimits.cellBytes`; true when there is one.
            func tooLong(_ fields: UnsafeBufferPointer<_CSVScanner.Field>, line: Int, names: [String]?) -> Bool {
                guard let i = fields.firstIndex(where: { $0.end - $0.start > LoadLimits.cellBytes }) else { return false }
                let column = names.flatMap { i < $0.count && !$0[i].isEmpty ? " in column \"\($0[i])\"" : nil } ?? ""
                log.error(file, line: line, column: i + 1,
                          "a cell of \(fields[i].end - fields[i].start) bytes\(column); a cell may hold at most \(LoadLimits.bytesText(LoadLimits.cellBytes))")
                return true
            }

            // Header: the first record that is not blank (given, for a span of rows).
            let names: [String]
            if let rows {
                names = rows.names
            } else {
                var headerLine = 0
                while true {
                    guard let line = scanner.next(defect: &defect) else {
                        log.error(file, line: 1, "the file is empty: expected a header row with the columns \(schema.required.joined(separator: ", "))")
                        return false
                    }
                    if let defect {
                        report(defect, names: nil)
                        return false
                    }
                    if scanner.fields.contains(where: { trimmed($0).start < trimmed($0).end }) {
                        headerLine = line
                        break
                    }
                }
                let headerFields = scanner.fields.map(trimmed)
                if headerFields.withUnsafeBufferPointer({ tooLong($0, line: headerLine, names: nil) }) { return false }
                names = headerFields.map { String(decoding: UnsafeBufferPointer(start: base + $0.start, count: $0.end - $0.start), as: UTF8.self) }
                guard Self.checkHeader(names, line: headerLine, schema: schema, file: file, log: log) else { return false }
                if let headerOnly {
                    headerOnly(_RowSpan(names: names, range: scanner.nextRecordStart..<buffer.count, line: scanner.line))
                    return true
                }
            }
            let header = _Header(names: names, schema: schema)
            onHeader(header)
            let unnamed = names.indices.filter { names[$0].isEmpty }
            var reportedUnnamed = Set<Int>()

            // The row held back for `lookahead` (its cells copied out of the scanner's buffer).
            let held = UnsafeMutablePointer<_CSVScanner.Field>.allocate(capacity: max(1, names.count))
            defer { held.deallocate() }
            var heldRow: (line: Int, number: Int)?
            func handleHeld(next: _Row? = nil) {
                guard let h = heldRow else { return }
                heldRow = nil
                onRow(_Row(line: h.line, number: h.number, cells: UnsafeBufferPointer(start: held, count: names.count), base: base), next)
            }

            var number = 0
            while let line = scanner.next(defect: &defect) {
                // Trim every cell, noting whether any has text and the longest, in one pass.
                var anyText = false, longest = 0
                let cells = scanner.mutableFields
                for i in 0..<cells.count {
                    let f = trimmed(cells[i])
                    cells[i] = f
                    anyText = anyText || f.start < f.end
                    longest = max(longest, f.end &- f.start)
                }
                let fields = scanner.fields
                if let defect {
                    number += 1
                    handleHeld()
                    report(defect, names: names)
                    if case .unterminatedQuote = defect { break }
                    continue
                }
                if !anyText { continue }  // blank line or a row of empty cells
                number += 1
                if number & 0xFFFF == 0, let progress { progress(file, number) }
                if number > LoadLimits.rows {
                    handleHeld()
                    log.error(file, line: line, "more than \(LoadLimits.rows) data rows; a table may have at most \(LoadLimits.rows) rows (split the dataset)")
                    break
                }
                if longest > LoadLimits.cellBytes {
                    handleHeld()
                    if tooLong(fields, line: line, names: names) { continue }
                }
                guard fields.count == names.count else {
                    handleHeld()
                    log.error(file, line: line,
                              "the row has \(fields.count) cells but the header has \(names.count) columns (a missing or extra comma, or an unquoted comma inside a cell?)")
                    continue
                }
                if !unnamed.isEmpty {
                    for i in unnamed where fields[i].start < fields[i].end && !reportedUnnamed.contains(i) {
                        handleHeld()
                        reportedUnnamed.insert(i)
                        log.error(file, line: line, column: i + 1,
                                  "a value in column \(i + 1), which has no name in the header; name the column or empty it")
                    }
                }
                let row = _Row(line: line, number: number, cells: fields, base: base)
                guard lookahead else {
                    onRow(row, nil)
                    continue
                }
                handleHeld(next: row)
                held.update(from: fields.baseAddress!, count: names.count)
                heldRow = (line, number)
            }
            handleHeld()
            progress?(file, number)
            return true
        }
    }

    private static func checkHeader(_ names: [String], line: Int, schema: _TableSchema, file: String, log: _DiagnosticSink) -> Bool {
        var ok = true
        var seen: [String: Int] = [:]
        for (i, n) in names.enumerated() where !n.isEmpty {
            if let first = seen[n] {
                log.error(file, line: line, column: i + 1, "column \"\(n)\" appears twice in the header (columns \(first + 1) and \(i + 1))")
                ok = false
            } else {
                seen[n] = i
            }
        }
        let present = Set(names)
        for column in schema.required where !present.contains(column) {
            var message = "missing required column \"\(column)\""
            let unknown = names.filter { !$0.isEmpty && !schema.known.contains($0) }
            if let near = _Suggestion.nearest(to: column, in: unknown) {
                message += " — is \"\(near)\" meant to be \"\(column)\"?"
            }
            message += " (\(schema.table).csv needs the columns \(schema.required.joined(separator: ", ")))"
            log.error(file, line: line, message)
            ok = false
        }
        for (i, n) in names.enumerated() where !n.isEmpty && !schema.known.contains(n) {
            if let near = _Suggestion.nearest(to: n, in: schema.known.filter { !present.contains($0) }) {
                log.warning(file, line: line, column: i + 1,
                            "column \"\(n)\" is not a column of \(schema.table).csv and is kept as an attribute — did you mean \"\(near)\"?")
            }
        }
        return ok
    }
}

/// Blank characters trimmed from both ends of a cell: space, tab, CR, LF, no-break space
/// (U+00A0) and ideographic space (U+3000), which Chinese spreadsheets often leave behind.
enum _Whitespace {
    /// The byte length of a blank at the start of `p[0..<n]`, or `nil`.
    @inline(__always)
    static func leading(_ p: UnsafePointer<UInt8>, _ n: Int) -> Int? {
        let b = p[0]
        if b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D { return 1 }
        if b == 0xC2, n >= 2, p[1] == 0xA0 { return 2 }
        if b == 0xE3, n >= 3, p[1] == 0x80, p[2] == 0x80 { return 3 }
        return nil
    }

    /// The byte length of a blank at the end of `p[0..<n]`, or `nil`.
    @inline(__always)
    static func trailing(_ p: UnsafePointer<UInt8>, _ n: Int) -> Int? {
        let b = p[n - 1]
        if b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D { return 1 }
        if b == 0xA0, n >= 2, p[n - 2] == 0xC2 { return 2 }
        if b == 0x80, n >= 3, p[n - 2] == 0x80, p[n - 3] == 0xE3 { return 3 }
        return nil
    }
}
