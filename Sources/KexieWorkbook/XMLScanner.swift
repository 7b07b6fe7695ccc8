#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A scanner for the large parts of a workbook (worksheets, shared strings), which hands the
/// same events as `_XMLPushParser` to a handler known at compile time: start and end tags by
/// local name, attributes, and character data with the five predefined entities and character
/// references decoded, CDATA sections as text, comments and processing instructions skipped.
///
/// Why not libxml2 for these: measured on the national network's persons sheet (375 MB of
/// XML), libxml2's SAX2 push parser and the calls into Swift for every event took several times
/// the time of the rest of the load, far past the 3× of the CSV load a workbook may take; this
/// scanner reads the narrow XML that spreadsheet programs write at memory speed. It checks less
/// than a validating parser: a document type declaration (which could define entities) is
/// refused, an unknown entity or a tag cut short is an error, but end tags are not matched
/// against start tags. A damaged part is caught before that by the ZIP entry's CRC-32.
///
/// Feed it pieces in order (a construct may span two), then `finish`.
///
/// - Complexity: O(bytes fed); a construct split between pieces is copied once more.
struct _XMLScanner<Handler: _XMLHandler> {
    let handler: Handler
    /// The unfinished construct at the end of the last piece.
    private var carry: [UInt8] = []
    private var scratch: [UInt8] = []
    /// Room for the attributes of one tag (spreadsheet tags have a handful), grown when needed.
    private var attributes = UnsafeMutableBufferPointer<_XMLAttribute>.allocate(capacity: 32)
    /// Bytes fed before the current piece, for error messages (about where a problem is).
    private var offset = 0

    init(_ handler: Handler) {
        self.handler = handler
    }

    /// Frees the attribute buffer; the scanner is not used after.
    func deallocate() { attributes.deallocate() }

    mutating func feed(_ piece: UnsafeRawBufferPointer) throws(_XMLError) {
        let bytes = piece.bindMemory(to: UInt8.self)
        var start = 0
        // Complete the construct carried over from the last piece with as few bytes of this one
        // as it needs (copying whole pieces into the carry took a tenth of a large sheet's time).
        while !carry.isEmpty {
            if carry[0] != UInt8(ascii: "<") {
                guard let lt = _index(of: UInt8(ascii: "<"), in: bytes, from: start) else {
                    carry.append(contentsOf: bytes[start...])
                    return
                }
                carry.append(contentsOf: bytes[start..<lt])
                let text = carry
                try text.withUnsafeBufferPointer { t throws(_XMLError) in try self.text(t) }
                carry.removeAll(keepingCapacity: true)
                start = lt
                break
            }
            guard let gt = _index(of: UInt8(ascii: ">"), in: bytes, from: start) else {
                carry.append(contentsOf: bytes[start...])
                return
            }
            carry.append(contentsOf: bytes[start...gt])
            start = gt + 1
            let construct = carry
            let used = try construct.withUnsafeBufferPointer { b throws(_XMLError) in try scan(b) }
            // Unfinished (a ">" inside a value or a comment): take up to the next ">".
            if used == construct.count { carry.removeAll(keepingCapacity: true) } else if used > 0 { carry.removeFirst(used) }
        }
        let rest = UnsafeBufferPointer(rebasing: bytes[start...])
        let used = try scan(rest)
        carry.append(contentsOf: rest[used...])
        offset += bytes.count
    }

    /// Ends the document: fails when it ends inside a tag, a comment or text with no tag after.
    func finish() throws(_XMLError) {
        if carry.contains(where: { $0 != 0x20 && $0 != 0x0A && $0 != 0x0D && $0 != 0x09 }) {
            throw _XMLError(message: "the document ends inside a tag or text (cut short?)", line: 0)
        }
    }

