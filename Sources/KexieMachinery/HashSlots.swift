/// How a table of `_HashSlots` finds a stored word's home slot: from the word alone, so that
/// growing the table can move every word without asking its owner.
@usableFromInline
package protocol _SlotHashing {
    /// A hash of `word` whose low bits pick its home slot (masked to the table size).
    static func home(of word: UInt64) -> UInt64
}

/// An open-addressing hash table of non-zero 64-bit words with linear probing: the slot array
/// under `InternedStrings` (a string's hash beside its index) and the linkage's pair sums (the
/// pair itself). What a word means, and when two match, is the owner's; the table keeps the
/// layout, the probing and the growth.
///
/// The table is a plain array that large tables ask huge pages for (`_tableForRandomAccess`):
/// tables of millions of words are read at random, and with 4 KiB pages nearly every probe
/// would also miss the TLB.
///
/// - Invariant: `words.count` is a power of two, at least `minimumSize`, and more than twice
///   `count` — so a probe always reaches an empty slot; an empty slot holds 0; every stored word
///   is reachable from its home slot without crossing an empty slot.
/// - Complexity: a probe is O(1) expected at this load factor (at most one half).
@frozen @usableFromInline
package struct _HashSlots<Hashing: _SlotHashing>: Sendable {
    /// The slots; 0 is empty. Written only by the table's own methods.
    @usableFromInline var _words: [UInt64]
    /// The number of stored words. Written only by the table's own methods.
    @usableFromInline var _count = 0

    /// The slots; 0 is empty.
    @inlinable package var words: [UInt64] { _words }
    /// The number of stored (non-zero) words.
    @inlinable package var count: Int { _count }

    /// An empty table of `minimumSize` slots (a power of two), or more when `capacity` words
    /// are expected.
    package init(minimumSize: Int, capacity: Int = 0) {
        precondition(minimumSize > 0 && minimumSize & (minimumSize - 1) == 0, "the size of a hash table is a power of two")
        _words = _tableForRandomAccess(repeating: UInt64(0), count: Self.size(for: capacity, minimumSize: minimumSize))
    }

    /// The smallest power of two, at least `minimumSize`, that keeps `count` words at most half full.
    @usableFromInline
    static func size(for count: Int, minimumSize: Int) -> Int {
        var size = minimumSize
        while size < count * 2 { size <<= 1 }
        return size
    }

    /// The slot mask (`words.count - 1`).
    @inlinable @inline(__always)
    package var mask: Int { words.count &- 1 }

    /// The home slot of a word with hash `hash` in a table with `mask`.
    @inlinable @inline(__always)
    package static func homeSlot(ofHash hash: UInt64, mask: Int) -> Int { Int(truncatingIfNeeded: hash) & mask }

    /// From `home`, the first slot that is empty or holds a word `matches` accepts: its index,
    /// and whether it holds that word (`false`: the empty slot where such a word would go).
    /// Over the slots' buffer, so that batched lookups can probe without re-borrowing the array.
    @inlinable @inline(__always)
    package static func probe(
        _ words: UnsafeBufferPointer<UInt64>, from home: Int, matching matches: (UInt64) -> Bool
    ) -> (slot: Int, found: Bool) {
        let mask = words.count &- 1
        var slot = home
        while true {
            let word = words[slot]
            if word == 0 { return (slot, false) }
            if matches(word) { return (slot, true) }
            slot = (slot &+ 1) & mask
        }
    }

    /// `probe(_:from:matching:)` over this table, from the home slot of `hash`.
    @inlinable @inline(__always)
    package func probe(hash: UInt64, matching matches: (UInt64) -> Bool) -> (slot: Int, found: Bool) {
        words.withUnsafeBufferPointer { Self.probe($0, from: Self.homeSlot(ofHash: hash, mask: $0.count &- 1), matching: matches) }
    }

    /// Stores `word` in the empty `slot` a probe returned. When that leaves the table more than
    /// half full, it doubles and every word moves: `moved(from, to)` is told each move (for
    /// values the owner keeps beside the slots), and the call returns `true` (slot indices
    /// from before are stale).
    @discardableResult
    @inlinable @inline(__always)
    package mutating func fill(_ slot: Int, with word: UInt64, moved: (_ from: Int, _ to: Int) -> Void = { _, _ in }) -> Bool {
        precondition(word != 0, "0 marks an empty slot")
        _words[slot] = word
        _count &+= 1
        guard _count &* 2 > _words.count else { return false }
        _resize(to: _words.count &* 2, moved: moved)
        return true
    }

    /// Makes room for `capacity` words without growing again (never shrinks).
    package mutating func reserveCapacity(_ capacity: Int, moved: (_ from: Int, _ to: Int) -> Void = { _, _ in }) {
        let size = Self.size(for: capacity, minimumSize: words.count)
        if size > words.count { _resize(to: size, moved: moved) }
    }

    /// Rehashes every word into a table of `size` slots, in slot order.
    @usableFromInline
    mutating func _resize(to size: Int, moved: (_ from: Int, _ to: Int) -> Void) {
        var fresh = _tableForRandomAccess(repeating: UInt64(0), count: size)
        let mask = size &- 1
        for (from, word) in words.enumerated() where word != 0 {
            var slot = Self.homeSlot(ofHash: Hashing.home(of: word), mask: mask)
            while fresh[slot] != 0 { slot = (slot &+ 1) & mask }
            fresh[slot] = word
            moved(from, slot)
        }
        _words = fresh
        #if DEBUG
        _checkInvariants()
        #endif
    }

    /// Checks every invariant above (O(size)); tests call it, and debug builds after growing.
    package func _checkInvariants() {
        precondition(words.count > 0 && words.count & (words.count - 1) == 0, "size \(words.count) is not a power of two")
        precondition(count * 2 <= words.count, "\(count) words in \(words.count) slots: more than half full")
        var stored = 0
        for (slot, word) in words.enumerated() where word != 0 {
            stored += 1
            // Walking back from the slot to the word's home crosses no empty slot.
            var s = Self.homeSlot(ofHash: Hashing.home(of: word), mask: mask)
            while s != slot {
                precondition(words[s] != 0, "word \(word) in slot \(slot) is cut off from its home by an empty slot \(s)")
                s = (s + 1) & mask
            }
        }
        precondition(stored == count, "count \(count) but \(stored) words stored")
    }
}
