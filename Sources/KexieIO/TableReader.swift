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
    /// The columns that hold ids: the table's own and its references to other rows' ids (a cell
    /// of one in scientific notation is Excel's damage, `_ScientificCode`).
    let codes: [String]

    init(table: String, required: [String], optional: [String], codes: [String] = []) {
        self.table = table
        self.required = required
        self.optional = optional
        self.codes = codes
    }

    var known: [String] { required + optional }

    /// The columns whose cells are display text, kept as written: NFKC is for the cells that are
    /// compared (ids, references, vocabulary, dates, numbers, disciplines), not for names people
    /// read (official names write their parentheses full-width: 中国矿业大学（北京）社区居委会).
    /// Attributes, which kexie only carries, are kept as written too.
    static let keptAsWritten: Set<String> = ["name", "workplace"]
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

/// The line ends in `bytes` as `_CSVScanner` counts them: LF, CRLF and a lone CR each end one
/// line. A CR at the very end counts as a lone one, so callers cut text only where no CRLF is
/// split (see `_QuoteFreeRows.cut`). LFs eight bytes at a time, CRs with `memchr`.
///
/// - Complexity: O(n), plus O(number of CRs) when there are any.
func _countLineEnds(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
    guard let base = bytes.baseAddress else { return 0 }
    let n = bytes.count
    var lineFeeds = 0, i = 0
    while i &+ 8 <= n {
        lineFeeds &+= _ByteWord.count(_ByteWord(loadingFrom: base + i).bytes(equalTo: 0x0A))
        i &+= 8
    }
    while i < n {
        if base[i] == 0x0A { lineFeeds &+= 1 }
        i &+= 1
    }
    // Every LF ends a line; so does every CR that is not the first half of a CRLF (memchr
    // finds that there is none in a fraction of the time of the count).
    var loneCRs = 0
    var p = UnsafeRawPointer(base)
    let end = UnsafeRawPointer(base + n)
    while p < end, let cr = memchr(p, 0x0D, p.distance(to: end)) {
        let next = UnsafeRawPointer(cr) + 1
        if next == end || next.load(as: UInt8.self) != 0x0A { loneCRs &+= 1 }
        p = next
    }
    return lineFeeds &+ loneCRs
}

