/// A way of escaping text for a format: which bytes it replaces and with what. The loop that
/// applies an escaping (`_ByteWriter.append(_:escaping:)`) is written once; each format only
/// states its replacements, here (JSON, XML, HTML, CSV) or beside its writer (DOT, Markdown).
///
/// - Invariant: `marked` marks (high bit of the byte, as a `_ByteWord` mask) at least every
///   byte at which `replacement` returns non-nil, and `isMarked` agrees with it byte for byte.
///   Unmarked bytes are copied without a look, eight at a time.
@usableFromInline package protocol _Escaping {
    /// The bytes of `word` that `replacement` must look at.
    static func marked(_ word: _ByteWord) -> UInt64
    /// Whether `replacement` must look at `byte` (`marked` for one byte).
    static func isMarked(_ byte: UInt8) -> Bool
    /// What replaces the text at `bytes[i]` (a marked byte), or nil to keep that byte.
    static func replacement(_ bytes: UnsafeBufferPointer<UInt8>, at i: Int) -> _Replacement?
}

/// Up to eight bytes that replace `width` bytes of the input (an entity, an escape sequence).
@frozen @usableFromInline
package struct _Replacement {
    /// The bytes, the first in the lowest eight bits.
    @usableFromInline package var packed: UInt64
    /// How many of the eight bytes are used (0 ... 8).
    @usableFromInline package var count: Int
    /// How many input bytes they replace (at least 1).
    @usableFromInline package var width: Int

    /// `text` (at most eight bytes) in place of `width` input bytes.
    @inlinable @inline(__always)
    package init(_ text: StaticString, width: Int = 1) {
        var packed: UInt64 = 0
        let n = text.utf8CodeUnitCount
        for k in 0..<n { packed |= UInt64(text.utf8Start[k]) << (8 &* UInt64(k)) }
        self.init(packed: packed, count: n, width: width)
    }

    @inlinable @inline(__always)
    package init(packed: UInt64, count: Int, width: Int) {
        precondition(count <= 8 && width >= 1, "at most eight bytes, for at least one")
        self.packed = packed
        self.count = count
        self.width = width
    }
}

extension _ByteWriter {
    /// Appends `bytes` escaped as `escaping` says.
    ///
    /// - Complexity: O(bytes): unmarked runs are skipped eight bytes at a time and copied whole.
    @inlinable
    package mutating func append<E: _Escaping>(_ bytes: UnsafeBufferPointer<UInt8>, escaping: E.Type) {
        let first = _ByteWriter.firstMarked(bytes, E.self)
        // Most text (ids, names) needs no escape: one scan, one copy.
        if first == bytes.count { return append(bytes) }
        _appendEscaped(bytes, from: first, E.self)
    }

    /// Appends a string escaped as `escaping` says.
    @inlinable
    package mutating func append<E: _Escaping>(_ text: String, escaping: E.Type) {
        var text = text
        text.withUTF8 { append($0, escaping: E.self) }
    }

    /// `text` escaped as `escaping` says, as a string (`text` itself when nothing changes).
    package static func escaped<E: _Escaping>(_ text: String, _ escaping: E.Type) -> String {
        var text = text
        return text.withUTF8 { utf8 in
            if firstMarked(utf8, E.self) == utf8.count { return nil }
            var w = _ByteWriter(capacity: utf8.count &+ 16)
            w.append(utf8, escaping: E.self)
            return w.text
        } ?? text
    }

    /// The index of the first byte of `bytes` that `escaping` marks, or `bytes.count`.
    @inlinable
    package static func firstMarked<E: _Escaping>(_ bytes: UnsafeBufferPointer<UInt8>, _ escaping: E.Type) -> Int {
        guard let base = bytes.baseAddress else { return 0 }
        let n = bytes.count
        var i = 0
        while i &+ 8 <= n {
            let mask = E.marked(_ByteWord(loadingFrom: base, at: i))
            if mask != 0 { return i &+ _ByteWord.firstByte(mask) }
            i &+= 8
        }
        while i < n, !E.isMarked(base[i]) { i &+= 1 }
        return i
    }

    /// Appends `bytes` escaped, knowing that `bytes[..<first]` needs no look.
    @usableFromInline
    mutating func _appendEscaped<E: _Escaping>(_ bytes: UnsafeBufferPointer<UInt8>, from first: Int, _: E.Type) {
        let base = bytes.baseAddress!, n = bytes.count
        var i = first, runStart = 0
        while i < n {
            if let r = E.replacement(bytes, at: i) {
                append(UnsafeBufferPointer(start: base + runStart, count: i &- runStart))
                reserve(8)
                UnsafeMutableRawPointer(_base + _count).storeBytes(of: r.packed.littleEndian, as: UInt64.self)
                _count &+= r.count
                i &+= r.width
                runStart = i
            } else {
                i &+= 1
            }
            // Eight bytes at a time while none of them needs a look.
            while i &+ 8 <= n {
                let mask = E.marked(_ByteWord(loadingFrom: base, at: i))
                if mask != 0 { i &+= _ByteWord.firstByte(mask); break }
                i &+= 8
            }
            while i < n, !E.isMarked(base[i]) { i &+= 1 }
        }
        append(UnsafeBufferPointer(start: base + runStart, count: n &- runStart))
    }
}

