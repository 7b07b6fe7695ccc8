import KexieMachinery
import KexieModel

/// A streaming JSON writer producing UTF-8 bytes, for documents too large to build as a tree
/// first. Layout matches `JSONValue.serialized(indent:)`: `indent` spaces per level, or one
/// line when 0; object keys in the order written.
///
/// The writer owns one growable byte buffer. Made with a `sink`, it hands the buffer to the
/// sink whenever it passes `flushThreshold` bytes (at a value boundary) and at `finish()`, so
/// a document of hundreds of megabytes needs only about a megabyte of memory; made without
/// one, it keeps the whole document for `bytes`/`text`. It is noncopyable because two copies
/// would write into one buffer.
///
/// - Invariant: calls nest properly (`key` only directly inside `object`, every value inside a
///   container or as the single top-level value); violations trap.
/// - Complexity: each call is linear in the bytes it writes (escaping scans strings once).
public struct JSONWriter: ~Copyable {
    private var buffer: UnsafeMutablePointer<UInt8>
    private var count = 0
    private var capacity: Int
    private let indent: Int
    /// Open containers, innermost last: whether each has an element yet (bit `depth - 1`
    /// for the innermost); deeper documents than 64 levels keep the rest in `deepHasElement`.
    private var depth = 0
    private var hasElementBits: UInt64 = 0
    private var deepHasElement: [Bool] = []
    /// Set by `key`: the next value completes an object entry.
    private var afterKey = false
    private let sink: ((UnsafeBufferPointer<UInt8>) -> Void)?
    private let flushThreshold: Int
    /// Where a fragment's sink keeps its pieces.
    private var pieces: _Pieces?

    /// A writer that keeps the document in memory (`bytes`, `text`).
    public init(indent: Int = 2, reserving capacity: Int = 0) {
        self.init(indent: indent, capacity: max(capacity, 256), sink: nil, flushThreshold: .max)
    }

    /// A writer that passes its output to `sink` in pieces of about `flushThreshold` bytes,
    /// in order; call `finish()` for the last piece.
    public init(indent: Int = 2, flushThreshold: Int = 1 << 20, sink: @escaping (UnsafeBufferPointer<UInt8>) -> Void) {
        self.init(indent: indent, capacity: flushThreshold + 4096, sink: sink, flushThreshold: flushThreshold)
    }

    private init(indent: Int, capacity: Int, sink: ((UnsafeBufferPointer<UInt8>) -> Void)?, flushThreshold: Int) {
        self.indent = indent
        self.capacity = capacity
        self.buffer = .allocate(capacity: capacity)
        self.sink = sink
        self.flushThreshold = flushThreshold
    }

    /// An in-memory writer for one value that another writer will `splice` in after a key,
    /// inside `depth` open containers (so that its indentation matches), e.g. a section of a
    /// document rendered on another thread.
    /// Its bytes are kept in pieces of about a megabyte, so a large fragment never moves.
    init(valueInside depth: Int, indent: Int) {
        precondition(depth <= 64, "fragments start at most 64 levels deep")
        let pieces = _Pieces()
        self.init(indent: indent, capacity: (1 << 20) + 4096, sink: { pieces.list.append(Array($0)) }, flushThreshold: 1 << 20)
        self.pieces = pieces
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
        precondition(pieces != nil, "not a fragment writer")
        precondition(!afterKey, "the fragment is incomplete")
        finish()
        return Fragment(depth: depth, pieces: pieces!.list)
    }

    /// Writes the value `fragment` holds (written at this writer's depth) as the next value.
    /// A streaming writer hands the pieces to its sink as they are, without copying them.
    mutating func splice(_ fragment: Fragment) {
        precondition(fragment.depth == depth, "the fragment is from another depth")
        beginValue()
        if let sink {
            finish()
            for piece in fragment.pieces { piece.withUnsafeBufferPointer { sink($0) } }
        } else {
            for piece in fragment.pieces { piece.withUnsafeBufferPointer { append($0) } }
        }
    }

