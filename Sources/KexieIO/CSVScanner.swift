import KexieMachinery
/// A byte-level RFC 4180 reader over UTF-8 text held in memory.
///
/// Records end at LF, CRLF or a lone CR; fields are separated by commas (or tabs, for a table
/// whose header shows it is tab-separated: `_Separator`); a field may be quoted
/// with `"` and then contain commas, line breaks and doubled quotes. Spaces or tabs before an
/// opening quote and after a closing quote are allowed. Quoted fields are unescaped in place
/// (a field only ever shrinks), so reading a table allocates nothing per cell.
///
/// Most records have no quote and no control character; they take a fast path that finds the
/// commas and the line end eight bytes at a time and writes each field straight into the
/// scanner's own field buffer. A record with anything else is read again by the general path.
///
/// The scanner does not stop at a malformed record: it reports the first defect of the record
/// and resumes at the next record, so a load can list every bad row.
///
/// A scanner made over read-only text (`init(readingOnly:records:line:)`) never writes: it is
/// for text its owner has checked holds no quote, which several threads may then scan at once.
///
/// - Invariant: after `next`, `fields` holds the record's fields in order, each inside the
///   buffer, at most `maxFields` of them. A read-only scanner meets no quote.
struct _CSVScanner: ~Copyable {
    /// A field's bytes: `buffer[start ..< end]`, already unescaped, not yet trimmed.
    struct Field: Equatable {
        var start: Int
        var end: Int
    }

    /// What is wrong with a record.
    enum Defect: Equatable {
        /// A control character other than tab/CR/LF (C0, DEL, or C1 U+0080–U+009F).
        case controlCharacter(scalar: UInt32, field: Int, line: Int)
        /// Something other than spaces between a closing quote and the next comma or line end.
        case textAfterClosingQuote(field: Int, line: Int)
        /// A quoted field that runs to the end of the file.
        case unterminatedQuote(field: Int, line: Int)
        /// More fields than `maxFields`; the rest of the record was read but not kept.
        case tooManyFields(limit: Int, line: Int)
    }

    private let base: UnsafePointer<UInt8>
    /// `base` for writing (unescaping quoted cells in place); `nil` for read-only text.
    private let writableBase: UnsafeMutablePointer<UInt8>?
    private let count: Int
    /// The most fields a record keeps, so that a line of a billion commas cannot exhaust memory.
    private let maxFields: Int
    /// The fields of the current record: `fieldStorage[0 ..< fieldCount]`, capacity `maxFields`.
    private let fieldStorage: UnsafeMutablePointer<Field>
    private var fieldCount = 0
    /// Whether records may take the fast path (off only to test it against the general path).
    private let fastPath: Bool
    private var position = 0
    /// The byte between fields: a comma, or a tab for a table read as tab-separated.
    private let separator: UInt8
    /// The physical line the next record starts on (1-based).
    private(set) var line = 1

    init(_ buffer: UnsafeMutableBufferPointer<UInt8>, maxFields: Int = LoadLimits.columns, fastPath: Bool = true) {
        self.init(buffer, records: 0..<buffer.count, line: 1, maxFields: maxFields, fastPath: fastPath)
    }

    /// A scanner of the records in `buffer[records]`, which starts at a record boundary on
    /// physical line `line`. Fields are offsets into the whole buffer; quoted cells are
    /// unescaped in place.
    init(_ buffer: UnsafeMutableBufferPointer<UInt8>, records: Range<Int>, line: Int,
         maxFields: Int = LoadLimits.columns, fastPath: Bool = true, separator: UInt8 = 0x2C) {
        self.init(UnsafeBufferPointer(buffer), writable: buffer.baseAddress, records: records, line: line,
                  maxFields: maxFields, fastPath: fastPath, separator: separator)
    }

    /// A scanner of the records in `buffer[records]` that never writes, for text without a
    /// quote (a quote is a broken promise of the caller's: it stops the program).
    init(readingOnly buffer: UnsafeBufferPointer<UInt8>, records: Range<Int>, line: Int) {
        self.init(buffer, writable: nil, records: records, line: line, maxFields: LoadLimits.columns, fastPath: true, separator: Self.comma)
    }

    /// - Precondition: `separator` is a comma or a tab.
    private init(_ buffer: UnsafeBufferPointer<UInt8>, writable: UnsafeMutablePointer<UInt8>?, records: Range<Int>, line: Int,
                 maxFields: Int, fastPath: Bool, separator: UInt8) {
        precondition(separator == Self.comma || separator == Self.tab)
        self.separator = separator
        precondition(records.upperBound <= buffer.count)
        // An empty buffer has no base address; point at a dummy byte that is never read.
        self.base = buffer.baseAddress ?? UnsafePointer(_CSVScanner.emptyBase)
        self.writableBase = writable
        self.count = records.upperBound
        self.position = records.lowerBound
        self.line = line
        self.maxFields = max(1, maxFields)
        self.fieldStorage = .allocate(capacity: self.maxFields)
        self.fastPath = fastPath
    }

