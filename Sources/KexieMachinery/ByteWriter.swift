/// A growable buffer of UTF-8 bytes, the one every kexie writer writes into: the JSON
/// documents, the graph exports, the generated CSV tables, the reports' escaped text. It adds
/// the pieces of text formats to the raw bytes: integers and decimals (`ByteWriter+Numbers`),
/// dates, and the escapings of JSON strings, XML, HTML and CSV cells (`ByteWriter+Escaping`).
///
/// Streaming: the owner hands what is written to a sink with `flush(to:)`, or with
/// `flushIfFull(to:)` at points where a piece may end (between records, between values), which
/// flushes once `flushThreshold` bytes are buffered. A document of hundreds of megabytes so
/// passes through a buffer of about `flushThreshold` bytes and is never held whole; a writer
/// that is never flushed keeps the whole text (`withBytes`, `bytes`). The sink is an argument,
/// not a stored closure, so that it may throw its own error type (typed throws) and so that the
/// writer holds nothing but its bytes.
///
/// Noncopyable: the buffer has one owner and is freed with it; a copy would share it.
///
/// - Invariant: `0 <= count <= capacity`, and the first `count` bytes of the buffer are the
///   bytes written since the last flush, in order.
/// - Invariant: `capacity >= _ByteWriter.minimumCapacity`; the capacity only grows (doubling).
/// - Invariant: `flushThreshold > 0`; `flushedCount` is the number of bytes handed to sinks,
///   so `flushedCount + count` is every byte written.
/// - Invariant: right after `flushIfFull(to:)`, `count < flushThreshold`.
/// `_checkInvariants()` checks these (`ByteWriter+Invariants`).
///
/// - Complexity: every append is O(bytes written), amortized (the buffer doubles when full).
///
/// Why `@frozen @usableFromInline`: Swift 6.3 inlines the `@inlinable` members of a
/// `package` type into other modules only when the type and its stored properties are also
/// `@usableFromInline` (without it every `append` was a call, and the national JSON document
/// took 13% more CPU). The same holds for every hot type of this module.
@frozen @usableFromInline
package struct _ByteWriter: ~Copyable {
    @usableFromInline var _base: UnsafeMutablePointer<UInt8>
    @usableFromInline var _count: Int
    @usableFromInline var _capacity: Int
    /// `flushIfFull(to:)` flushes once this many bytes are buffered.
    @usableFromInline package let flushThreshold: Int
    /// The bytes handed to sinks so far.
    @usableFromInline package private(set) var flushedCount = 0

    /// The smallest buffer a writer allocates.
    package static var minimumCapacity: Int { 64 }

    /// A writer that keeps everything written until it is flushed, with room for `capacity`
    /// bytes to start with.
    package init(capacity: Int = 256) {
        self.init(capacity: capacity, flushThreshold: .max)
    }

    /// A writer for streaming, whose `flushIfFull(to:)` hands on pieces of about
    /// `flushThreshold` bytes; its buffer is allocated to hold a piece and the write that
    /// completes it without growing.
    package init(flushThreshold: Int) {
        self.init(capacity: flushThreshold &+ 4096, flushThreshold: flushThreshold)
    }

    private init(capacity: Int, flushThreshold: Int) {
        precondition(flushThreshold > 0, "a flush threshold of at least one byte")
        let capacity = max(capacity, Self.minimumCapacity)
        _base = .allocate(capacity: capacity)
        _count = 0
        _capacity = capacity
        self.flushThreshold = flushThreshold
    }

    deinit { _base.deallocate() }

    /// The bytes written since the last flush.
    @inlinable package var count: Int { _count }

    /// Whether nothing has been written since the last flush.
    @inlinable package var isEmpty: Bool { _count == 0 }

    /// Whether `flushIfFull(to:)` would flush now.
    @inlinable package var isFull: Bool { _count >= flushThreshold }

    /// Calls `body` with the bytes written since the last flush (valid only during the call).
    @inlinable
    package func withBytes<R, E: Error>(_ body: (UnsafeBufferPointer<UInt8>) throws(E) -> R) throws(E) -> R {
        try body(UnsafeBufferPointer(start: _base, count: _count))
    }

    /// A copy of the bytes written since the last flush.
    package var bytes: [UInt8] { Array(UnsafeBufferPointer(start: _base, count: _count)) }

    /// The bytes written since the last flush, decoded as UTF-8 (invalid bytes become U+FFFD).
    package var text: String { String(decoding: UnsafeBufferPointer(start: _base, count: _count), as: UTF8.self) }

    /// Forgets the bytes written since the last flush (they count as neither written nor
    /// flushed), keeping the buffer.
    @inlinable
    package mutating func removeAll() { _count = 0 }

    // MARK: Streaming

    /// Hands the buffered bytes to `sink` (when there are any) and empties the buffer. When
    /// `sink` throws, the bytes stay buffered.
    @inlinable
    package mutating func flush<E: Error>(to sink: (UnsafeBufferPointer<UInt8>) throws(E) -> Void) throws(E) {
        guard _count > 0 else { return }
        try sink(UnsafeBufferPointer(start: _base, count: _count))
        _didFlush()
    }

    /// `flush(to:)` once `flushThreshold` bytes or more are buffered; call it where a piece of
    /// the output may end.
    @inlinable
    package mutating func flushIfFull<E: Error>(to sink: (UnsafeBufferPointer<UInt8>) throws(E) -> Void) throws(E) {
        if _count >= flushThreshold { try flush(to: sink) }
    }

    @usableFromInline
    mutating func _didFlush() {
        flushedCount &+= _count
        _count = 0
        _checkInvariants()
    }

    // MARK: Raw bytes

    /// Makes room for `n` more bytes, so that the next `n` bytes need no growth.
    @inlinable @inline(__always)
    package mutating func reserve(_ n: Int) {
        if _count &+ n > _capacity { _grow(_count &+ n) }
    }

    @usableFromInline @inline(never)
    mutating func _grow(_ needed: Int) {
        var size = _capacity &* 2
        while size < needed { size &*= 2 }
        let fresh = UnsafeMutablePointer<UInt8>.allocate(capacity: size)
        fresh.update(from: _base, count: _count)
        _base.deallocate()
        _base = fresh
        _capacity = size
    }

    /// Appends one byte.
    @inlinable @inline(__always)
    package mutating func append(_ byte: UInt8) {
        reserve(1)
        _base[_count] = byte
        _count &+= 1
    }

    /// Appends bytes as they are.
    @inlinable @inline(__always)
    package mutating func append(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let source = bytes.baseAddress, bytes.count > 0 else { return }
        reserve(bytes.count)
        _copyBytes(source, to: _base + _count, count: bytes.count)
        _count &+= bytes.count
    }

    /// Appends bytes as they are.
    @inlinable
    package mutating func append(_ bytes: [UInt8]) {
        bytes.withUnsafeBufferPointer { append($0) }
    }

    /// Appends text known when compiling, as it is.
    @inlinable @inline(__always)
    package mutating func append(_ text: StaticString) {
        append(UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    /// Appends a string's UTF-8 as it is.
    @inlinable
    package mutating func append(_ text: String) {
        var text = text
        text.withUTF8 { append($0) }
    }

    /// Appends `n` copies of `byte` (indentation), eight at a time.
    @inlinable @inline(__always)
    package mutating func append(_ byte: UInt8, repeating n: Int) {
        guard n > 0 else { return }
        // Up to seven bytes are stored past the run and then left to be overwritten.
        reserve(n &+ 8)
        let target = UnsafeMutableRawPointer(_base + _count), word = 0x0101_0101_0101_0101 &* UInt64(byte)
        var k = 0
        while k < n {
            target.storeBytes(of: word, toByteOffset: k, as: UInt64.self)
            k &+= 8
        }
        _count &+= n
    }

    /// Room for at least `n` bytes at the end of the buffer, for `body` to fill; it returns how
    /// many it wrote (at most `n`). For the formatters, which write digits in place.
    @inlinable @inline(__always)
    package mutating func _appendInPlace(atMost n: Int, _ body: (UnsafeMutablePointer<UInt8>) -> Int) {
        reserve(n)
        let written = body(_base + _count)
        _count &+= written
    }
}
