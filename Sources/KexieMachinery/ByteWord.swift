/// Eight bytes of text read as one 64-bit word, and per-byte tests on it ("SWAR": SIMD within a
/// register). Each test returns a mask with the high bit (0x80) set in exactly the bytes that
/// pass it and every other bit clear, so that masks combine with `|` and `&`, `isEmpty` says
/// "no byte passed", and `firstByte` finds the first one that did.
///
/// Every scanner of kexie's hot paths (the CSV record scanner, line counting, UTF-8 validation,
/// the JSON escaper) skips ordinary bytes eight at a time with these tests, then looks at the
/// marked bytes one by one.
///
/// - Invariant: the tests are exact per byte: each adds within a byte's low seven bits, so no
///   carry crosses into the next byte, and a byte's result never depends on its neighbours.
///
/// `@frozen @usableFromInline` so that its `@inlinable` tests inline into other modules (see
/// `_ByteWriter`).
@frozen @usableFromInline
package struct _ByteWord {
    /// The eight bytes, the first byte of the text in the lowest eight bits.
    @usableFromInline package var bits: UInt64

    @usableFromInline static var ones: UInt64 { 0x0101_0101_0101_0101 }
    @usableFromInline static var lowSeven: UInt64 { 0x7F7F_7F7F_7F7F_7F7F }
    /// The high bit of every byte: the mask of "all eight passed".
    @inlinable package static var highBits: UInt64 { 0x8080_8080_8080_8080 }

    @inlinable @inline(__always)
    package init(bits: UInt64) { self.bits = bits }

    /// The eight bytes at `pointer + offset`, which need not be aligned.
    @inlinable @inline(__always)
    package init(loadingFrom pointer: UnsafeRawPointer, at offset: Int = 0) {
        bits = UInt64(littleEndian: pointer.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
    }

    /// The bytes equal to `byte`.
    @inlinable @inline(__always)
    package func bytes(equalTo byte: UInt8) -> UInt64 {
        let x = bits ^ (Self.ones &* UInt64(byte))
        // A byte of x is zero exactly where the byte matched: adding 0x7F to its low seven bits
        // sets the high bit unless they are all zero, and `| x` catches a set high bit.
        return ~(((x & Self.lowSeven) &+ Self.lowSeven) | x | Self.lowSeven)
    }

    /// The bytes below `limit` (`limit` at most 0x80; bytes 0x80 and above never pass).
    @inlinable @inline(__always)
    package func bytes(below limit: UInt8) -> UInt64 {
        // Low seven bits + (0x80 - limit) stays below 0x80 exactly when the byte is below limit;
        // `| bits` rules out the bytes whose own high bit is set.
        ~(((bits & Self.lowSeven) &+ (Self.ones &* UInt64(0x80 &- limit))) | bits) & Self.highBits
    }

    /// The bytes 0x80 and above (every byte of a multi-byte UTF-8 sequence).
    @inlinable @inline(__always)
    package var nonASCIIBytes: UInt64 { bits & Self.highBits }

    /// The number of bytes a mask marks.
    @inlinable @inline(__always)
    package static func count(_ mask: UInt64) -> Int { mask.nonzeroBitCount }

    /// The position (0–7) of the first byte a non-zero mask marks.
    @inlinable @inline(__always)
    package static func firstByte(_ mask: UInt64) -> Int { mask.trailingZeroBitCount &>> 3 }
}