    deinit { buffer.deallocate() }

    /// The bytes written and not yet passed to a sink (for an in-memory writer: the document).
    public var bytes: [UInt8] { Array(UnsafeBufferPointer(start: buffer, count: count)) }

    /// The text written so far (in-memory writers).
    public var text: String { String(decoding: UnsafeBufferPointer(start: buffer, count: count), as: UTF8.self) }

    /// Ends the document with a line break (for files and terminals).
    public mutating func endLine() {
        precondition(depth == 0 && !afterKey, "the document is not complete")
        append(UInt8(ascii: "\n"))
    }

    /// Passes what is buffered to the sink (a streaming writer's last piece).
    public mutating func finish() {
        guard let sink, count > 0 else { return }
        sink(UnsafeBufferPointer(start: buffer, count: count))
        count = 0
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
        // One reserve for the separator, the indentation (with the spaces' overshoot) and the key.
        reserve(k.utf8CodeUnitCount &+ indent &* depth &+ 16)
        beginKey()
        buffer[count] = UInt8(ascii: "\"")
        _copyBytes(k.utf8Start, to: buffer + (count &+ 1), count: k.utf8CodeUnitCount)
        count &+= k.utf8CodeUnitCount &+ 1
        endKey()
    }

    /// Starts an object entry whose key is computed; the next value written is its value.
    public mutating func key(string k: String) {
        beginKey()
        var k = k
        k.withUTF8 { writeEscaped($0, quoted: false) }
        endKey()
    }

    // MARK: Values

    /// Writes `s` as a JSON string, escaped.
    public mutating func string(_ s: String) {
        beginValue()
        var s = s
        s.withUTF8 { writeEscaped($0, quoted: true) }
    }

    /// A string given as UTF-8 bytes (a cell of a table, without making a `String`).
    public mutating func string(utf8 bytes: UnsafeBufferPointer<UInt8>) {
        beginValue()
        writeEscaped(bytes, quoted: true)
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
        reserve(24)
        buffer[count] = UInt8(ascii: "\"")
        count &+= 1
        if d.isSet {
            let (year, month, day) = d.components
            writePadded(year, 4)
            buffer[count] = UInt8(ascii: "-")
            count &+= 1
            writePadded(month, 2)
            buffer[count] = UInt8(ascii: "-")
            count &+= 1
            writePadded(day, 2)
        }
        buffer[count] = UInt8(ascii: "\"")
        count &+= 1
    }

    /// Writes an integer.
    public mutating func int(_ i: Int) {
        beginValue()
        writeInt(i)
    }

    /// Writes `true` or `false`.
    public mutating func bool(_ b: Bool) {
        beginValue()
        appendASCII(b ? "true" : "false")
    }

    /// Writes `null`.
    public mutating func null() {
        beginValue()
        appendASCII("null")
    }

    /// A double in its shortest round-trip text (as Python's repr); `null` when not finite.
    public mutating func double(_ d: Double) {
        beginValue()
        guard d.isFinite else { return appendASCII("null") }
        // Integral values below 1e16 print as Swift and Python do ("3.0"), without the
        // formatter; -0.0 keeps its sign through it.
        if d == d.rounded(.towardZero), abs(d) < 1e16, !(d == 0 && d.sign == .minus) {
            writeInt(Int(d))
            appendASCII(".0")
            return
        }
        if writeShortDecimal(d) { return }
        var text = d.description
        text.withUTF8 { append($0) }
    }

    /// Powers of ten that doubles hold exactly.
    private static let powersOfTen: [Double] = (0...22).map { (0..<$0).reduce(1.0) { p, _ in p * 10 } }

