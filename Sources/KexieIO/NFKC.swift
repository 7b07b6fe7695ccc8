import Foundation
import KexieMachinery

/// Unicode NFKC for the cells that are compared and for header names (dataset.md, "Tables as
/// people keep them": text; names and attributes are kept as written, `_TableSchema.keptAsWritten`):
/// full-width letters, digits and punctuation become half-width (`１２０１０１` → `120101`,
/// `村（社区）级` → `村(社区)级`), compatibility characters are spelt out (`㎞` → `km`).
///
/// Most text needs no work: ASCII and the CJK ideographs (U+3400–U+9FFF, three-byte UTF-8 led by
/// E3 90 and up to E9) are NFKC-stable, and so are the Chinese punctuation marks 、。〈〉《》「」
/// 『』【】. A table whose text holds nothing else (`mayChange` is false: every canonical dataset,
/// most Chinese ones) is never looked at again; otherwise each cell is checked (`isStable`) and
/// only a cell with another character goes through a real NFKC (Foundation's
/// `precomposedStringWithCompatibilityMapping`; Swift's standard library has no NFKC).
enum _NFKC {
    /// Whether the three-byte character `b0 b1 b2` is one the fast path knows to be stable.
    @inline(__always)
    private static func isStableThreeByte(_ b0: UInt8, _ b1: UInt8, _ b2: UInt8) -> Bool {
        if b0 &- 0xE4 < 6 { return true }  // U+4000–U+9FFF
        guard b0 == 0xE3 else { return false }
        if b1 >= 0x90 { return true }  // U+3400–U+3FFF
        // U+3001 、 U+3002 。 and U+3008–U+3011 〈〉《》「」『』【】.
        return b1 == 0x80 && (b2 == 0x81 || b2 == 0x82 || (b2 >= 0x88 && b2 <= 0x91))
    }

    /// Whether NFKC may change some part of `text` (well-formed UTF-8): whether it holds a
    /// character other than ASCII and the stable three-byte ones. Exact for "no".
    ///
    /// - Complexity: O(n): ASCII sixteen bytes at a time, other characters one by one.
    static func mayChange(_ text: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = text.baseAddress else { return false }
        let n = text.count
        var i = 0
        while i < n {
            while i &+ 16 <= n,
                  _ByteWord(bits: _ByteWord(loadingFrom: base + i).bits | _ByteWord(loadingFrom: base + (i &+ 8)).bits).nonASCIIBytes == 0 {
                i &+= 16
            }
            guard i < n else { break }
            let b = base[i]
            if b < 0x80 { i &+= 1; continue }
            guard b & 0xF0 == 0xE0, i &+ 2 < n, isStableThreeByte(b, base[i &+ 1], base[i &+ 2]) else { return true }
            i &+= 3
        }
        return false
    }

    /// Whether `cell` (well-formed UTF-8) is NFKC-stable by the fast path's test.
    ///
    /// - Complexity: O(n).
    @inline(__always)
    static func isStable(_ cell: UnsafeBufferPointer<UInt8>) -> Bool {
        !mayChange(cell)
    }

    /// Whether the well-formed character of `length` bytes at `b[i]` (not ASCII) is one the fast
    /// path knows to be stable.
    @inline(__always)
    static func isStable(_ b: UnsafeBufferPointer<UInt8>, at i: Int, length: Int) -> Bool {
        length == 3 && isStableThreeByte(b[i], b[i &+ 1], b[i &+ 2])
    }

    /// Where each character of `text` (well-formed UTF-8) that NFKC may change starts.
    ///
    /// - Complexity: O(n).
    static func unstableOffsets(_ text: UnsafeBufferPointer<UInt8>) -> [Int] {
        var offsets: [Int] = []
        var i = 0
        while i < text.count {
            let b = text[i]
            if b < 0x80 { i += 1; continue }
            let length = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : 2
            if i + length > text.count || !isStable(text, at: i, length: length) { offsets.append(i) }
            i += length
        }
        return offsets
    }

    /// `s` in NFKC.
    static func normalized(_ s: String) -> String { s.precomposedStringWithCompatibilityMapping }

    /// How many bytes NFKC may add to `text` at most: the sum, over the characters at
    /// `unstable`, of what each one's own NFKC adds (composition only ever shortens). Zero for
    /// text whose only such characters are full-width forms and the like, which shrink.
    ///
    /// - Complexity: O(number of unstable characters), one real NFKC per distinct character.
    static func growth(_ text: UnsafeBufferPointer<UInt8>, unstable: [Int]) -> Int {
        var known: [UInt32: Int] = [:]
        var total = 0
        for i in unstable {
            let b = text[i]
            let length = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : 2
            guard i + length <= text.count else { continue }
            var key: UInt32 = 0
            for k in 0..<length { key = key << 8 | UInt32(text[i + k]) }
            if let g = known[key] { total += g; continue }
            let character = String(decoding: UnsafeBufferPointer(rebasing: text[i..<(i + length)]), as: UTF8.self)
            let g = max(0, normalized(character).utf8.count - length)
            known[key] = g
            total += g
        }
        return total
    }