// MARK: The escapings

/// JSON string content (without the quotes): `"` and `\` and the C0 controls as JSON requires
/// (`\n`, `\r`, `\t`, else `\u00XX`), plus DEL (`\u007f`) and U+2028/U+2029 (`\u2028`,
/// `\u2029`), which JavaScript cannot take raw. Everything else, invalid UTF-8 included, is
/// copied.
@usableFromInline package enum _JSONEscaping: _Escaping {
    @inlinable @inline(__always)
    package static func marked(_ w: _ByteWord) -> UInt64 {
        w.bytes(below: 0x20) | w.bytes(equalTo: 0x22) | w.bytes(equalTo: 0x5C) | w.bytes(equalTo: 0x7F) | w.bytes(equalTo: 0xE2)
    }

    @inlinable @inline(__always)
    package static func isMarked(_ b: UInt8) -> Bool {
        b < 0x20 || b == 0x22 || b == 0x5C || b == 0x7F || b == 0xE2
    }

    @inlinable
    package static func replacement(_ bytes: UnsafeBufferPointer<UInt8>, at i: Int) -> _Replacement? {
        switch bytes[i] {
        case UInt8(ascii: "\""): return _Replacement("\\\"")
        case UInt8(ascii: "\\"): return _Replacement("\\\\")
        case 0x0A: return _Replacement("\\n")
        case 0x0D: return _Replacement("\\r")
        case 0x09: return _Replacement("\\t")
        case 0xE2:
            // E2 80 A8 and E2 80 A9 are U+2028 and U+2029; any other E2 stays.
            guard i &+ 2 < bytes.count, bytes[i &+ 1] == 0x80, bytes[i &+ 2] == 0xA8 || bytes[i &+ 2] == 0xA9 else { return nil }
            return bytes[i &+ 2] == 0xA8 ? _Replacement("\\u2028", width: 3) : _Replacement("\\u2029", width: 3)
        case let b:  // other C0 controls and DEL: \u00XX, lower-case hex
            @inline(__always) func hex(_ v: UInt8) -> UInt64 { UInt64(v < 10 ? UInt8(ascii: "0") &+ v : UInt8(ascii: "a") &+ v &- 10) }
            let prefix = _Replacement("\\u00").packed
            return _Replacement(packed: prefix | hex(b >> 4) << 32 | hex(b & 0xF) << 40, count: 6, width: 1)
        }
    }
}

/// XML 1.0 text, in element content and attribute values alike: `& < > " '` as entities; tab,
/// line feed and carriage return as character references (so that attribute normalization and
/// line-end handling keep them). Characters XML 1.0 cannot carry at all (the other C0 controls,
/// U+FFFE, U+FFFF) become U+FFFD.
@usableFromInline package enum _XMLEscaping: _Escaping {
    @inlinable @inline(__always)
    package static func marked(_ w: _ByteWord) -> UInt64 {
        _HTMLEscaping.marked(w) | w.bytes(below: 0x20) | w.bytes(equalTo: 0xEF)
    }

    @inlinable @inline(__always)
    package static func isMarked(_ b: UInt8) -> Bool {
        _HTMLEscaping.isMarked(b) || b < 0x20 || b == 0xEF
    }

    @inlinable
    package static func replacement(_ bytes: UnsafeBufferPointer<UInt8>, at i: Int) -> _Replacement? {
        switch bytes[i] {
        case UInt8(ascii: "'"): _Replacement("&apos;")
        case 0x09: _Replacement("&#9;")
        case 0x0A: _Replacement("&#10;")
        case 0x0D: _Replacement("&#13;")
        case 0x00..<0x20, 0xEF: _XMLIllegalCharacters.replacement(bytes, at: i)
        // & < > " as HTML has them.
        default: _HTMLEscaping.replacement(bytes, at: i)
        }
    }
}

/// Only the characters XML 1.0 cannot carry at all (the C0 controls other than tab, line feed
/// and carriage return; U+FFFE; U+FFFF), each as U+FFFD; every other byte is copied. For text
/// given to a writer that escapes markup itself (Graphviz), and the rule `_XMLEscaping` and
/// kexie's SVG chart apply. Unpaired surrogates cannot occur: Swift strings are valid UTF-8.
@usableFromInline package enum _XMLIllegalCharacters: _Escaping {
    @inlinable @inline(__always)
    package static func marked(_ w: _ByteWord) -> UInt64 { w.bytes(below: 0x20) | w.bytes(equalTo: 0xEF) }

    @inlinable @inline(__always)
    package static func isMarked(_ b: UInt8) -> Bool { b < 0x20 || b == 0xEF }

    @inlinable
    package static func replacement(_ bytes: UnsafeBufferPointer<UInt8>, at i: Int) -> _Replacement? {
        switch bytes[i] {
        case 0x09, 0x0A, 0x0D: nil
        case 0x00..<0x20: _Replacement("\u{FFFD}")
        // EF BF BE and EF BF BF are U+FFFE and U+FFFF.
        case 0xEF where i &+ 2 < bytes.count && bytes[i &+ 1] == 0xBF && bytes[i &+ 2] >= 0xBE: _Replacement("\u{FFFD}", width: 3)
        default: nil
        }
    }
}