/// The offset just past the first line end at or after `from` in `b[..<end]` (LF, CRLF or a
/// lone CR, as `_CSVScanner` reads them; a CRLF is never split), or `end` when there is none.
/// An offset between the CR and the LF of a CRLF moves past the LF.
func _afterNextLineEnd(_ b: UnsafeBufferPointer<UInt8>, from: Int, end: Int) -> Int {
    guard let base = b.baseAddress, from < end else { return end }
    var k = from
    // Eight bytes at a time to the first CR or LF.
    while k &+ 8 <= end {
        let word = _ByteWord(loadingFrom: base + k)
        let breaks = word.bytes(equalTo: 0x0A) | word.bytes(equalTo: 0x0D)
        if breaks != 0 {
            k &+= _ByteWord.firstByte(breaks)
            break
        }
        k &+= 8
    }
    while k < end, base[k] != 0x0A, base[k] != 0x0D { k &+= 1 }
    guard k < end else { return end }
    if base[k] == 0x0D, k &+ 1 < end, base[k &+ 1] == 0x0A { return k &+ 2 }
    return k &+ 1
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
///
/// The reader owns its text and unescapes quoted cells in place while reading. Text without a
/// quote can instead be shared, read-only, as `_QuoteFreeRows`, whose pieces two threads read
/// at once.
struct _TableReader: Sendable {
    /// The file as the user named it, for diagnostics.
    let file: String
    let encoding: TableEncoding
    /// The decoded text, then (when `normalizes`) room for cells that NFKC makes longer.
    private var text: [UInt8]
    /// Where the records end in `text`.
    private let recordsEnd: Int
    /// Where the characters that NFKC may change start (`_DecodedText.unstable`).
    private let unstable: [Int]
    /// Whether some cell may change under NFKC: then the rows that hold such a character are
    /// normalised while reading, and the text is read whole, on one thread.
    var normalizes: Bool { !unstable.isEmpty }
    /// The separator the header row shows (`_Separator`).
    let separator: _Separator
    /// Told the rows read so far every 65,536 rows and at the end (see `DatasetLoader.progress`).
    var progress: (@Sendable (String, Int) -> Void)?

    /// The lines of mostly-UTF-8 text that hold bytes that are not UTF-8 (errors of the file;
    /// see `_TextDecoding`), and how many lines of non-ASCII text are valid.
    let invalidUTF8: (lines: [_InvalidUTF8Line], validLines: Int)

    init(file: String, bytes: [UInt8]) throws(_EncodingError) {
        self.file = file
        let decoded = try _TextDecoding.decode(bytes)
        (text, encoding) = (decoded.text, decoded.encoding)
        invalidUTF8 = (decoded.invalidLines, decoded.validLines)
        recordsEnd = text.count
        separator = text.withUnsafeBufferPointer(_Separator.init(header:))
        unstable = decoded.unstable
        // Cells NFKC makes longer (㈱ → (株), ½ → 1⁄2) are rare, and most tables have none (full-
        // width forms shrink): room for them only when some character grows, half the text again
        // and a few KiB (a table that would need more gets an error per cell that does not fit).
        if !unstable.isEmpty, text.withUnsafeBufferPointer({ _NFKC.growth($0, unstable: unstable) }) > 0 {
            text += repeatElement(0, count: recordsEnd / 2 + 4096)
        }
    }

    /// Whether the rows may be read in pieces by several threads (`_QuoteFreeRows`): comma-
    /// separated text without a quote in which no cell changes under NFKC.
    var mayBeReadInPieces: Bool { !normalizes && separator == .comma && !hasQuote }

    /// Calls `body` with the decoded text (quoted cells already unescaped in place once `read`
    /// has run), for spans taken during `read`.
    func withText<R>(_ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        text.withUnsafeBufferPointer(body)
    }

    /// The decoded text itself, for a reference resolution that runs on another thread (the
    /// array is shared, not copied, while nobody writes to it).
    var sharedText: [UInt8] { text }

    /// About how many data rows the table has (at most `LoadLimits.rows`), for reserving
    /// capacity so that large tables do not grow their columns and hash tables step by step:
    /// the line ends of the first 256 KiB, scaled to the whole text with a tenth to spare.
    /// A guess that is short only means a column grows once more.
    var estimatedRows: Int {
        text.withUnsafeBufferPointer { b in
            let b = UnsafeBufferPointer(rebasing: b[..<recordsEnd])
            let sample = min(b.count, 1 << 18)
            let breaks = _countLineEnds(UnsafeBufferPointer(rebasing: b[..<sample]))
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
        guard let byte = separator.byte(file: file, log: log) else { return false }
        let (recordsEnd, unstable) = (self.recordsEnd, self.unstable)
        return text.withUnsafeMutableBufferPointer { buffer in
            var scanner = _CSVScanner(buffer, records: 0..<recordsEnd, line: 1, separator: byte)
            let normalizer = unstable.isEmpty ? nil : _CellNormalizer(text: buffer.baseAddress!, tail: recordsEnd..<buffer.count, unstable: unstable)
            let reading = _RowReading(file: file, schema: schema, log: log, text: UnsafeBufferPointer(buffer), progress: progress,
                                      normalizer: normalizer)
            guard let header = reading.header(&scanner) else { return false }
            reading.rows(&scanner, names: header.names, lookahead: lookahead, header: onHeader, row: onRow)
            return true
        }
    }

    /// Reads the header only: its names and where the rows after it start (offset and line),
    /// or `nil` (after logging why) when it is missing or lacks a required column.
    mutating func readHeader(_ schema: _TableSchema, log: _DiagnosticSink) -> _RowSpan? {
        let file = self.file
        precondition(mayBeReadInPieces, "only text read in pieces has its header read alone")
        let recordsEnd = self.recordsEnd
        return text.withUnsafeMutableBufferPointer { buffer in
            var scanner = _CSVScanner(buffer, records: 0..<recordsEnd, line: 1)
            let reading = _RowReading(file: file, schema: schema, log: log, text: UnsafeBufferPointer(buffer), progress: nil)
            guard let header = reading.header(&scanner) else { return nil }
            return _RowSpan(names: header.names, range: scanner.nextRecordStart..<recordsEnd, line: scanner.line)
        }
    }

    /// Whether the text holds a double quote anywhere.
    var hasQuote: Bool {
        text.withUnsafeBufferPointer { b in
            guard let base = b.baseAddress, !b.isEmpty else { return false }
            return memchr(base, 0x22, b.count) != nil
        }
    }
}

/// The rows of a table whose text holds no quote, shared read-only: reading such text writes
/// nothing (there is no quoted cell to unescape), so threads may read pieces of it at once.
/// It can only be made from a reader whose text was checked to hold no quote, and it has no
/// way to write, which is what makes it `Sendable` without an unchecked promise.
struct _QuoteFreeRows: Sendable {
    let file: String
    private let text: [UInt8]
    let progress: (@Sendable (String, Int) -> Void)?

    /// The rows of `reader`'s text, or `nil` when it may not be read in pieces (a quote, a
    /// tab-separated table, a cell NFKC changes).
    init?(_ reader: _TableReader) {
        guard reader.mayBeReadInPieces else { return nil }
        file = reader.file
        text = reader.sharedText
        progress = reader.progress
    }

    /// `count` spans of about equal size covering the rows of `rows`, each cut after a line end
    /// and starting on the line the scanner would have reached there: in text without quotes
    /// every line end (LF, CRLF or a lone CR) ends a record, and a CRLF is never cut in two.
    ///
    /// - Complexity: O(length of `rows`).
    func cut(_ rows: _RowSpan, into count: Int) -> [_RowSpan] {
        text.withUnsafeBufferPointer { b in
            var spans: [_RowSpan] = []
            var start = rows.range.lowerBound, line = rows.line
            let upper = rows.range.upperBound
            let size = rows.range.count / max(1, count)
            while start < upper {
                // A guess between the CR and the LF of a CRLF finds that LF first.
                let guess = min(upper, start + max(size, 1))
                let end = guess < upper ? _afterNextLineEnd(b, from: guess, end: upper) : upper
                spans.append(_RowSpan(names: rows.names, range: start..<end, line: line))
                line += _countLineEnds(UnsafeBufferPointer(rebasing: b[start..<end]))
                start = end
            }
            return spans
        }
    }

    /// Reads the rows in `span` (cut by `cut`). `progress` is told the rows of this span read
    /// so far, as `_TableReader.read` tells its own.
    func readRows(
        _ span: _RowSpan, _ schema: _TableSchema, log: _DiagnosticSink, progress: (@Sendable (String, Int) -> Void)? = nil,
        header onHeader: (_Header) -> Void, row onRow: (_Row) -> Void
    ) {
        text.withUnsafeBufferPointer { buffer in
            var scanner = _CSVScanner(readingOnly: buffer, records: span.range, line: span.line)
            let reading = _RowReading(file: file, schema: schema, log: log, text: buffer, progress: progress)
            reading.rows(&scanner, names: span.names, lookahead: false, header: onHeader, row: { row, _ in onRow(row) })
        }
    }
}

/// Blank characters trimmed from both ends of a cell: space, tab, CR, LF, no-break space
/// (U+00A0) and ideographic space (U+3000), which Chinese spreadsheets often leave behind; and
/// the invisible characters that stick to copied text: the zero width space (U+200B), the word
/// joiner (U+2060), the byte-order mark (U+FEFF, also at the start of a row when files were
/// joined), and the line and paragraph separators (U+2028, U+2029), trimmed as CR and LF are.
enum _Whitespace {
    /// The byte length of a blank at the start of `p[0..<n]`, or `nil`.
    @inline(__always)
    static func leading(_ p: UnsafePointer<UInt8>, _ n: Int) -> Int? {
        let b = p[0]
        if b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D { return 1 }
        if b == 0xC2, n >= 2, p[1] == 0xA0 { return 2 }
        if n >= 3, isBlank(b, p[1], p[2]) { return 3 }
        return nil
    }

    /// The byte length of a blank at the end of `p[0..<n]`, or `nil`.
    @inline(__always)
    static func trailing(_ p: UnsafePointer<UInt8>, _ n: Int) -> Int? {
        let b = p[n - 1]
        if b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D { return 1 }
        if b == 0xA0, n >= 2, p[n - 2] == 0xC2 { return 2 }
        if n >= 3, isBlank(p[n - 3], p[n - 2], b) { return 3 }
        return nil
    }

    /// Whether three bytes spell a three-byte blank: U+3000, U+200B, U+2028, U+2029, U+2060 or
    /// U+FEFF.
    @inline(__always)
    private static func isBlank(_ b0: UInt8, _ b1: UInt8, _ b2: UInt8) -> Bool {
        switch (b0, b1) {
        case (0xE3, 0x80): b2 == 0x80
        case (0xE2, 0x80): b2 == 0x8B || b2 == 0xA8 || b2 == 0xA9
        case (0xE2, 0x81): b2 == 0xA0
        case (0xEF, 0xBB): b2 == 0xBF
        default: false
        }
    }

    /// Whether a cell starting with `first` and ending with `last` may have a blank at either
    /// end: false for most cells, which then need no trimming. Exact for "no blank": a blank
    /// starts with a byte up to 0x20 or with 0xC2, 0xE2, 0xE3 or 0xEF, and ends with a byte up
    /// to 0x20 or with 0x80, 0x8B, 0xA0, 0xA8, 0xA9 or 0xBF.
    @inline(__always)
    static func mayHaveBlank(first: UInt8, last: UInt8) -> Bool {
        // Bit k of each mask: the lead byte 0xC0 + k, the final byte 0x80 + k.
        let leads: UInt64 = 1 << 0x02 | 1 << 0x22 | 1 << 0x23 | 1 << 0x2F
        let finals: UInt64 = 1 << 0x00 | 1 << 0x0B | 1 << 0x20 | 1 << 0x28 | 1 << 0x29 | 1 << 0x3F
        let lead = first &- 0xC0, final = last &- 0x80
        return first <= 0x20 || last <= 0x20 || (lead < 0x40 && leads >> lead & 1 != 0) || (final < 0x40 && finals >> final & 1 != 0)
    }
}

/// The separator of a table, as its header row (its first line that is not blank: not only
/// spaces and tabs) shows it:
/// commas (also when there is no separator at all, a one-column table); tabs when the header has
/// tabs and no commas (read as tab-separated, with a note); semicolons when it has semicolons and
/// neither commas nor tabs (a data error: Excel's CSV where the decimal separator is a comma).
enum _Separator: Equatable {
    case comma, tab
    /// The header's line.
    case semicolon(line: Int)

    /// Looks at the first line that is not blank (quotes are not looked into).
    ///
    /// - Complexity: O(length of the lines up to the header).
    init(header text: UnsafeBufferPointer<UInt8>) {
        var i = 0, line = 1
        while i < text.count {
            var commas = 0, tabs = 0, semicolons = 0, other = false
            while i < text.count, text[i] != 0x0A, text[i] != 0x0D {
                switch text[i] {
                case 0x2C: commas += 1
                case 0x09: tabs += 1
                case 0x3B: semicolons += 1
                case 0x20: break
                default: other = true
                }
                i += 1
            }
            // A line of blanks (spaces and tabs only) is blank, as the reader skips it.
            if commas > 0 || other || semicolons > 0 {
                self = commas > 0 ? .comma : tabs > 0 ? .tab : semicolons > 0 ? .semicolon(line: line) : .comma
                return
            }
            if i < text.count, text[i] == 0x0D, i + 1 < text.count, text[i + 1] == 0x0A { i += 1 }
            i += 1
            line += 1
        }
        self = .comma
    }

    /// The byte `_CSVScanner` separates fields with; for a tab, notes the conversion; for
    /// semicolons, `nil` after reporting the error.
    func byte(file: String, log: _DiagnosticSink) -> UInt8? {
        switch self {
        case .comma: return 0x2C
        case .tab:
            log.converted(Conversion(.tabSeparated, file: file, line: nil, column: nil, columnName: nil, read: "tab", became: ","))
            return 0x09
        case .semicolon(let line):
            log.error(file, line: line, _SeparatorText.semicolons)
            return nil
        }
    }
}

/// The message about a table separated by semicolons.
enum _SeparatorText {
    static let semicolons = "the header row has semicolons and no commas: the table was saved with \";\" between cells "
        + "(Excel does so where the decimal separator is a comma); kexie reads comma- or tab-separated tables: save it again "
        + "as \"CSV UTF-8 (Comma delimited)\" with \",\" as the list separator (Windows: Region > Additional settings > "
        + "List separator), or as \"Text (Tab delimited)\""
}
