#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// `count` copies of `value` for a table that will be read at random (a hash table). A table
/// of megabytes asks the kernel for 2 MiB pages before its memory is first touched: with 4 KiB
/// pages nearly every probe of a table of millions of ids also misses the TLB.
package func _tableForRandomAccess<T: BitwiseCopyable>(repeating value: T, count: Int) -> [T] {
    [T](unsafeUninitializedCapacity: count) { buffer, initialized in
        if let base = buffer.baseAddress { _adviseHugePages(UnsafeMutableRawPointer(base), bytes: count * MemoryLayout<T>.stride) }
        buffer.initialize(repeating: value)
        initialized = count
    }
}

/// Asks the kernel for 2 MiB pages for the whole 2 MiB blocks inside `base ..< base + bytes`,
/// memory not yet touched (regions of 4 MiB and more): one page fault and one TLB entry per
/// 2 MiB instead of 512. Where the kernel does not honour it (transparent huge pages off, or
/// not Linux) the pages are ordinary and nothing else changes.
package func _adviseHugePages(_ base: UnsafeMutableRawPointer, bytes: Int) {
    #if os(Linux)
    guard bytes >= 4 << 20 else { return }
    let huge = 2 << 20
    let start = (Int(bitPattern: base) + huge - 1) & ~(huge - 1)
    let end = (Int(bitPattern: base) + bytes) & ~(huge - 1)
    if end > start { _ = madvise(UnsafeMutableRawPointer(bitPattern: start), end - start, MADV_HUGEPAGE) }
    #endif
}
