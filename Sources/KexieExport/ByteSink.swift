import KexieMachinery
import KexieModel

/// A buffered UTF-8 byte sink that export writers stream into.
///
/// Bytes collect in one byte writer (`_ByteWriter`); whenever it holds `chunkSize` bytes or
/// more, `flushIfFull()` hands them to `drain` (a file or standard output) and starts again, so
/// an export of any size needs one chunk of memory. Without a drain every byte stays in `bytes`
/// (for tests and small outputs). `Failure` is what the drain throws (`Never` without one): the
/// writers pass it on without knowing what it is.
public struct ByteSink<Failure: Error>: ~Copyable {
    private var out: _ByteWriter
    private let drain: ((UnsafeBufferPointer<UInt8>) throws(Failure) -> Void)?

    /// A sink that hands every `chunkSize` bytes to `drain`, in order.
    public init(chunkSize: Int = 1 << 20, drain: @escaping (UnsafeBufferPointer<UInt8>) throws(Failure) -> Void) {
        self.out = _ByteWriter(flushThreshold: chunkSize)
        self.drain = drain
    }

    /// The bytes not yet drained.
    public var bytes: [UInt8] { out.bytes }

    /// Appends text as it is (markup written by the writers themselves).
    @inline(__always)
    public mutating func append(_ text: String) {
        out.append(text)
    }

    @inline(__always)
    public mutating func append(byte: UInt8) {
        out.append(byte)
    }

    /// Appends bytes prepared once (markup repeated on every record).
    @inline(__always)
    public mutating func append(bytes more: [UInt8]) {
        out.append(more)
    }

    /// Appends `text` escaped as `escaping` says (the formats' escapings, `_ByteWriter`).
    @inline(__always)
    mutating func append<E: _Escaping>(_ text: String, escaping: E.Type) {
        out.append(text, escaping: E.self)
    }

    /// Appends `text` as a JSON string literal, escaped as the project's `JSONWriter` escapes.
    mutating func appendJSON(_ text: String) {
        out.append(jsonString: text)
    }

    /// Appends a CSV cell as RFC 4180 has it (quoted when it must be), otherwise exact.
    mutating func appendCSV(_ text: String) {
        out.append(csvCell: text)
    }

    /// Appends a value that needs no escaping in any format (a number, boolean or day) as its
    /// `GraphValue.text`, without building a `String` for days, integers and booleans.
    mutating func appendPlain(_ value: GraphValue) {
        switch value {
        case .boolean(let b): if b { out.append("true") } else { out.append("false") }
        case .date(let d): out.append(day: d)
        case .long(let i): out.append(int: i)
        default: append(value.text)
        }
    }

    /// Appends an edge's id (`position:17`).
    mutating func appendEdgeID(_ edge: GraphEdge) {
        append(edge.relation.name)
        append(byte: UInt8(ascii: ":"))
        out.append(int: edge.row + 1)
    }

    /// Drains the buffer when it holds a chunk; call between records.
    @inline(__always)
    public mutating func flushIfFull() throws(Failure) {
        if out.isFull { try flush() }
    }

    /// Drains whatever is buffered (at the end of an export).
    public mutating func flush() throws(Failure) {
        guard let drain else { return }
        try out.flush(to: drain)
    }
}

extension ByteSink where Failure == Never {
    /// A sink that keeps everything in `bytes`.
    public init() {
        self.out = _ByteWriter()
        self.drain = nil
    }
}