    /// `s` in NFKC without the blanks at its ends (NFKC makes some characters spaces: U+2003 EM
    /// SPACE, U+3000 IDEOGRAPHIC SPACE), as header names and cells are compared.
    static func normalizedAndTrimmed(_ s: String) -> String {
        let n = normalized(s)
        var bytes = Array(n.utf8)
        let trimmed: Range<Int> = bytes.withUnsafeBufferPointer { b in
            var lo = 0, hi = b.count
            while lo < hi, let k = _Whitespace.leading(b.baseAddress! + lo, hi - lo) { lo += k }
            while lo < hi, let k = _Whitespace.trailing(b.baseAddress! + lo, hi - lo) { hi -= k }
            return lo..<hi
        }
        if trimmed.count == bytes.count { return n }
        bytes = Array(bytes[trimmed])
        return String(decoding: bytes, as: UTF8.self)
    }
}

/// Writes the NFKC form of a table's changed cells into the reader's text (see
/// `_TableReader`): in place when it is not longer than the cell (full-width forms always
/// shrink), else into the room the reader reserved after its records. Every changed cell is a
/// `Conversion(.fullWidth, …)`.
///
/// - Invariant: `tail` lies in the same buffer as the records and after them, so a field that
///   points into it is an offset from the same base (spans of deferred references stay valid).
final class _CellNormalizer {
    private let text: UnsafeMutablePointer<UInt8>
    @exclusivity(unchecked) private var tail: Range<Int>
    /// Where the characters NFKC may change start (`_DecodedText.unstable`), and the first of
    /// them not yet passed.
    private let unstable: [Int]
    @exclusivity(unchecked) private var next = 0

    init(text: UnsafeMutablePointer<UInt8>, tail: Range<Int>, unstable: [Int]) {
        self.text = text
        self.tail = tail
        self.unstable = unstable
    }

    /// Whether the record `range` of the text (as read, before unescaping; records come in
    /// text order) holds a character NFKC may change.
    ///
    /// - Complexity: O(1) amortised.
    @inline(__always)
    func mayChange(_ range: Range<Int>) -> Bool {
        while next < unstable.count, unstable[next] < range.lowerBound { next &+= 1 }
        return next < unstable.count && unstable[next] < range.upperBound
    }

    /// Normalises `field` (trimmed) in place or into the tail and reports the change to `sink`.
    /// When the tail has no room left, the cell is kept as written and reported as an error.
    func normalize(_ field: inout _CSVScanner.Field, file: String, line: Int, column: Int, columnName: String?,
                   sink: _DiagnosticSink) {
        let cell = UnsafeBufferPointer(start: UnsafePointer(text + field.start), count: field.end - field.start)
        if _NFKC.isStable(cell) { return }
        let read = String(decoding: cell, as: UTF8.self)
        let became = _NFKC.normalizedAndTrimmed(read)
        // Bytes, not `==`: Swift's String equality is canonical equivalence, which holds
        // between "e\u{301}" and "é" (and U+F900 and U+8C48) though their bytes differ.
        guard !became.utf8.elementsEqual(read.utf8) else { return }
        let bytes = Array(became.utf8)
        if bytes.count <= cell.count {
            bytes.withUnsafeBufferPointer { (text + field.start).update(from: $0.baseAddress!, count: $0.count) }
            field.end = field.start + bytes.count
        } else if bytes.count <= tail.count {
            bytes.withUnsafeBufferPointer { (text + tail.lowerBound).update(from: $0.baseAddress!, count: $0.count) }
            field = _CSVScanner.Field(start: tail.lowerBound, end: tail.lowerBound + bytes.count)
            tail = tail.lowerBound + bytes.count ..< tail.upperBound
        } else {
            sink.error(file, line: line, column: column,
                       "\"\(read)\" is longer in Unicode NFKC (\"\(became)\"), and the table has more such cells than kexie keeps room for; "
                       + "replace compatibility characters (such as ㈱ or ½) by what they stand for")
            return
        }
        sink.converted(Conversion(.fullWidth, file: file, line: line, column: column, columnName: columnName,
                                  read: read, became: became))
    }
}