    /// Writes a non-integral `d` with 1e-4 ≤ |d| < 1e15 that has a decimal form of at most 15
    /// significant digits, as `description` would (shortest round-trip digits, no exponent);
    /// false, having written nothing, for any other double.
    ///
    /// Why this is the shortest form: the candidate `m` (15 digits) is accepted only when
    /// `m / 10^s` — exact operands, so a correctly rounded division — gives back `d`. Fifteen
    /// significant digits are coarser than a double's spacing, so at most one 15-digit decimal
    /// rounds to `d`, and any shorter decimal that does is that one with zeros cut off; the
    /// trailing zeros of `m` are cut, so what remains is the shortest.
    private mutating func writeShortDecimal(_ d: Double) -> Bool {
        let magnitude = abs(d)
        guard magnitude >= 1e-4, magnitude < 1e15 else { return false }
        let powers = Self.powersOfTen
        // e = floor(log10(|d|)), from the table (-4 ... 14).
        var e = 14
        while e > 0, magnitude < powers[e] { e &-= 1 }
        if e == 0, magnitude < 1 {
            e = -1
            while e > -4, magnitude * powers[-e] < 1 { e &-= 1 }
        }
        let scale = 14 &- e  // 0 ... 18
        let scaled = (magnitude * powers[scale]).rounded()
        guard scaled < 1e15, scaled >= 1e14 else { return false }
        var m = Int(scaled)
        guard Double(m) / powers[scale] == magnitude else { return false }
        // Cut trailing zeros: `digits` significant digits remain.
        var digits = 15
        while m % 10 == 0 { m /= 10; digits &-= 1 }
        var text: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)  // 32 bytes of scratch
        let length = withUnsafeMutableBytes(of: &text) { scratch -> Int in
            var n = 0
            if d < 0 { scratch[n] = UInt8(ascii: "-"); n &+= 1 }
            var digitText: (UInt64, UInt64) = (0, 0)
            withUnsafeMutableBytes(of: &digitText) { digitBytes in
                var rest = m
                for k in stride(from: digits &- 1, through: 0, by: -1) {
                    digitBytes[k] = UInt8(ascii: "0") &+ UInt8(rest % 10)
                    rest /= 10
                }
                if e >= 0 {
                    // digits > e + 1, since d is not integral.
                    for k in 0...e { scratch[n] = digitBytes[k]; n &+= 1 }
                    scratch[n] = UInt8(ascii: "."); n &+= 1
                    for k in (e &+ 1)..<digits { scratch[n] = digitBytes[k]; n &+= 1 }
                } else {
                    scratch[n] = UInt8(ascii: "0"); scratch[n &+ 1] = UInt8(ascii: "."); n &+= 2
                    for _ in 0..<(-e &- 1) { scratch[n] = UInt8(ascii: "0"); n &+= 1 }
                    for k in 0..<digits { scratch[n] = digitBytes[k]; n &+= 1 }
                }
            }
            return n
        }
        withUnsafeBytes(of: &text) { append(UnsafeBufferPointer(start: $0.bindMemory(to: UInt8.self).baseAddress, count: length)) }
        return true
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
        append(bracket)
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
        append(bracket)
        if depth == 0 { flushIfFull() }
    }

    @inline(__always)
    private mutating func beginKey() {
        precondition(!afterKey, "two keys in a row")
        separate()
    }

    @inline(__always)
    private mutating func endKey() {
        reserve(3)
        buffer[count] = UInt8(ascii: "\"")
        buffer[count &+ 1] = UInt8(ascii: ":")
        buffer[count &+ 2] = UInt8(ascii: " ")
        count &+= indent > 0 ? 3 : 2
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
            append(UInt8(ascii: ","))
            flushIfFull()
        } else {
            innermostHasElement = true
        }
        newline()
    }

    /// A line break and the indentation of the current depth, the spaces eight at a time
    /// (up to seven more are written past the end and then overwritten, hence the reserve).
    @inline(__always)
    private mutating func newline() {
        guard indent > 0 else { return }
        let n = indent &* depth
        reserve(n &+ 9)
        buffer[count] = UInt8(ascii: "\n")
        let spaces = UnsafeMutableRawPointer(buffer + count + 1)
        var k = 0
        while k < n {
            spaces.storeBytes(of: 0x2020_2020_2020_2020 as UInt64, toByteOffset: k, as: UInt64.self)
            k &+= 8
        }
        count &+= n &+ 1
    }

    // MARK: Bytes

    @inline(__always)
    private mutating func flushIfFull() {
        if count >= flushThreshold { finish() }
    }

    @inline(__always)
    private mutating func reserve(_ n: Int) {
        if count + n > capacity { grow(count + n) }
    }

    private mutating func grow(_ needed: Int) {
        var size = capacity * 2
        while size < needed { size *= 2 }
        let fresh = UnsafeMutablePointer<UInt8>.allocate(capacity: size)
        fresh.update(from: buffer, count: count)
        buffer.deallocate()
        buffer = fresh
        capacity = size
    }

    @inline(__always)
    private mutating func append(_ byte: UInt8) {
        reserve(1)
        buffer[count] = byte
        count += 1
    }

    @inline(__always)
    private mutating func append(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return }
        reserve(bytes.count)
        _copyBytes(base, to: buffer + count, count: bytes.count)
        count &+= bytes.count
    }

    @inline(__always)
    private mutating func appendASCII(_ s: StaticString) {
        append(UnsafeBufferPointer(start: s.utf8Start, count: s.utf8CodeUnitCount))
    }

    /// A non-negative integer with leading zeros to `width` digits (more digits if it needs them).
    private mutating func writePadded(_ value: Int, _ width: Int) {
        var digits = 1, rest = value / 10
        while rest > 0 { digits &+= 1; rest /= 10 }
        reserve(width &+ 20)
        for _ in digits..<max(width, digits) {
            buffer[count] = UInt8(ascii: "0")
            count &+= 1
        }
        writeInt(value)
    }

    private mutating func writeInt(_ value: Int) {
        reserve(20)
        if value == 0 {
            buffer[count] = UInt8(ascii: "0")
            count += 1
            return
        }
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)  // 24 bytes of scratch, on the stack
        let negative = value < 0
        var magnitude = value.magnitude
        var n = 0
        withUnsafeMutableBytes(of: &digits) { scratch in
            while magnitude > 0 {
                scratch[23 - n] = UInt8(ascii: "0") + UInt8(magnitude % 10)
                magnitude /= 10
                n += 1
            }
            if negative {
                buffer[count] = UInt8(ascii: "-")
                count += 1
            }
            (buffer + count).update(from: scratch.baseAddress!.assumingMemoryBound(to: UInt8.self) + 24 - n, count: n)
            count += n
        }
    }

    /// Appends `s` as a JSON string literal to `bytes`, escaped as the writer escapes (for
    /// writers that stream JSON of their own shape, such as graph exports).
    package static func appendQuoted(_ s: String, to bytes: inout [UInt8]) {
        bytes.append(UInt8(ascii: "\""))
        var s = s
        s.withUTF8 { utf8 in
            escape(utf8, run: { bytes.append(contentsOf: $0) }, escaped: { bytes.append(contentsOf: $0) })
        }
        bytes.append(UInt8(ascii: "\""))
    }

    /// Writes `utf8` quoted; without `quoted`, only the opening quote (a key's closing quote
    /// comes in `endKey`).
    @inline(__always)
    private mutating func writeEscaped(_ utf8: UnsafeBufferPointer<UInt8>, quoted: Bool) {
        reserve(utf8.count &+ 2)
        buffer[count] = UInt8(ascii: "\"")
        count &+= 1
        // Most strings (ids, names) need no escape: one scan, one copy.
        if !Self.needsEscape(utf8), let base = utf8.baseAddress {
            _copyBytes(base, to: buffer + count, count: utf8.count)
            count &+= utf8.count
        } else {
            Self.escape(utf8, run: { append($0) }, escaped: { append($0) })
        }
        if quoted { append(UInt8(ascii: "\"")) }
    }

    /// Whether `utf8` holds a byte that `escape` would change (or must look at).
    @inline(__always)
    private static func needsEscape(_ utf8: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = utf8.baseAddress else { return false }
        let n = utf8.count
        var i = 0
        while i &+ 8 <= n {
            if mayNeedEscape(UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self)) { return true }
            i &+= 8
        }
        while i < n {
            let b = base[i]
            if b < 0x20 || b == 0x22 || b == 0x5C || b == 0x7F || b == 0xE2 { return true }
            i &+= 1
        }
        return false
    }

    /// Whether a byte of `word` is one `escape` must look at: a control (below 0x20), `"`, `\`,
    /// DEL or 0xE2 (the lead byte of U+2028/U+2029). Exact per byte (no carries between bytes).
    @inline(__always)
    private static func mayNeedEscape(_ word: UInt64) -> Bool {
        let low: UInt64 = 0x7F7F_7F7F_7F7F_7F7F, ones: UInt64 = 0x0101_0101_0101_0101
        let sevenBits = word & low
        @inline(__always) func equal7(_ c: UInt64) -> UInt64 { ~(((sevenBits ^ (ones &* c)) &+ low) | low) }
        let control = ~((sevenBits &+ (ones &* 0x60)) | word | low)
        let ascii = ~word, high = word
        let hits = control | ((equal7(0x22) | equal7(0x5C) | equal7(0x7F)) & ascii) | (equal7(0x62) & high)
        return hits & 0x8080_8080_8080_8080 != 0
    }

    /// Escapes only what JSON requires (", \ and controls), plus DEL and U+2028/U+2029 for
    /// JavaScript consumers; everything else is copied as UTF-8. Hands `run` the stretches that
    /// stay as they are and `escaped` each escape sequence, in order.
    @inline(__always)
    private static func escape(
        _ utf8: UnsafeBufferPointer<UInt8>,
        run: (UnsafeBufferPointer<UInt8>) -> Void, escaped: (UnsafeBufferPointer<UInt8>) -> Void
    ) {
        func literal(_ s: StaticString) { escaped(UnsafeBufferPointer(start: s.utf8Start, count: s.utf8CodeUnitCount)) }
        let n = utf8.count
        var i = 0
        var runStart = 0
        while i < n {
            // Eight bytes at a time while none of them needs a look.
            if let base = utf8.baseAddress {
                while i &+ 8 <= n, !mayNeedEscape(UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self)) { i &+= 8 }
                if i >= n { break }
            }
            let b = utf8[i]
            // Fast path: printable ASCII other than " and \, and UTF-8 bytes other than E2.
            if b >= 0x20 && b != 0x22 && b != 0x5C && b != 0x7F && b != 0xE2 {
                i += 1
                continue
            }
            var width = 1
            if b == 0xE2 {
                guard i + 2 < n && utf8[i + 1] == 0x80 && (utf8[i + 2] == 0xA8 || utf8[i + 2] == 0xA9) else {
                    i += 1
                    continue
                }
                width = 3
            }
            if i > runStart { run(UnsafeBufferPointer(rebasing: utf8[runStart..<i])) }
            switch b {
            case UInt8(ascii: "\""): literal("\\\"")
            case UInt8(ascii: "\\"): literal("\\\\")
            case 0x0A: literal("\\n")
            case 0x0D: literal("\\r")
            case 0x09: literal("\\t")
            case 0xE2: literal(utf8[i + 2] == 0xA8 ? "\\u2028" : "\\u2029")
            default:  // other C0 controls and DEL
                let hex: StaticString = "0123456789abcdef"
                var code: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) = (0x5C, 0x75, 0x30, 0x30, hex.utf8Start[Int(b >> 4)], hex.utf8Start[Int(b & 0xF)])
                withUnsafeBytes(of: &code) { escaped($0.bindMemory(to: UInt8.self)) }
            }
            i += width
            runStart = i
        }
        if n > runStart { run(UnsafeBufferPointer(rebasing: utf8[runStart..<n])) }
    }
}

/// The pieces a fragment writer has passed to its sink, in order.
private final class _Pieces {
    var list: [[UInt8]] = []
}