/// HTML text, in element content and attribute values alike: `& < > " '` as `&amp; &lt; &gt;
/// &quot; &#39;`; every other byte is copied.
@usableFromInline package enum _HTMLEscaping: _Escaping {
    @inlinable @inline(__always)
    package static func marked(_ w: _ByteWord) -> UInt64 {
        w.bytes(equalTo: 0x26) | w.bytes(equalTo: 0x3C) | w.bytes(equalTo: 0x3E) | w.bytes(equalTo: 0x22) | w.bytes(equalTo: 0x27)
    }

    @inlinable @inline(__always)
    package static func isMarked(_ b: UInt8) -> Bool {
        b == 0x26 || b == 0x3C || b == 0x3E || b == 0x22 || b == 0x27
    }

    @inlinable
    package static func replacement(_ bytes: UnsafeBufferPointer<UInt8>, at i: Int) -> _Replacement? {
        switch bytes[i] {
        case UInt8(ascii: "&"): _Replacement("&amp;")
        case UInt8(ascii: "<"): _Replacement("&lt;")
        case UInt8(ascii: ">"): _Replacement("&gt;")
        case UInt8(ascii: "\""): _Replacement("&quot;")
        case UInt8(ascii: "'"): _Replacement("&#39;")
        default: nil
        }
    }
}

/// The inside of a quoted CSV cell (RFC 4180): each `"` doubled.
@usableFromInline package enum _CSVQuoteDoubling: _Escaping {
    @inlinable @inline(__always)
    package static func marked(_ w: _ByteWord) -> UInt64 { w.bytes(equalTo: 0x22) }

    @inlinable @inline(__always)
    package static func isMarked(_ b: UInt8) -> Bool { b == 0x22 }

    @inlinable
    package static func replacement(_ bytes: UnsafeBufferPointer<UInt8>, at i: Int) -> _Replacement? {
        _Replacement("\"\"")
    }
}

/// The bytes that make a CSV cell need quotes: comma, quote, line feed, carriage return. Not an
/// escaping of its own (it replaces nothing): the test of `append(csvCell:)`.
@usableFromInline package enum _CSVSpecial: _Escaping {
    @inlinable @inline(__always)
    package static func marked(_ w: _ByteWord) -> UInt64 {
        w.bytes(equalTo: 0x2C) | w.bytes(equalTo: 0x22) | w.bytes(equalTo: 0x0A) | w.bytes(equalTo: 0x0D)
    }

    @inlinable @inline(__always)
    package static func isMarked(_ b: UInt8) -> Bool { b == 0x2C || b == 0x22 || b == 0x0A || b == 0x0D }

    @inlinable
    package static func replacement(_ bytes: UnsafeBufferPointer<UInt8>, at i: Int) -> _Replacement? { nil }
}

extension _ByteWriter {
    /// Appends `bytes` as a JSON string literal: quoted, escaped as `_JSONEscaping` says.
    @inlinable
    package mutating func append(jsonString bytes: UnsafeBufferPointer<UInt8>) {
        append(UInt8(ascii: "\""))
        append(bytes, escaping: _JSONEscaping.self)
        append(UInt8(ascii: "\""))
    }

    /// Appends a string as a JSON string literal.
    @inlinable
    package mutating func append(jsonString text: String) {
        var text = text
        text.withUTF8 { append(jsonString: $0) }
    }

    /// Appends a CSV cell as RFC 4180 has it and nothing more: in quotes, with quotes doubled,
    /// when it holds a comma, quote or line break; else as it is. `prefix` (at most one ASCII
    /// byte other than those four, or nil) goes before the text, inside the quotes if any.
    @inlinable
    package mutating func append(csvCell bytes: UnsafeBufferPointer<UInt8>, prefix: UInt8? = nil) {
        if _ByteWriter.firstMarked(bytes, _CSVSpecial.self) == bytes.count {
            if let prefix { append(prefix) }
            append(bytes)
        } else {
            append(UInt8(ascii: "\""))
            if let prefix { append(prefix) }
            append(bytes, escaping: _CSVQuoteDoubling.self)
            append(UInt8(ascii: "\""))
        }
    }

    /// Appends a string as a CSV cell (see `append(csvCell:prefix:)`).
    @inlinable
    package mutating func append(csvCell text: String, prefix: UInt8? = nil) {
        var text = text
        text.withUTF8 { append(csvCell: $0, prefix: prefix) }
    }
}
