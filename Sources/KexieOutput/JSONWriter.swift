/// A streaming JSON writer into a UTF-8 byte buffer, for documents too large to build as a
/// tree first. Layout matches `JSONValue.serialized(indent:)`: `indent` spaces per level, or
/// one line when 0; object keys in the order written.
///
/// - Invariant: calls nest properly (`key` only directly inside `object`, every value inside a
///   container or as the single top-level value); violations trap.
public struct JSONWriter {
    public private(set) var bytes: [UInt8] = []
    private let indent: Int
    /// One entry per open container: whether it has an element yet.
    private var hasElement: [Bool] = []
    /// Set by `key`: the next value completes an object entry.
    private var afterKey = false

    public init(indent: Int = 2, reserving capacity: Int = 0) {
        self.indent = indent
        bytes.reserveCapacity(capacity)
    }

    /// Ends the document with a line break (for files and terminals).
    public mutating func endLine() {
        precondition(hasElement.isEmpty && !afterKey, "the document is not complete")
        bytes.append(UInt8(ascii: "\n"))
    }

    /// The text written so far.
    public var text: String { String(decoding: bytes, as: UTF8.self) }

    // MARK: Containers

    public mutating func object(_ body: (inout JSONWriter) -> Void) {
        open(UInt8(ascii: "{"))
        body(&self)
        close(UInt8(ascii: "}"))
    }

    public mutating func array(_ body: (inout JSONWriter) -> Void) {
        open(UInt8(ascii: "["))
        body(&self)
        close(UInt8(ascii: "]"))
    }

    /// Starts an object entry; the next value written is its value.
    public mutating func key(_ k: String) {
        precondition(!afterKey, "two keys in a row")
        separate()
        writeString(k)
        bytes.append(UInt8(ascii: ":"))
        if indent > 0 { bytes.append(UInt8(ascii: " ")) }
        afterKey = true
    }

    // MARK: Values

    public mutating func string(_ s: String) { beginValue(); writeString(s) }
    public mutating func int(_ i: Int) { beginValue(); append(String(i)) }
    public mutating func bool(_ b: Bool) { beginValue(); append(b ? "true" : "false") }
    public mutating func null() { beginValue(); append("null") }

    /// A double in its shortest round-trip text (as Python's repr); `null` when not finite.
    public mutating func double(_ d: Double) {
        beginValue()
        append(d.isFinite ? "\(d)" : "null")
    }

    public mutating func double(_ d: Double?) {
        if let d { double(d) } else { null() }
    }

    /// A value built as a tree (for small parts of a streamed document).
    public mutating func value(_ v: JSONValue) {
        switch v {
        case .null: null()
        case .bool(let b): bool(b)
        case .int(let i): int(i)
        case .double(let d): double(d)
        case .string(let s): string(s)
        case .array(let items): array { w in for item in items { w.value(item) } }
        case .object(let entries): object { w in for (k, item) in entries { w.key(k); w.value(item) } }
        }
    }

    // MARK: Layout

    private mutating func open(_ bracket: UInt8) {
        beginValue()
        bytes.append(bracket)
        hasElement.append(false)
    }

    private mutating func close(_ bracket: UInt8) {
        precondition(!afterKey, "a key without a value")
        let had = hasElement.removeLast()
        if had { newline() }
        bytes.append(bracket)
    }

    /// Before a value: completes a key, or separates it from the previous array element.
    private mutating func beginValue() {
        if afterKey {
            afterKey = false
            return
        }
        if !hasElement.isEmpty { separate() }
    }

    /// A comma after the previous element, then the line break and indentation.
    private mutating func separate() {
        precondition(!hasElement.isEmpty, "a key or element outside a container")
        if hasElement[hasElement.count - 1] { bytes.append(UInt8(ascii: ",")) }
        hasElement[hasElement.count - 1] = true
        newline()
    }

    private mutating func newline() {
        guard indent > 0 else { return }
        bytes.append(UInt8(ascii: "\n"))
        bytes.append(contentsOf: repeatElement(UInt8(ascii: " "), count: indent * hasElement.count))
    }

    private mutating func append(_ s: String) { bytes.append(contentsOf: s.utf8) }

    /// Escapes only what JSON requires (", \ and controls), plus DEL and U+2028/U+2029 for
    /// JavaScript consumers; everything else is copied as UTF-8.
    private mutating func writeString(_ s: String) {
        JSONWriter.appendQuoted(s, to: &bytes)
    }

    /// Appends `s` as a JSON string literal to `bytes` (for writers that stream JSON of their
    /// own shape, such as graph exports).
    package static func appendQuoted(_ s: String, to bytes: inout [UInt8]) {
        bytes.append(UInt8(ascii: "\""))
        var s = s
        s.withUTF8 { utf8 in
            var i = 0
            let n = utf8.count
            var runStart = 0
            func flush(_ end: Int) {
                if end > runStart { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<end])) }
            }
            while i < n {
                let b = utf8[i]
                var escape: String?
                var width = 1
                switch b {
                case UInt8(ascii: "\""): escape = "\\\""
                case UInt8(ascii: "\\"): escape = "\\\\"
                case 0x0A: escape = "\\n"
                case 0x0D: escape = "\\r"
                case 0x09: escape = "\\t"
                case 0x00..<0x20, 0x7F:
                    let hex = String(b, radix: 16)
                    escape = "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                case 0xE2 where i + 2 < n && utf8[i + 1] == 0x80 && (utf8[i + 2] == 0xA8 || utf8[i + 2] == 0xA9):
                    escape = utf8[i + 2] == 0xA8 ? "\\u2028" : "\\u2029"
                    width = 3
                default: break
                }
                if let escape {
                    flush(i)
                    bytes.append(contentsOf: escape.utf8)
                    i += width
                    runStart = i
                } else {
                    i += 1
                }
            }
            flush(n)
        }
        bytes.append(UInt8(ascii: "\""))
    }
}
