import KexieMachinery
import KexieModel

/// A streaming JSON writer producing UTF-8 bytes, for documents too large to build as a tree
/// first. Layout matches `JSONValue.serialized(indent:)`: `indent` spaces per level, or one
/// line when 0; object keys in the order written.
///
/// The writer owns one byte writer (`_ByteWriter`, which also formats its numbers and dates
/// and escapes its strings). Made with a `sink`, it hands the buffer to the sink whenever it
/// passes `flushThreshold` bytes (at a value boundary) and at `finish()`, so a document of
/// hundreds of megabytes needs only about a megabyte of memory; made without one, it keeps the
/// whole document for `bytes`/`text`. It is noncopyable because its byte writer is.
///
/// - Invariant: calls nest properly (`key` only directly inside `object`, every value inside a
///   container or as the single top-level value); violations trap.
/// - Complexity: each call is linear in the bytes it writes (escaping scans strings once).
public struct JSONWriter: ~Copyable {
    /// The bytes: the document, or the part not yet handed to the sink.
    private var out: _ByteWriter
    private let indent: Int
    /// Open containers, innermost last: whether each has an element yet (bit `depth - 1`
    /// for the innermost); deeper documents than 64 levels keep the rest in `deepHasElement`.
    private var depth = 0
    private var hasElementBits: UInt64 = 0
    private var deepHasElement: [Bool] = []
    /// Set by `key`: the next value completes an object entry.
    private var afterKey = false
    /// Where full buffers go.
    private let target: _Target
    /// The pieces a fragment writer has finished, in order.
    private var pieces: [[UInt8]] = []

    private enum _Target {
        /// Kept in memory (`bytes`, `text`).
        case memory
        /// Handed to a sink in pieces.
        case sink((UnsafeBufferPointer<UInt8>) -> Void)
        /// Kept in pieces of about a megabyte (a fragment).
        case pieces
    }

    /// A writer that keeps the document in memory (`bytes`, `text`).
    public init(indent: Int = 2, reserving capacity: Int = 0) {
        self.init(indent: indent, out: _ByteWriter(capacity: max(capacity, 256)), target: .memory)
    }

    /// A writer that passes its output to `sink` in pieces of about `flushThreshold` bytes,
    /// in order; call `finish()` for the last piece.
    public init(indent: Int = 2, flushThreshold: Int = 1 << 20, sink: @escaping (UnsafeBufferPointer<UInt8>) -> Void) {
        self.init(indent: indent, out: _ByteWriter(flushThreshold: flushThreshold), target: .sink(sink))
    }

    private init(indent: Int, out: consuming _ByteWriter, target: _Target) {
        self.indent = indent
        self.out = out
        self.target = target
    }

    /// An in-memory writer for one value that another writer will `splice` in after a key,
    /// inside `depth` open containers (so that its indentation matches), e.g. a section of a
    /// document rendered on another thread.
    /// Its bytes are kept in pieces of about a megabyte, so a large fragment never moves.
    init(valueInside depth: Int, indent: Int) {
        precondition(depth <= 64, "fragments start at most 64 levels deep")
        self.init(indent: indent, out: _ByteWriter(flushThreshold: 1 << 20), target: .pieces)
        self.depth = depth
        self.hasElementBits = depth == 0 ? 0 : (1 << UInt64(depth)) - 1
        self.afterKey = true
    }

    /// How many containers are open.
    var nestingDepth: Int { depth }
    /// Spaces per level.
    var indentWidth: Int { indent }

    /// A value written by a fragment writer (`init(valueInside:)`), finished, to `splice` into
    /// the writer it was made for, possibly on another thread.
    struct Fragment: Sendable {
        /// The depth the fragment was written for.
        let depth: Int
        /// Its bytes, in pieces of about a megabyte.
        let pieces: [[UInt8]]
    }

    /// Finishes a fragment writer's value and hands over its bytes.
    consuming func fragment() -> Fragment {
        guard case .pieces = target else { preconditionFailure("not a fragment writer") }
        precondition(!afterKey, "the fragment is incomplete")
        finish()
        return Fragment(depth: depth, pieces: pieces)
    }

    /// Writes the value `fragment` holds (written at this writer's depth) as the next value.
    /// A streaming writer hands the pieces to its sink as they are, without copying them.
    mutating func splice(_ fragment: Fragment) {
        precondition(fragment.depth == depth, "the fragment is from another depth")
        beginValue()
        if case .sink(let sink) = target {
            finish()
            for piece in fragment.pieces { piece.withUnsafeBufferPointer { sink($0) } }
        } else {
            for piece in fragment.pieces { out.append(piece) }
        }
    }

    /// The bytes written and not yet passed to a sink (for an in-memory writer: the document).
    public var bytes: [UInt8] { out.bytes }

    /// The text written so far (in-memory writers).
    public var text: String { out.text }

    /// Ends the document with a line break (for files and terminals).
    public mutating func endLine() {
        precondition(depth == 0 && !afterKey, "the document is not complete")
        out.append(UInt8(ascii: "\n"))
    }

    /// Passes what is buffered to the sink (a streaming writer's last piece).
    public mutating func finish() {
        switch target {
        case .memory: break
        case .sink(let sink): out.flush(to: sink)
        case .pieces:
            // A local list: the sink may not reach into `self` while `out` is being flushed.
            var list = pieces
            pieces = []
            out.flush { list.append(Array($0)) }
            pieces = list
        }
    }

