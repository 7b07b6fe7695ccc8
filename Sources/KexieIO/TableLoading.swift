#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import KexieMachinery
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

    /// A required identifier; reports an empty cell, and one holding an invisible or
    /// line-separating character (`_InvisibleCharacter`), which would make two ids that look
    /// the same differ.
    @inline(__always)
    func id(_ row: _Row, _ c: _Column) -> UnsafeBufferPointer<UInt8>? {
        let b = row.bytes(c.field)
        // Most ids are ASCII: two word tests, no call.
        if b.isEmpty || _InvisibleCharacter.mayHold(b) { return checkedID(b, row, c) }
        return b
    }

    /// `id`'s path for empty and non-ASCII ids.
    @inline(never)
    private func checkedID(_ b: UnsafeBufferPointer<UInt8>, _ row: _Row, _ c: _Column) -> UnsafeBufferPointer<UInt8>? {
        if b.isEmpty {
            error(row, c, "empty \"\(c.name)\": every row needs one")
            return nil
        }
        if let invisible = _InvisibleCharacter.first(in: b) {
            error(row, c, "\"\(c.name)\" \"\(String(decoding: b, as: UTF8.self))\" holds \(_InvisibleCharacter.describe(invisible))"
                  + ", which cannot be seen: an id may not hold invisible or line-separating characters "
                  + "(\(_InvisibleCharacter.rangesText)); delete it")
            return nil
        }
        return b
    }

    /// Records that the cell of `c` in `row` was read as `became`.
    func converted(_ kind: Conversion.Kind, _ row: _Row, _ c: _Column, read: String, became: String) {
        log.converted(Conversion(kind, file: file, line: row.line, column: column(c), columnName: c.name.description,
                                 read: read, became: became))
    }

    /// A value of a closed vocabulary: its key as written (the fast path), or another spelling
    /// the contract accepts (`_ContractLabels`: another case, a Chinese label or part of one, a
    /// synonym; a `.label` conversion). Reports an empty or unknown value with the allowed list,
    /// suggesting in the language it was written in.
    @inline(__always)
    func vocabulary<E: ContractVocabulary>(_ row: _Row, _ c: _Column, _ matcher: _VocabularyMatcher<E>) -> E? {
        let b = row.bytes(c.field)
        if let v = matcher.match(b) { return v }
        return otherSpelling(row, c, b)
    }

    /// `vocabulary`'s path for cells that are not a key as written.
    @inline(never)
    private func otherSpelling<E: ContractVocabulary>(_ row: _Row, _ c: _Column, _ b: UnsafeBufferPointer<UInt8>) -> E? {
        if b.isEmpty {
            error(row, c, "empty \"\(c.name)\" (allowed: \(E.names.joined(separator: ", ")))")
            return nil
        }
        let text = String(decoding: b, as: UTF8.self)
        if let v = _ContractLabels.value(text, E.self) {
            converted(.label, row, c, read: text, became: v.name)
            return v
        }
        error(row, c, "unknown \(E.vocabularyName) \"\(text)\" in column \"\(c.name)\"" + _ContractLabels.hint(for: text, E.self))
        return nil
    }

    /// A date, or `empty` when the cell is empty: `YYYY-MM-DD`, `YYYY-MM` or `YYYY` (the fast
    /// path), or another form the contract accepts (`Day.parsingOtherForm`; a `.dateForm`
    /// conversion). Reports malformed and impossible dates, and a bare 5-digit number with the
    /// day it would be as an Excel serial.
    @inline(__always)
    func date(_ row: _Row, _ c: _Column, empty: Day, cache: inout _DayCache) -> Day? {
        let b = row.bytes(c.field)
        if b.isEmpty { return empty }
        if let d = cache.day(b) { return d }
        return otherDate(row, c, b)
    }

    /// `date`'s path for cells that are not in a canonical form.
    @inline(never)
    private func otherDate(_ row: _Row, _ c: _Column, _ b: UnsafeBufferPointer<UInt8>) -> Day? {
        let text = String(decoding: b, as: UTF8.self)
        if let (d, canonical) = Day.parsingOtherForm(text) {
            converted(.dateForm, row, c, read: text, became: canonical)
            return d
        }
        if b.count == 5, b.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }), let serial = Double(text),
           let day = Day(excelSerial: serial, system: .from1900)?.description {
            error(row, c, _DateText.serial(text, column: c.name.description, day: day))
            return nil
        }
        error(row, c, _DateText.bad(text, column: c.name.description))
        return nil
    }

    /// A positive number at most `LoadLimits.weight`, `.some(nil)` when empty, `nil` after
    /// reporting a bad value.
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
        guard v <= LoadLimits.weight else {
            error(row, c, "\"\(c.name)\" is \(text): it must be at most \(Int(LoadLimits.weight)) (leave it empty for the default)")
            return nil
        }
        return .some(v)
    }
}

