import CLibXML2
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What a part's handler is told by `_XMLPushParser`: elements by local name (namespaces are
/// not needed to read SpreadsheetML: its element names do not clash), their attributes as
/// unterminated byte ranges, and character data in pieces (one text node may arrive in
/// several calls).
protocol _XMLHandler: AnyObject {
    func start(_ name: _XMLName, _ attributes: _XMLAttributes)
    func end(_ name: _XMLName)
    func characters(_ text: UnsafeBufferPointer<UInt8>)
}

/// An element's local name (without its namespace prefix), as bytes of the parser's buffer.
struct _XMLName {
    let pointer: UnsafePointer<UInt8>
    let count: Int

    /// Whether the name is `name` (ASCII), compared without making a String.
    @inline(__always)
    func `is`(_ name: StaticString) -> Bool {
        let n = name.utf8CodeUnitCount
        guard count == n else { return false }
        let s = name.utf8Start
        for i in 0..<n where pointer[i] != s[i] { return false }
        return true
    }
}

/// One attribute: its local name and its value (entities already decoded by libxml2; raw in
/// the worksheet scanner, whose attributes are references and numbers).
struct _XMLAttribute {
    var name: UnsafeBufferPointer<UInt8>
    var value: UnsafeBufferPointer<UInt8>
}

/// The attributes of one start tag, valid during the `start` call only.
struct _XMLAttributes {
    let base: UnsafePointer<_XMLAttribute>?
    let count: Int

    /// The value of the attribute with local name `name` (any namespace), or `nil`.
    @inline(__always)
    func value(_ name: StaticString) -> UnsafeBufferPointer<UInt8>? {
        guard let base else { return nil }
        for i in 0..<count where _XMLName(pointer: base[i].name.baseAddress!, count: base[i].name.count).is(name) {
            return base[i].value
        }
        return nil
    }

    /// The value of attribute `name` as a String (for the small parts: sheet names, paths).
    func string(_ name: StaticString) -> String? {
        value(name).map { String(decoding: $0, as: UTF8.self) }
    }
}

/// Why an XML part could not be parsed: libxml2's message and the line it names.
struct _XMLError: Error {
    let message: String
    let line: Int
}

/// libxml2's SAX2 push parser over pieces of a document: `feed` each piece as it is inflated,
/// then `finish`. Entities are not substituted from a DTD and nothing is fetched from the
/// network (`XML_PARSE_NONET`); the five predefined entities and character references are
/// decoded, as XML requires. The first error stops the parse and is kept.
///
/// Not Sendable: one parser belongs to the thread that feeds it.
final class _XMLPushParser {
    private let context: xmlParserCtxtPtr
    private let box: _HandlerBox

    /// A parser handing what it reads to `handler` (held strongly while the parser lives).
    init(_ handler: _XMLHandler) {
        box = _HandlerBox(handler)
        var sax = xmlSAXHandler()
        sax.initialized = UInt32(XML_SAX2_MAGIC)
        sax.startElementNs = { user, local, _, _, _, _, count, _, attributes in
            guard let user, let local else { return }
            let box = Unmanaged<_HandlerBox>.fromOpaque(user).takeUnretainedValue()
            // SAX2 gives five pointers per attribute: local name, prefix, URI, value start, end.
            let raw = UnsafeMutableRawPointer(attributes)?.assumingMemoryBound(to: UnsafePointer<UInt8>?.self)
            var list: [_XMLAttribute] = []
            for i in 0..<Int(count) {
                guard let raw, let name = raw[5 * i], let start = raw[5 * i + 3], let end = raw[5 * i + 4] else { continue }
                list.append(_XMLAttribute(name: UnsafeBufferPointer(start: name, count: strlen(name)),
                                          value: UnsafeBufferPointer(start: start, count: end - start)))
            }
            list.withUnsafeBufferPointer { box.handler.start(_XMLName(pointer: local, count: strlen(local)), _XMLAttributes(base: $0.baseAddress, count: $0.count)) }
        }
        sax.endElementNs = { user, local, _, _ in
            guard let user, let local else { return }
            Unmanaged<_HandlerBox>.fromOpaque(user).takeUnretainedValue().handler.end(_XMLName(pointer: local, count: strlen(local)))
        }
        let characters: charactersSAXFunc = { user, text, count in
            guard let user, let text, count > 0 else { return }
            Unmanaged<_HandlerBox>.fromOpaque(user).takeUnretainedValue().handler
                .characters(UnsafeBufferPointer(start: text, count: Int(count)))
        }
        sax.characters = characters
        sax.cdataBlock = characters
        // Whitespace between elements is never read (handlers collect text inside <t> and <v>
        // only), but a <t xml:space="preserve"> of blanks must be.
        sax.ignorableWhitespace = characters
        context = xmlCreatePushParserCtxt(&sax, Unmanaged.passUnretained(box).toOpaque(), nil, 0, nil)
        xmlCtxtUseOptions(context, Int32(XML_PARSE_NONET.rawValue | XML_PARSE_HUGE.rawValue | XML_PARSE_NOCDATA.rawValue))
    }

    deinit { xmlFreeParserCtxt(context) }

    /// Parses the next piece of the document.
    func feed(_ bytes: UnsafeRawBufferPointer) throws(_XMLError) {
        var rest = bytes
        // xmlParseChunk takes an Int32 size.
        while !rest.isEmpty {
            let n = min(rest.count, 1 << 30)
            let status = xmlParseChunk(context, rest.baseAddress?.assumingMemoryBound(to: CChar.self), Int32(n), 0)
            if status != 0 { throw lastError() }
            rest = UnsafeRawBufferPointer(rebasing: rest[n...])
        }
    }

    /// Ends the document; fails when it is not well-formed.
    func finish() throws(_XMLError) {
        let status = xmlParseChunk(context, nil, 0, 1)
        if status != 0 || context.pointee.wellFormed == 0 { throw lastError() }
    }

    /// Parses a whole document held in memory.
    static func parse(_ bytes: UnsafeRawBufferPointer, with handler: _XMLHandler) throws(_XMLError) {
        let parser = _XMLPushParser(handler)
        try parser.feed(bytes)
        try parser.finish()
    }

    private func lastError() -> _XMLError {
        guard let e = xmlCtxtGetLastError(context) else { return _XMLError(message: "not well-formed XML", line: 0) }
        let message = e.pointee.message.map { String(cString: $0) } ?? "not well-formed XML"
        return _XMLError(message: message.hasSuffix("\n") ? String(message.dropLast()) : message, line: Int(e.pointee.line))
    }
}

/// The handler, boxed so that libxml2's `void *` can point at it.
private final class _HandlerBox {
    let handler: _XMLHandler
    init(_ handler: _XMLHandler) { self.handler = handler }
}