    // MARK: Containers

    /// Writes an object whose keys and values `body` writes.
    public mutating func object(_ body: (inout JSONWriter) -> Void) {
        open(UInt8(ascii: "{"))
        body(&self)
        close(UInt8(ascii: "}"))
    }

    /// Writes an array whose elements `body` writes.
    public mutating func array(_ body: (inout JSONWriter) -> Void) {
        open(UInt8(ascii: "["))
        body(&self)
        close(UInt8(ascii: "]"))
    }

    /// Starts an object entry; the next value written is its value. For keys known when
    /// compiling (ASCII without characters JSON escapes), written as they are.
    public mutating func key(_ k: StaticString) {
        beginKey()
        out.append(UInt8(ascii: "\""))
        out.append(k)
        endKey()
    }

    /// Starts an object entry whose key is computed; the next value written is its value.
    public mutating func key(string k: String) {
        beginKey()
        out.append(UInt8(ascii: "\""))
        out.append(k, escaping: _JSONEscaping.self)
        endKey()
    }

    // MARK: Values

    /// Writes `s` as a JSON string, escaped.
    public mutating func string(_ s: String) {
        beginValue()
        out.append(jsonString: s)
    }

    /// A string given as UTF-8 bytes (a cell of a table, without making a `String`).
    public mutating func string(utf8 bytes: UnsafeBufferPointer<UInt8>) {
        beginValue()
        out.append(jsonString: bytes)
    }

    /// Row `i` of a string column.
    public mutating func string(_ column: StringColumn, _ i: Int) {
        column.withUTF8(i) { string(utf8: $0) }
    }

    /// String `i` of an interned set (an id).
    public mutating func string(_ ids: InternedStrings, _ i: Int) {
        string(ids.strings, i)
    }

    /// A day as the string `YYYY-MM-DD` (`Day.description`, without making a `String`); the
    /// sentinels of empty dates write `""`.
    public mutating func day(_ d: Day) {
        beginValue()
        out.append(UInt8(ascii: "\""))
        out.append(day: d)
        out.append(UInt8(ascii: "\""))
    }

    /// Writes an integer.
    public mutating func int(_ i: Int) {
        beginValue()
        out.append(int: i)
    }

    /// Writes `true` or `false`.
    public mutating func bool(_ b: Bool) {
        beginValue()
        if b { out.append("true") } else { out.append("false") }
    }

    /// Writes `null`.
    public mutating func null() {
        beginValue()
        out.append("null")
    }

    /// A double in its shortest round-trip text (as Python's repr); `null` when not finite.
    public mutating func double(_ d: Double) {
        beginValue()
        if d.isFinite { out.append(decimal: d) } else { out.append("null") }
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
        case .object(let entries): object { w in for (k, item) in entries { w.key(string: k); w.value(item) } }
        }
    }

    // MARK: Layout

    private var innermostHasElement: Bool {
        @inline(__always)
        get {
            depth <= 64 ? hasElementBits & (1 << UInt64(depth - 1)) != 0 : deepHasElement[depth - 65]
        }
        @inline(__always)
        set {
            if depth <= 64 {
                if newValue { hasElementBits |= 1 << UInt64(depth - 1) } else { hasElementBits &= ~(1 << UInt64(depth - 1)) }
            } else {
                deepHasElement[depth - 65] = newValue
            }
        }
    }

    private mutating func open(_ bracket: UInt8) {
        beginValue()
        out.append(bracket)
        depth += 1
        if depth > 64 { deepHasElement.append(false) }
        innermostHasElement = false
    }

    private mutating func close(_ bracket: UInt8) {
        precondition(!afterKey, "a key without a value")
        precondition(depth > 0, "close without open")
        let had = innermostHasElement
        if depth > 64 { deepHasElement.removeLast() }
        depth -= 1
        if had { newline() }
        out.append(bracket)
        if depth == 0 { flushIfFull() }
    }

    @inline(__always)
    private mutating func beginKey() {
        precondition(!afterKey, "two keys in a row")
        separate()
    }

    /// The key's closing quote and the colon (and a space, when indenting).
    @inline(__always)
    private mutating func endKey() {
        // Two literals, not a conditional of them, which would make a `String`.
        if indent > 0 { out.append("\": ") } else { out.append("\":") }
        afterKey = true
    }

    /// Before a value: completes a key, or separates it from the previous array element.
    @inline(__always)
    private mutating func beginValue() {
        if afterKey {
            afterKey = false
            return
        }
        if depth > 0 { separate() }
    }

    /// A comma after the previous element, then the line break and indentation. Between
    /// elements is where a streaming writer hands full buffers to its sink.
    @inline(__always)
    private mutating func separate() {
        precondition(depth > 0, "a key or element outside a container")
        if innermostHasElement {
            out.append(UInt8(ascii: ","))
            flushIfFull()
        } else {
            innermostHasElement = true
        }
        newline()
    }

    /// A line break and the indentation of the current depth.
    @inline(__always)
    private mutating func newline() {
        guard indent > 0 else { return }
        out.append(UInt8(ascii: "\n"))
        out.append(UInt8(ascii: " "), repeating: indent &* depth)
    }

    @inline(__always)
    private mutating func flushIfFull() {
        if out.isFull { finish() }
    }
}