    /// Handles every complete construct of `b`; returns how many bytes it used (the rest is an
    /// unfinished construct, to be completed by the next piece).
    private mutating func scan(_ b: UnsafeBufferPointer<UInt8>) throws(_XMLError) -> Int {
        guard let base = b.baseAddress else { return 0 }
        let n = b.count
        var i = 0
        while i < n {
            if base[i] != UInt8(ascii: "<") {
                guard let end = _index(of: UInt8(ascii: "<"), in: b, from: i) else { return i }
                try text(UnsafeBufferPointer(start: base + i, count: end - i))
                i = end
                continue
            }
            guard i + 1 < n else { return i }
            let used: Int?
            switch base[i + 1] {
            case UInt8(ascii: "/"): used = endTag(base, i, n)
            case UInt8(ascii: "?"): used = _find(base, i + 2, n, "?>")
            case UInt8(ascii: "!"): used = try declaration(base, i, n)
            default: used = try startTag(base, i, n)
            }
            guard let next = used else { return i }
            i = next
        }
        return n
    }

    /// Character data, its references decoded.
    @inline(__always)
    private mutating func text(_ t: UnsafeBufferPointer<UInt8>) throws(_XMLError) {
        guard t.contains(UInt8(ascii: "&")) else { return handler.characters(t) }
        scratch.removeAll(keepingCapacity: true)
        var i = 0
        while i < t.count {
            guard t[i] == UInt8(ascii: "&") else {
                scratch.append(t[i])
                i += 1
                continue
            }
            guard let semicolon = t[i...].firstIndex(of: UInt8(ascii: ";")), let decoded = _entity(t[(i + 1)..<semicolon]) else {
                throw _XMLError(message: "an unknown or unterminated entity reference at byte \(offset + i)", line: 0)
            }
            scratch.append(contentsOf: decoded)
            i = semicolon + 1
        }
        scratch.withUnsafeBufferPointer { handler.characters($0) }
    }

    /// `</name>`: the index after it, or `nil` when it is not complete.
    private func endTag(_ base: UnsafePointer<UInt8>, _ i: Int, _ n: Int) -> Int? {
        guard let end = _index(of: UInt8(ascii: ">"), in: UnsafeBufferPointer(start: base, count: n), from: i) else { return nil }
        var nameEnd = i + 2
        while nameEnd < end, !_isBlank(base[nameEnd]) { nameEnd += 1 }
        handler.end(_localName(base, i + 2, nameEnd))
        return end + 1
    }

    /// `<!-- … -->`, `<![CDATA[ … ]]>` (its text handed on as it is); a document type
    /// declaration is refused.
    private mutating func declaration(_ base: UnsafePointer<UInt8>, _ i: Int, _ n: Int) throws(_XMLError) -> Int? {
        if _hasPrefix(base, i, n, "<!--") { return _find(base, i + 4, n, "-->") }
        if _hasPrefix(base, i, n, "<![CDATA[") {
            guard let end = _find(base, i + 9, n, "]]>") else { return nil }
            handler.characters(UnsafeBufferPointer(start: base + i + 9, count: end - 3 - (i + 9)))
            return end
        }
        if n - i < 9 { return nil }
        throw _XMLError(message: "a document type declaration, which a workbook's parts never have", line: 0)
    }

    /// `<name a="v" …>` or `<name …/>`: the index after it, or `nil` when it is not complete.
    private mutating func startTag(_ base: UnsafePointer<UInt8>, _ i: Int, _ n: Int) throws(_XMLError) -> Int? {
        var k = i + 1
        while k < n, !_isBlank(base[k]), base[k] != UInt8(ascii: ">"), base[k] != UInt8(ascii: "/") { k += 1 }
        let name = (i + 1, k)
        var count = 0
        while true {
            while k < n, _isBlank(base[k]) { k += 1 }
            guard k < n else { return nil }
            let c = base[k]
            if c == UInt8(ascii: ">") || c == UInt8(ascii: "/") { break }
            let attributeStart = k
            while k < n, base[k] != UInt8(ascii: "="), !_isBlank(base[k]) { k += 1 }
            let attributeName = _localName(base, attributeStart, k)
            while k < n, base[k] != UInt8(ascii: "\""), base[k] != UInt8(ascii: "'") {
                guard base[k] == UInt8(ascii: "=") || _isBlank(base[k]) else {
                    throw _XMLError(message: "an attribute without a quoted value at byte \(offset + k)", line: 0)
                }
                k += 1
            }
            guard k < n, let valueEnd = _index(of: base[k], in: UnsafeBufferPointer(start: base, count: n), from: k + 1) else { return nil }
            if count == attributes.count {
                let grown = UnsafeMutableBufferPointer<_XMLAttribute>.allocate(capacity: count * 2)
                _ = grown.initialize(fromContentsOf: attributes)
                attributes.deallocate()
                attributes = grown
            }
            attributes[count] = _XMLAttribute(name: UnsafeBufferPointer(start: attributeName.pointer, count: attributeName.count),
                                              value: UnsafeBufferPointer(start: base + k + 1, count: valueEnd - k - 1))
            count += 1
            k = valueEnd + 1
        }
        let selfClosing = base[k] == UInt8(ascii: "/")
        if selfClosing {
            guard k + 1 < n else { return nil }
            k += 1
        }
        let local = _localName(base, name.0, name.1)
        handler.start(local, _XMLAttributes(base: UnsafePointer(attributes.baseAddress), count: count))
        if selfClosing { handler.end(local) }
        return k + 1
    }
}

