import CPrefetch

/// Asks the processor to start loading the cache line at `address` for reading, without
/// waiting for it. A hash-table probe that would miss the cache is prefetched a row (or a
/// batch) ahead, so that the miss overlaps other work instead of stalling it.
@inlinable @inline(__always)
package func _prefetch(_ address: UnsafeRawPointer) {
    kexie_prefetch(address)
}
