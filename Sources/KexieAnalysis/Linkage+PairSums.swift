import KexieMachinery

/// Sums per unordered pair of organizations, so that the few million additions of a national
/// network do not hash through `Dictionary`: the pairs in a `_HashSlots` table (smaller row in
/// the high half of the word), each pair's sum in `sums` at the pair's slot.
///
/// - Invariant: `sums.count == slots.words.count`; `sums[s]` is 0 wherever `slots.words[s]` is
///   empty. A pair's word is never 0: its rows differ, so the larger is at least 1.
struct _PairSums {
    /// The pairs' home slots come from a multiplicative hash of the pair.
    enum Hashing: _SlotHashing {
        @inline(__always)
        static func home(of word: UInt64) -> UInt64 { (word &* 0x9E37_79B9_7F4A_7C15) >> 32 }
    }

    private var slots: _HashSlots<Hashing>
    private var sums: [Double]

    /// The number of pairs with a sum (even one that added up to 0).
    var count: Int { slots.count }

    /// An empty table sized for `expected` pairs (at least 1,024 slots).
    init(expected: Int) {
        slots = _HashSlots(minimumSize: 1024, capacity: expected)
        sums = _tableForRandomAccess(repeating: 0.0, count: slots.words.count)
    }

    @inline(__always)
    private static func word(_ a: Int, _ b: Int) -> UInt64 {
        a < b ? UInt64(a) << 32 | UInt64(b) : UInt64(b) << 32 | UInt64(a)
    }

    @inline(__always)
    private func probe(_ word: UInt64) -> (slot: Int, found: Bool) {
        slots.probe(hash: Hashing.home(of: word)) { $0 == word }
    }

    /// Adds `value` to the sum of the pair {a, b} (a ≠ b).
    mutating func add(_ value: Double, _ a: Int, _ b: Int) {
        let word = Self.word(a, b)
        var (slot, found) = probe(word)
        if !found {
            if (slots.count &+ 1) &* 2 > slots.words.count {
                grow()
                slot = probe(word).slot
            }
            slots.fill(slot, with: word)  // never grows: room was made above
        }
        sums[slot] += value
    }

    /// Doubles the table (before a pair would make it more than half full), the sums moving to
    /// the same slots as their pairs.
    private mutating func grow() {
        let old = sums
        var grown = _tableForRandomAccess(repeating: 0.0, count: slots.words.count &* 2)
        slots.reserveCapacity(slots.count &+ 1) { from, to in grown[to] = old[from] }
        sums = grown
        #if DEBUG
        _checkInvariants()
        #endif
    }

    /// The sum of the pair {a, b} (0 when nothing was added).
    subscript(a: Int, b: Int) -> Double {
        let (slot, found) = probe(Self.word(a, b))
        return found ? sums[slot] : 0
    }

    /// Calls `body` with every pair (smaller row first) and its sum, in no particular order.
    func forEach(_ body: (Int, Int, Double) -> Void) {
        for (s, word) in slots.words.enumerated() where word != 0 {
            body(Int(word >> 32), Int(word & 0xFFFF_FFFF), sums[s])
        }
    }

    /// Checks the invariants above and the table's own.
    func _checkInvariants() {
        slots._checkInvariants()
        precondition(sums.count == slots.words.count, "\(sums.count) sums for \(slots.words.count) slots")
        for (s, word) in slots.words.enumerated() where word == 0 {
            precondition(sums[s] == 0, "an empty slot \(s) holds a sum")
        }
    }
}