/// The messages about date cells, in one place.
enum _DateText {
    static func bad(_ text: String, column: String) -> String {
        "bad date \"\(text)\" in column \"\(column)\": expected YYYY-MM-DD, YYYY-MM or YYYY, or YYYY/M/D, YYYY.M.D, YYYY-M-D, "
            + "YYYY年M月D日, YYYY年M月 or YYYY年 (a real calendar date; a time after a full date is ignored)"
    }

    static func serial(_ text: String, column: String, day: String) -> String {
        "\"\(column)\" is \(text), a number, not a date: as an Excel serial date it would be \(day); "
            + "write it as \(day) (in Excel, format the column as a date yyyy-mm-dd or as Text before saving as CSV)"
    }

    static func later(_ column: String, _ day: Day, asOf: Day, rows: Int) -> String {
        "\"\(column)\" \(day) is later than the as-of date \(asOf): a typo? (an organization does not count before it is founded)"
            + (rows > 1 ? " (\(rows) rows; the first is here)" : "")
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
    private var cache = _DayCache()
    /// A start later than this is warned about (`founded` after the as-of date); `nil`: none.
    private let latestStart: Day?
    /// The starts later than `latestStart`: how many, the first one and its line.
    private var late = (rows: 0, line: 0, day: Day.distantPast)

    init(start: _Column, end: _Column, what: String, latestStart: Day? = nil) {
        self.start = start
        self.end = end
        self.what = what
        self.latestStart = latestStart
    }

    /// The row's dates (empty start: distant past; empty end: distant future). A bad date is
    /// reported by `cells` and read as empty so the columns stay aligned.
    mutating func read(_ row: _Row, _ cells: _CellReader) -> (start: Day, end: Day) {
        let s = cells.date(row, start, empty: .distantPast, cache: &cache) ?? .distantPast
        let e = cells.date(row, end, empty: .distantFuture, cache: &cache) ?? .distantFuture
        if e <= s {
            empty += 1
            if empty == 1 { firstLine = row.line }
        }
        if let latestStart, s.isSet, s > latestStart {
            if late.rows == 0 { late = (0, row.line, s) }
            late.rows += 1
        }
        return (s, e)
    }

    /// The never-active rows of both, `self` read first (pieces of one table).
    func merged(with later: _DateRanges) -> _DateRanges {
        var m = self
        if m.empty == 0 { m.firstLine = later.firstLine }
        m.empty += later.empty
        return m
    }

    func report(file: String, log: _DiagnosticSink) {
        if late.rows > 0, let latestStart {
            log.warning(file, line: late.line, column: start.field.map { $0 + 1 },
                        _DateText.later(start.name.description, late.day, asOf: latestStart, rows: late.rows))
        }
        guard empty > 0 else { return }
        log.warning(file, line: firstLine, column: end.field.map { $0 + 1 },
                    "\"\(end.name)\" is on or before \"\(start.name)\": the \(what) is never active" +
                    (empty > 1 ? " (\(empty) rows; the first is here)" : ""))
    }
}

/// Matches cells against a closed vocabulary without making strings: the length and the first
/// eight bytes of each spelling are compared first, the rest only when both agree.
struct _VocabularyMatcher<E: ContractVocabulary> {
    private let lengths: [Int]
    private let heads: [UInt64]
    private let names: [[UInt8]]

