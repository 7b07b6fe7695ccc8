import KexieIO

/// A buffered UTF-8 byte sink that export writers stream into.
///
/// Bytes collect in one buffer; whenever it holds more than `chunkSize` bytes, `flush()` hands
/// it to `drain` (a file or standard output) and starts again, so an export of any size needs
/// one chunk of memory. Without a drain every byte stays in `bytes` (for tests and small
/// outputs).
public struct ByteSink {
    /// The bytes not yet drained.
    public internal(set) var bytes: [UInt8] = []
    private let chunkSize: Int
    private let drain: (([UInt8]) throws(OutputError) -> Void)?

    /// A sink that hands every `chunkSize` bytes to `drain`.
    public init(chunkSize: Int = 1 << 20, drain: @escaping ([UInt8]) throws(OutputError) -> Void) {
        self.chunkSize = chunkSize
        self.drain = drain
        bytes.reserveCapacity(chunkSize + 4096)
    }

    /// A sink that keeps everything in `bytes`.
    public init() {
        self.chunkSize = .max
        self.drain = nil
    }

    /// Appends text as it is (markup written by the writers themselves).
    @inline(__always)
    public mutating func append(_ text: String) {
        bytes.append(contentsOf: text.utf8)
    }

    @inline(__always)
    public mutating func append(byte: UInt8) {
        bytes.append(byte)
    }

    /// Appends bytes prepared once (markup repeated on every record).
    @inline(__always)
    public mutating func append(bytes more: [UInt8]) {
        bytes.append(contentsOf: more)
    }

    /// Appends a value that needs no escaping in any format (a number, boolean or day) as its
    /// `GraphValue.text`, without building a `String` for days and booleans.
    mutating func appendPlain(_ value: GraphValue) {
        switch value {
        case .boolean(let b): append(b ? "true" : "false")
        case .date(let d) where d.isSet:
            let (y, m, day) = d.components
            guard y < 10000 else { return append(d.description) }
            func digit(_ v: Int) { bytes.append(UInt8(ascii: "0") + UInt8(v)) }
            digit(y / 1000); digit(y / 100 % 10); digit(y / 10 % 10); digit(y % 10)
            bytes.append(UInt8(ascii: "-"))
            digit(m / 10); digit(m % 10)
            bytes.append(UInt8(ascii: "-"))
            digit(day / 10); digit(day % 10)
        default: append(value.text)
        }
    }

    /// Appends an edge's id (`position:17`).
    mutating func appendEdgeID(_ edge: GraphEdge) {
        append(edge.relation.name)
        append(byte: UInt8(ascii: ":"))
        append(String(edge.row + 1))
    }

    /// Appends `text` through `escape`, which sees its UTF-8 bytes without a copy.
    @inline(__always)
    mutating func append(_ text: String, escapedBy escape: (UnsafeBufferPointer<UInt8>, inout [UInt8]) -> Void) {
        var text = text
        text.withUTF8 { escape($0, &bytes) }
    }

    /// Appends bytes, with the runs `replacement` returns nil for copied as they are and every
    /// other byte replaced by what it returns. The shared loop of the format escapers.
    @inline(__always)
    static func escape(_ utf8: UnsafeBufferPointer<UInt8>, into out: inout [UInt8], _ replacement: (Int) -> (text: StaticString, width: Int)?) {
        var i = 0, runStart = 0
        while i < utf8.count {
            guard let (text, width) = replacement(i) else {
                i += 1
                continue
            }
            if i > runStart { out.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<i])) }
            out.append(contentsOf: UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
            i += width
            runStart = i
        }
        if utf8.count > runStart { out.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart...])) }
    }

    /// Drains the buffer when it holds a chunk; call between records.
    @inline(__always)
    public mutating func flushIfFull() throws(OutputError) {
        if bytes.count >= chunkSize { try flush() }
    }

    /// Drains whatever is buffered (at the end of an export).
    public mutating func flush() throws(OutputError) {
        guard let drain, !bytes.isEmpty else { return }
        try drain(bytes)
        bytes.removeAll(keepingCapacity: true)
    }
}
