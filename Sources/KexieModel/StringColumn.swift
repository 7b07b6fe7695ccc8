import KexieMachinery
/// A column of strings kept as one contiguous UTF-8 buffer plus end offsets.
///
/// Two million names cost two arrays, not two million heap objects. Row `i` occupies
/// `bytes[ends[i-1] ..< ends[i]]` (with `ends[-1]` taken as 0); an empty string is an absent value.
///
/// `bytes` runs up to a few kilobytes past the last row (zeros), so that appending a short
/// string is a copy into place rather than a call of `Array.append(contentsOf:)`.
///
/// - Invariant: `ends` is non-decreasing and `ends.last ?? 0 <= bytes.count`.
public struct StringColumn: Sendable, Equatable {
    package var bytes: [UInt8] = []
    package var ends: [UInt32] = []

    /// An empty column.
    public init() {}

    /// Builds a column from strings (for tests and small tables).
    public init<S: Sequence>(_ strings: S) where S.Element == String {
        for s in strings { append(s) }
    }

    /// The number of rows.
    public var count: Int { ends.count }

    func range(_ i: Int) -> Range<Int> {
        (i == 0 ? 0 : Int(ends[i - 1])) ..< Int(ends[i])
    }

    /// The string at row `i` (empty when absent).
    public subscript(i: Int) -> String {
        let r = range(i)
        if r.isEmpty { return "" }
        return bytes.withUnsafeBufferPointer { String(decoding: UnsafeBufferPointer(rebasing: $0[r]), as: UTF8.self) }
    }

    /// Whether row `i` is empty (an absent value).
    public func isEmpty(_ i: Int) -> Bool { range(i).isEmpty }

    /// The byte length of row `i`.
    public func utf8Count(_ i: Int) -> Int { range(i).count }

    /// Calls `body` with the UTF-8 bytes of row `i`, without copying.
    public func withUTF8<R>(_ i: Int, _ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        let r = range(i)
        return try bytes.withUnsafeBufferPointer { try body(UnsafeBufferPointer(rebasing: $0[r])) }
    }

    /// Appends one row.
    public mutating func append(_ s: String) {
        var s = s
        s.withUTF8 { append(utf8: $0) }
    }

    /// The bytes in use: the end of the last row.
    @inline(__always)
    var usedBytes: Int { ends.isEmpty ? 0 : Int(ends[ends.count &- 1]) }

    /// Appends one row from UTF-8 bytes (the caller guarantees they are valid UTF-8).
    public mutating func append(utf8 source: UnsafeBufferPointer<UInt8>) {
        let start = usedBytes
        let n = source.count
        let end = start &+ n
        precondition(end <= Int(UInt32.max), "a string column is limited to 4 GiB")
        if n > 0 {
            // Zeros past the end, in steps of 4 KiB: the array's capacity (see reserveCapacity)
            // grows geometrically as usual, and each row is then copied into place.
            if end > bytes.count { bytes.append(contentsOf: repeatElement(0, count: max(end &- bytes.count, 4096))) }
            bytes.withUnsafeMutableBufferPointer { b in _copyBytes(source.baseAddress!, to: b.baseAddress! + start, count: n) }
        }
        ends.append(UInt32(truncatingIfNeeded: end))
    }

    /// Appends an empty (absent) row.
    public mutating func appendEmpty() {
        ends.append(UInt32(truncatingIfNeeded: usedBytes))
    }

    /// Reserves room for `rows` rows of about `bytesPerRow` bytes.
    public mutating func reserveCapacity(rows: Int, bytesPerRow: Int) {
        ends.reserveCapacity(rows)
        bytes.reserveCapacity(rows * bytesPerRow)
    }

    public static func == (a: StringColumn, b: StringColumn) -> Bool {
        a.ends == b.ends && a.bytes[..<a.usedBytes] == b.bytes[..<b.usedBytes]
    }
}