    init() {
        names = E.utf8Names
        lengths = names.map(\.count)
        heads = names.map { name in name.withUnsafeBufferPointer { Self.head($0) } }
    }

    /// The first eight bytes of `b` (fewer, zero-padded, for a shorter string).
    @inline(__always)
    private static func head(_ b: UnsafeBufferPointer<UInt8>) -> UInt64 {
        guard let base = b.baseAddress else { return 0 }
        if b.count >= 8 { return UnsafeRawPointer(base).loadUnaligned(as: UInt64.self) }
        var word: UInt64 = 0
        for k in 0..<b.count { word |= UInt64(base[k]) << (8 &* UInt64(k)) }
        return word
    }

    /// The case spelt by `b`, or `nil`.
    @inline(__always)
    func match(_ b: UnsafeBufferPointer<UInt8>) -> E? {
        let n = b.count, h = Self.head(b)
        for i in 0..<lengths.count where lengths[i] == n && heads[i] == h {
            if n <= 8 || names[i].withUnsafeBufferPointer({ name in memcmp(name.baseAddress! + 8, b.baseAddress! + 8, n &- 8) == 0 }) {
                return E(rawValue: UInt8(truncatingIfNeeded: i))
            }
        }
        return nil
    }
}

/// The days of the `YYYY-MM-DD` cells read so far, by their eight digits: a table repeats a
/// few thousand dates over millions of rows. Direct-mapped; a collision only means parsing again.
struct _DayCache {
    private var keys = [UInt64](repeating: 0, count: 4096)
    private var days = [Int32](repeating: 0, count: 4096)

    /// The day a cell spells (see `Day(parsingUTF8:)`), or `nil` when it is not a date.
    @inline(__always)
    mutating func day(_ b: UnsafeBufferPointer<UInt8>) -> Day? {
        guard b.count == 10, b[4] == 0x2D, b[7] == 0x2D else { return Day(parsingUTF8: b) }
        let p = UnsafeRawPointer(b.baseAddress!)
        // YYYY, MM and DD side by side; never 0, since a cell holds no NUL.
        let key = UInt64(p.loadUnaligned(as: UInt32.self)) | UInt64(p.loadUnaligned(fromByteOffset: 5, as: UInt16.self)) << 32
            | UInt64(p.loadUnaligned(fromByteOffset: 8, as: UInt16.self)) << 48
        let slot = Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) &>> 52)
        if keys[slot] == key { return Day(rawValue: days[slot]) }
        guard let d = Day(parsingUTF8: b) else { return nil }
        keys[slot] = key
        days[slot] = d.rawValue
        return d
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

/// The characters an id may not hold: zero-width characters, bidirectional marks, embeddings,
/// overrides and isolates, the line and paragraph separators, invisible operators, and the
/// byte-order mark. At the ends of a cell some of them are trimmed as blanks (`_Whitespace`);
/// inside an id each is an error, since two ids that look alike would differ. Text tables show
/// them escaped (`TerminalText`).
enum _InvisibleCharacter {
    /// The refused ranges, for messages.
    static let rangesText = "U+200B–U+200F, U+2028–U+202E, U+2060–U+2064, U+2066–U+2069, U+FEFF"

    /// Whether `b` may hold a refused character: whether it has a byte that is not ASCII.
    /// Exact for "no": every refused character is three bytes from 0x80 up.
    ///
    /// - Complexity: O(n), eight bytes at a time (the last eight overlapping the ones before).
    @inline(__always)
    static func mayHold(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = b.baseAddress else { return false }
        let n = b.count
        if n >= 8 {
            var i = 0
            while i &+ 8 < n {
                if _ByteWord(loadingFrom: base + i).nonASCIIBytes != 0 { return true }
                i &+= 8
            }
            return _ByteWord(loadingFrom: base + (n &- 8)).nonASCIIBytes != 0
        }
        var any: UInt8 = 0
        for k in 0..<n { any |= base[k] }
        return any >= 0x80
    }

