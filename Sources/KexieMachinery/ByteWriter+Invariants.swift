// The invariants of `_ByteWriter` as a check, after swift-collections' `OrderedSet+Invariants`:
// tests call it after every step, and debug builds at the cheap points (flushes). Release
// builds compile it to nothing.

extension _ByteWriter {
    #if DEBUG
    /// Traps unless the writer's invariants (see `_ByteWriter`) hold.
    @inline(never)
    package func _checkInvariants() {
        precondition(_count >= 0, "negative count \(_count)")
        precondition(_count <= _capacity, "count \(_count) past capacity \(_capacity)")
        precondition(_capacity >= Self.minimumCapacity, "capacity \(_capacity) below the minimum")
        precondition(flushThreshold > 0, "flush threshold \(flushThreshold)")
        precondition(flushedCount >= 0, "negative flushed count \(flushedCount)")
    }
    #else
    @inline(__always)
    package func _checkInvariants() {}
    #endif

    /// `_checkInvariants()` plus the one that holds right after `flushIfFull(to:)`.
    package func _checkInvariantsAfterFlushIfFull() {
        _checkInvariants()
        #if DEBUG
        precondition(_count < flushThreshold, "\(_count) bytes buffered after flushIfFull, threshold \(flushThreshold)")
        #endif
    }
}