/// The index of the first `byte` in `b` at or after `from`, or `nil`. A plain loop: the runs
/// searched (cell values, attribute values, the blanks between tags) are short, and a call of
/// `memchr` for each cost more than the search.
@inline(__always)
private func _index(of byte: UInt8, in b: UnsafeBufferPointer<UInt8>, from: Int) -> Int? {
    guard let base = b.baseAddress else { return nil }
    var k = from
    let n = b.count
    while k < n {
        if base[k] == byte { return k }
        k &+= 1
    }
    return nil
}

@inline(__always)
private func _isBlank(_ b: UInt8) -> Bool { b == 0x20 || b == 0x0A || b == 0x0D || b == 0x09 }

/// The local name of `base[from..<to]` (after its namespace prefix, if any).
@inline(__always)
private func _localName(_ base: UnsafePointer<UInt8>, _ from: Int, _ to: Int) -> _XMLName {
    var start = from
    for k in from..<to where base[k] == UInt8(ascii: ":") { start = k + 1 }
    return _XMLName(pointer: base + start, count: to - start)
}

private func _hasPrefix(_ base: UnsafePointer<UInt8>, _ i: Int, _ n: Int, _ prefix: StaticString) -> Bool {
    let m = prefix.utf8CodeUnitCount
    guard n - i >= m else { return false }
    return memcmp(base + i, prefix.utf8Start, m) == 0
}

/// The index just after the first `terminator` at or after `from`, or `nil`.
private func _find(_ base: UnsafePointer<UInt8>, _ from: Int, _ n: Int, _ terminator: StaticString) -> Int? {
    let m = terminator.utf8CodeUnitCount
    var k = from
    while k + m <= n {
        guard let hit = memchr(base + k, Int32(terminator.utf8Start[0]), n - k - m + 1) else { return nil }
        k = UnsafeRawPointer(hit).assumingMemoryBound(to: UInt8.self) - base
        if memcmp(base + k, terminator.utf8Start, m) == 0 { return k + m }
        k += 1
    }
    return nil
}

/// The UTF-8 bytes of entity `name` (`amp`, `#10`, `#x4E2D`), or `nil` when it is none of the
/// predefined ones or a character reference.
private func _entity(_ name: UnsafeBufferPointer<UInt8>.SubSequence) -> [UInt8]? {
    switch String(decoding: name, as: UTF8.self) {
    case "lt": return [0x3C]
    case "gt": return [0x3E]
    case "amp": return [0x26]
    case "quot": return [0x22]
    case "apos": return [0x27]
    case let s where s.hasPrefix("#x") || s.hasPrefix("#X"):
        return UInt32(s.dropFirst(2), radix: 16).flatMap(Unicode.Scalar.init).map { Array(String($0).utf8) }
    case let s where s.hasPrefix("#"):
        return UInt32(s.dropFirst(1), radix: 10).flatMap(Unicode.Scalar.init).map { Array(String($0).utf8) }
    default: return nil
    }
}