    /// The first refused character in `b` (well-formed UTF-8), or `nil`.
    ///
    /// - Complexity: O(n).
    static func first(in b: UnsafeBufferPointer<UInt8>) -> Unicode.Scalar? {
        var i = 0
        // Every refused character is three bytes led by 0xE2 or 0xEF.
        while i &+ 2 < b.count {
            let lead = b[i]
            if lead == 0xE2 || lead == 0xEF,
               let u = Unicode.Scalar(UInt32(lead & 0x0F) << 12 | UInt32(b[i + 1] & 0x3F) << 6 | UInt32(b[i + 2] & 0x3F)),
               isRefused(u) {
                return u
            }
            i &+= 1
        }
        return nil
    }

    static func isRefused(_ u: Unicode.Scalar) -> Bool {
        switch u.value {
        case 0x200B...0x200F, 0x2028...0x202E, 0x2060...0x2064, 0x2066...0x2069, 0xFEFF: true
        default: false
        }
    }

    /// `U+200B ZERO WIDTH SPACE`.
    static func describe(_ u: Unicode.Scalar) -> String {
        let code = String(u.value, radix: 16, uppercase: true)
        let name = (u.properties.name.map { " " + $0 } ?? "") + (u == "\u{FEFF}" ? " (a byte-order mark)" : "")
        return "U+\(String(repeating: "0", count: max(0, 4 - code.count)))\(code)\(name)"
    }
}

/// Cells of an open vocabulary (persons' `category` and `sector`), interned: each value as
/// written, or the known value it stands for when it is another spelling of one (another case,
/// a Chinese label or part of one: `_ContractLabels.value(_:known:labels:)`; a `.label`
/// conversion). Other values are kept as written, flagged unknown.
///
/// Spellings are never interned themselves, so the names of a table are the values it holds.
struct _LabelledCells {
    /// The known values (keys).
    let known: Set<String>
    /// Chinese spellings of known values.
    let labels: [(String, String)]
    /// By index in the names: whether the value is known.
    private var isKnown: [Bool] = []
    /// Spellings met so far and the index of the value they read as.
    private var spellings: [String: Int] = [:]

    init(known: Set<String>, labels: [(String, String)]) {
        self.known = known
        self.labels = labels
    }

    /// The index in `names` of the value `cell` (not empty) reads as, and whether it is known.
    @inline(__always)
    mutating func index(_ cell: UnsafeBufferPointer<UInt8>, _ row: _Row, _ c: _Column, names: inout InternedStrings,
                        cells: _CellReader) -> (index: Int, known: Bool) {
        if let i = names.index(ofUTF8: cell) { return (i, isKnown[i]) }
        return firstOrSpelling(cell, row, c, names: &names, cells: cells)
    }

    /// `index`'s path for a value not interned yet or written another way.
    @inline(never)
    private mutating func firstOrSpelling(_ cell: UnsafeBufferPointer<UInt8>, _ row: _Row, _ c: _Column,
                                          names: inout InternedStrings, cells: _CellReader) -> (index: Int, known: Bool) {
        let text = String(decoding: cell, as: UTF8.self)
        if let i = spellings[text] {
            cells.converted(.label, row, c, read: text, became: names[i])
            return (i, isKnown[i])
        }
        var value = text
        if !known.contains(text), let key = _ContractLabels.value(text, known: known, labels: labels) {
            value = key
            cells.converted(.label, row, c, read: text, became: key)
        }
        let (i, inserted) = names.insert(value)
        if inserted { isKnown.append(known.contains(value)) }
        if value != text { spellings[text] = i }
        return (i, isKnown[i])
    }
}
