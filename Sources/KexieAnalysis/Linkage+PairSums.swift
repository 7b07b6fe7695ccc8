import KexieMachinery

/// Sums per unordered pair of organizations: an open-addressing table keyed by the pair
/// (smaller row in the high half), so that the few million additions of a national network do
/// not hash through `Dictionary`.
///
/// - Invariant: `keys.count` is a power of two at least twice `count`; an empty slot holds
///   `UInt64.max` (no pair has it: rows are below 2^31).
struct _PairSums {
    private var keys: [UInt64]
    private var sums: [Double]
    private(set) var count = 0

    init(expected: Int) {
        var size = 1024
        while size < expected * 2 { size <<= 1 }
        keys = _tableForRandomAccess(repeating: UInt64.max, count: size)
        sums = _tableForRandomAccess(repeating: 0.0, count: size)
    }

    @inline(__always)
    private static func key(_ a: Int, _ b: Int) -> UInt64 {
        a < b ? UInt64(a) << 32 | UInt64(b) : UInt64(b) << 32 | UInt64(a)
    }

    @inline(__always)
    private func slot(of key: UInt64) -> Int {
        let mask = keys.count - 1
        var slot = Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> 32) & mask
        while keys[slot] != key && keys[slot] != .max { slot = (slot + 1) & mask }
        return slot
    }

    /// Adds `value` to the sum of the pair {a, b}.
    mutating func add(_ value: Double, _ a: Int, _ b: Int) {
        let k = Self.key(a, b)
        let s = slot(of: k)
        if keys[s] == .max {
            keys[s] = k
            count += 1
            if count * 2 > keys.count {
                grow()
                sums[slot(of: k)] += value
                return
            }
        }
        sums[s] += value
    }

    /// The sum of the pair {a, b} (0 when nothing was added).
    subscript(a: Int, b: Int) -> Double {
        let s = slot(of: Self.key(a, b))
        return keys[s] == .max ? 0 : sums[s]
    }

    /// Calls `body` with every pair (smaller row first) and its sum, in no particular order.
    func forEach(_ body: (Int, Int, Double) -> Void) {
        for s in keys.indices where keys[s] != .max {
            body(Int(keys[s] >> 32), Int(keys[s] & 0xFFFF_FFFF), sums[s])
        }
    }

    private mutating func grow() {
        let oldKeys = keys, oldSums = sums
        keys = [UInt64](repeating: .max, count: oldKeys.count * 2)
        sums = [Double](repeating: 0, count: oldKeys.count * 2)
        for s in oldKeys.indices where oldKeys[s] != .max {
            let t = slot(of: oldKeys[s])
            keys[t] = oldKeys[s]
            sums[t] = oldSums[s]
        }
    }
}
