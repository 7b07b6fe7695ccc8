#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

// Copying and comparing the short byte strings of table cells and ids without a call: a call
// to memcpy or memcmp costs more than the bytes of a typical 6–18-byte id.

/// Copies `count` bytes: overlapping eight- or four-byte moves that never touch a byte outside
/// either range; a library copy from 33 bytes up.
///
/// - Precondition: the ranges do not overlap.
@inlinable @inline(__always)
package func _copyBytes(_ source: UnsafePointer<UInt8>, to target: UnsafeMutablePointer<UInt8>, count n: Int) {
    let from = UnsafeRawPointer(source), to = UnsafeMutableRawPointer(target)
    if n >= 8 {
        if n > 32 { return to.copyMemory(from: from, byteCount: n) }
        var k = 0
        while k &+ 8 < n {
            to.storeBytes(of: from.loadUnaligned(fromByteOffset: k, as: UInt64.self), toByteOffset: k, as: UInt64.self)
            k &+= 8
        }
        to.storeBytes(of: from.loadUnaligned(fromByteOffset: n &- 8, as: UInt64.self), toByteOffset: n &- 8, as: UInt64.self)
    } else if n >= 4 {
        let head = from.loadUnaligned(as: UInt32.self), tail = from.loadUnaligned(fromByteOffset: n &- 4, as: UInt32.self)
        to.storeBytes(of: head, as: UInt32.self)
        to.storeBytes(of: tail, toByteOffset: n &- 4, as: UInt32.self)
    } else {
        for k in 0..<n { target[k] = source[k] }
    }
}

/// Whether `a[0..<n]` equals `b[0..<n]`, eight bytes at a time with an overlapping last step.
@inline(__always)
package func _equalBytes(_ a: UnsafePointer<UInt8>, _ b: UnsafePointer<UInt8>, _ n: Int) -> Bool {
    let x = UnsafeRawPointer(a), y = UnsafeRawPointer(b)
    if n < 8 {
        for k in 0..<n where a[k] != b[k] { return false }
        return true
    }
    var k = 0
    while k &+ 8 < n {
        if x.loadUnaligned(fromByteOffset: k, as: UInt64.self) != y.loadUnaligned(fromByteOffset: k, as: UInt64.self) { return false }
        k &+= 8
    }
    return x.loadUnaligned(fromByteOffset: n &- 8, as: UInt64.self) == y.loadUnaligned(fromByteOffset: n &- 8, as: UInt64.self)
}

/// Whether `x` sorts before `y` in plain byte order (a shorter prefix first): the order the
/// output contract sorts ids in. Swift's `String <` orders by Unicode scalars after
/// normalization, which is not the same.
@inline(__always)
package func _bytesLess(_ x: UnsafeBufferPointer<UInt8>, _ y: UnsafeBufferPointer<UInt8>) -> Bool {
    let n = min(x.count, y.count)
    if n > 0 {
        let c = memcmp(x.baseAddress!, y.baseAddress!, n)
        if c != 0 { return c < 0 }
    }
    return x.count < y.count
}