    /// Where the next record starts (an offset into the buffer).
    var nextRecordStart: Int { position }

    deinit { fieldStorage.deallocate() }

    /// The fields of the record `next` read last (valid until the next call).
    var fields: UnsafeBufferPointer<Field> { UnsafeBufferPointer(start: fieldStorage, count: fieldCount) }

    /// The fields of the current record, for trimming them in place.
    var mutableFields: UnsafeMutableBufferPointer<Field> { UnsafeMutableBufferPointer(start: fieldStorage, count: fieldCount) }

    /// Keeps `field` unless the record already has `maxFields` fields (then a defect).
    @inline(__always)
    private mutating func keep(_ field: Field, defect: inout Defect?) {
        if fieldCount < maxFields {
            fieldStorage[fieldCount] = field
            fieldCount += 1
        } else if defect == nil {
            defect = .tooManyFields(limit: maxFields, line: line)
        }
    }

    /// A byte to point at for an empty buffer (never read).
    nonisolated(unsafe) static let emptyBase = UnsafeMutablePointer<UInt8>.allocate(capacity: 1)

    /// The bytes of a field.
    func bytes(_ f: Field) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(start: base + f.start, count: f.end - f.start)
    }

    private static let comma: UInt8 = 0x2C, quote: UInt8 = 0x22, lf: UInt8 = 0x0A, cr: UInt8 = 0x0D
    private static let space: UInt8 = 0x20, tab: UInt8 = 0x09

    /// One bit (0x80) in each byte of `word` that the record scanner must look at: every byte
    /// below 0x2D (comma, quote, the C0 controls with tab, CR and LF, and the space and
    /// punctuation between them), DEL, and 0xC2 (the lead byte of the C1 controls). Exact per
    /// byte (see `_ByteWord`).
    @inline(__always)
    static func specialBytes(_ word: _ByteWord) -> UInt64 {
        word.bytes(below: 0x2D) | word.bytes(equalTo: 0x7F) | word.bytes(equalTo: 0xC2)
    }

    /// Whether any byte of `word` is one `specialBytes` marks: a byte that may end an unquoted
    /// field or be a control. Exact for "none": no such byte, no stop.
    @inline(__always)
    static func mayEndField(_ word: _ByteWord) -> Bool { specialBytes(word) != 0 }

    /// Reads the record at `position` if it is plain: no quote, no control character but tab,
    /// at most `maxFields` fields. Fields end at commas, the record at LF, CRLF, a lone CR or the
    /// end of the input. Returns false, having moved nothing but the field buffer, for any
    /// other record; the general path reads it then.
    ///
    /// - Complexity: O(record length), eight bytes per step plus a few instructions per field.
    @inline(__always)
    private mutating func nextPlainRecord() -> Bool {
        var fieldStart = position
        var n = 0
        var p = position
        /// Handles special byte `i`: nil to go on, true when the record ended, false to give up.
        @inline(__always)
        func look(_ i: Int) -> Bool? {
            let b = base[i]
            if b == separator {
                guard n < maxFields else { return false }
                fieldStorage[n] = Field(start: fieldStart, end: i)
                n &+= 1
                fieldStart = i &+ 1
                return nil
            }
            if b == Self.lf || b == Self.cr {
                guard n < maxFields else { return false }
                fieldStorage[n] = Field(start: fieldStart, end: i)
                fieldCount = n &+ 1
                position = b == Self.cr && i &+ 1 < count && base[i &+ 1] == Self.lf ? i &+ 2 : i &+ 1
                line &+= 1
                return true
            }
            if b == Self.tab { return nil }
            if b == 0xC2 {  // a C1 control (U+0080–U+009F) or another two-byte character
                return i &+ 1 < count && base[i &+ 1] >= 0x80 && base[i &+ 1] <= 0x9F ? false : nil
            }
            if b == Self.quote || b < 0x20 || b == 0x7F { return false }
            return nil  // an ordinary byte
        }
        while p &+ 8 <= count {
            var special = Self.specialBytes(_ByteWord(loadingFrom: base + p))
            while special != 0 {
                let i = p &+ _ByteWord.firstByte(special)
                special &= special &- 1
                if let ended = look(i) { return ended }
            }
            p &+= 8
        }
        while p < count {
            if let ended = look(p) { return ended }
            p &+= 1
        }
        guard n < maxFields else { return false }
        fieldStorage[n] = Field(start: fieldStart, end: count)
        fieldCount = n &+ 1
        position = count
        return true
    }

    /// Whether `b` may stand around a quoted field: a space, or a tab unless tabs separate fields.
    @inline(__always)
    private func isBlank(_ b: UInt8) -> Bool { b == Self.space || (b == Self.tab && separator != Self.tab) }

    @inline(__always)
    private func controlScalar(at p: Int) -> UInt32? {
        let b = base[p]
        if b < 0x20 { return b == Self.tab || b == Self.lf || b == Self.cr ? nil : UInt32(b) }
        if b == 0x7F { return 0x7F }
        if b == 0xC2, p + 1 < count, base[p + 1] >= 0x80, base[p + 1] <= 0x9F { return UInt32(base[p + 1]) }
        return nil
    }

    /// Reads the next record into `fields`. Returns the line the record starts on, or `nil` at
    /// the end of the input. `defect` is set when the record is malformed.
    @inline(__always)
    mutating func next(defect: inout Defect?) -> Int? {
        guard position < count else { return nil }
        let startLine = line
        fieldCount = 0
        defect = nil
        if fastPath, nextPlainRecord() { return startLine }
        fieldCount = 0
        return nextRecord(startLine: startLine, defect: &defect)
    }

    /// The general path: any record, quoted fields and defects included.
    @inline(never)
    private mutating func nextRecord(startLine: Int, defect: inout Defect?) -> Int? {
        var p = position
        while true {
            // Look past blanks for an opening quote.
            var q = p
            while q < count, isBlank(base[q]) { q += 1 }
            if q < count, base[q] == Self.quote {
                guard let end = quotedField(openingAt: q, defect: &defect) else {
                    position = count
                    return startLine
                }
                p = end
            } else {
                p = unquotedField(from: p, defect: &defect)
            }
            if p >= count {
                position = p
                return startLine
            }
            if base[p] == separator {
                // The next field; after a final comma it is an empty field at the end of input.
                p += 1
                continue
            }
            if base[p] == Self.cr, p + 1 < count, base[p + 1] == Self.lf { p += 2 } else { p += 1 }
            line += 1
            position = p
            return startLine
        }
    }

    /// Reads the quoted field whose opening quote is at `quote`, unescaping doubled quotes in
    /// place, and keeps it. Returns where the field ends (at a comma, a line end or the end of
    /// input, past any text after the closing quote, which is a defect), or `nil` when the
    /// quote is never closed (a defect that ends the input).
    private mutating func quotedField(openingAt quote: Int, defect: inout Defect?) -> Int? {
        guard let writable = writableBase else {
            preconditionFailure("a quote in text read as quote-free (its reader checked for none)")
        }
        let fieldLine = line
        var q = quote + 1
        let contentStart = q
        var write = q
        var closed = false
        while q < count {
            let b = base[q]
            if b == Self.quote {
                if q + 1 < count, base[q + 1] == Self.quote {
                    writable[write] = Self.quote
                    write += 1
                    q += 2
                    continue
                }
                q += 1
                closed = true
                break
            }
            if b == Self.lf {
                line += 1
            } else if b == Self.cr {
                if !(q + 1 < count && base[q + 1] == Self.lf) { line += 1 }
            } else if defect == nil, let c = controlScalar(at: q) {
                defect = .controlCharacter(scalar: c, field: fieldCount, line: line)
            }
            writable[write] = b
            write += 1
            q += 1
        }
        keep(Field(start: contentStart, end: write), defect: &defect)
        guard closed else {
            defect = .unterminatedQuote(field: fieldCount - 1, line: fieldLine)
            return nil
        }
        while q < count, isBlank(base[q]) { q += 1 }
        if q < count, base[q] != separator, base[q] != Self.lf, base[q] != Self.cr {
            if defect == nil { defect = .textAfterClosingQuote(field: fieldCount - 1, line: line) }
            while q < count, base[q] != separator, base[q] != Self.lf, base[q] != Self.cr { q += 1 }
        }
        return q
    }

    /// Reads and keeps the unquoted field starting at `start`, noting its first control
    /// character. Returns where it ends (a comma, a line end or the end of input).
    private mutating func unquotedField(from start: Int, defect: inout Defect?) -> Int {
        var q = start
        while q < count {
            // Eight bytes at a time while none of them can end the field or be a control.
            while q &+ 8 <= count, !Self.mayEndField(_ByteWord(loadingFrom: base + q)) {
                q &+= 8
            }
            guard q < count else { break }
            let b = base[q]
            // Fast path: everything above the comma except DEL and the C1 lead byte.
            if b > Self.comma, b != 0x7F, b != 0xC2 { q += 1; continue }
            if b == separator || b == Self.lf || b == Self.cr { break }
            if defect == nil, let c = controlScalar(at: q) {
                defect = .controlCharacter(scalar: c, field: fieldCount, line: line)
            }
            q += 1
        }
        keep(Field(start: start, end: q), defect: &defect)
        return q
    }
}
