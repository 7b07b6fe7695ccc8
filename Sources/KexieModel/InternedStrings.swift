import KexieMachinery
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Strings interned to dense indices `0..<count`, in insertion order.
///
/// Used for every identifier column (region, organization, person, institution ids) and for the
/// small open vocabularies (region kinds, person categories). Lookup hashes the UTF-8 bytes
/// (eight bytes at a time) into a `_HashSlots` table whose 64-bit words hold the hash beside
/// the index, so a probe touches the string only when the full hash matches, and looking up a
/// cell never creates a `String`.
///
/// - Invariant: `strings[i]` is unique; the table holds one word per string,
///   `hash(strings[i]) << 32 | (i + 1)`, and the table's own invariants hold.
/// - Complexity: `insert` and `index(of:)` are O(length of the string) expected.
public struct InternedStrings: Sendable, Equatable {
    /// The interned strings, index `i` at row `i`.
    public private(set) var strings = StringColumn()
    private var slots = _HashSlots<Hashing>(minimumSize: 16)

    /// A word's home slot is its string's hash, kept in its high half.
    enum Hashing: _SlotHashing {
        @inline(__always)
        static func home(of word: UInt64) -> UInt64 { word >> 32 }
    }

    /// An empty set.
    public init() {}

    /// Interns each string in order; duplicates keep their first index.
    public init<S: Sequence>(_ values: S) where S.Element == String {
        for v in values { insert(v) }
    }

    /// The number of distinct strings.
    public var count: Int { strings.count }

    /// The string with index `i`.
    public subscript(i: Int) -> String { strings[i] }

    /// The slot holding `bytes`, or the empty slot where it would go.
    @inline(__always)
    private func probe(_ bytes: UnsafeBufferPointer<UInt8>, hash h: UInt32) -> (slot: Int, index: Int?) {
        slots.words.withUnsafeBufferPointer { slots in
            strings.bytes.withUnsafeBufferPointer { pool in
                strings.ends.withUnsafeBufferPointer { ends in
                    Self.probe(bytes.baseAddress, count: bytes.count, hash: h, slots: slots, pool: pool, ends: ends)
                }
            }
        }
    }

    /// The probe itself, over the table's buffers: from the hash's slot, the first slot that is
    /// empty or holds `bytes[0..<count]` (compared only when the stored hash matches).
    @inline(__always)
    private static func probe(
        _ bytes: UnsafePointer<UInt8>?, count: Int, hash h: UInt32,
        slots: UnsafeBufferPointer<UInt64>, pool: UnsafeBufferPointer<UInt8>, ends: UnsafeBufferPointer<UInt32>
    ) -> (slot: Int, index: Int?) {
        let home = _HashSlots<Hashing>.homeSlot(ofHash: UInt64(h), mask: slots.count &- 1)
        let (slot, found) = _HashSlots<Hashing>.probe(slots, from: home) { word in
            guard UInt32(truncatingIfNeeded: word >> 32) == h else { return false }
            let i = Self.index(inWord: word)
            let start = i == 0 ? 0 : Int(ends[i &- 1])
            let length = Int(ends[i]) &- start
            return length == count && (length == 0 || _equalBytes(pool.baseAddress! + start, bytes!, length))
        }
        return (slot, found ? Self.index(inWord: slots[slot]) : nil)
    }

    /// The string index a table word holds.
    @inline(__always)
    private static func index(inWord word: UInt64) -> Int { Int(truncatingIfNeeded: word & 0xFFFF_FFFF) &- 1 }

    /// The index of `bytes`, or `nil` when it was never inserted.
    public func index(ofUTF8 bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        probe(bytes, hash: Self.hash(bytes)).index
    }

    /// Looks up many cells at once: `spans[k]` is `offset << 32 | length` of a cell of `text`,
    /// and `result[k]` becomes its index, `ReferenceColumn.absent` for an empty cell, or
    /// `ReferenceColumn.unknown` for a string never inserted.
    ///
    /// In a table of millions of strings nearly every lookup misses the cache; cells are taken
    /// thirty-two at a time, and the first slots of all of them are prefetched before any is
    /// compared, so that the memory reads overlap instead of following one another.
    ///
    /// - Complexity: O(total cell length) expected.
    package func indices(ofSpans spans: UnsafeBufferPointer<UInt64>, in text: UnsafeBufferPointer<UInt8>,
                         into result: UnsafeMutableBufferPointer<Int32>) {
        precondition(result.count >= spans.count)
        let mask = slots.mask
        slots.words.withUnsafeBufferPointer { slots in
            strings.bytes.withUnsafeBufferPointer { pool in
                strings.ends.withUnsafeBufferPointer { ends in
                    let batch = 32
                    withUnsafeTemporaryAllocation(of: UInt32.self, capacity: batch) { hashes in
                        var start = 0
                        while start < spans.count {
                            let n = min(batch, spans.count &- start)
                            // Stage 1: hash each cell and prefetch its first slot.
                            for k in 0..<n {
                                let span = spans[start &+ k]
                                let length = Int(truncatingIfNeeded: span & 0xFFFF_FFFF)
                                let cell = UnsafeBufferPointer(start: text.baseAddress.map { $0 + Int(truncatingIfNeeded: span >> 32) }, count: length)
                                let h = Self.hash(cell)
                                hashes[k] = h
                                _prefetch(slots.baseAddress! + _HashSlots<Hashing>.homeSlot(ofHash: UInt64(h), mask: mask))
                            }
                            // Stage 2: finish each probe; its first slot is in the cache now.
                            for k in 0..<n {
                                let span = spans[start &+ k]
                                let length = Int(truncatingIfNeeded: span & 0xFFFF_FFFF)
                                guard length > 0, let textBase = text.baseAddress else {
                                    result[start &+ k] = ReferenceColumn.absent
                                    continue
                                }
                                let cell = textBase + Int(truncatingIfNeeded: span >> 32)
                                let found = Self.probe(cell, count: length, hash: hashes[k], slots: slots, pool: pool, ends: ends).index
                                result[start &+ k] = found.map { Int32(truncatingIfNeeded: $0) } ?? ReferenceColumn.unknown
                            }
                            start &+= n
                        }
                    }
                }
            }
        }
    }

    /// The index of each row of `column` (see `indices(ofSpans:in:into:)`): its index,
    /// `ReferenceColumn.absent` for an empty row, `ReferenceColumn.unknown` for a string never
    /// inserted. Looked up thirty-two at a time, like cells.
    package func indices(ofRowsOf column: StringColumn) -> [Int32] {
        var spans = [UInt64](repeating: 0, count: column.count)
        var start: UInt64 = 0
        for i in 0..<column.count {
            let end = UInt64(column.ends[i])
            spans[i] = start << 32 | (end &- start)
            start = end
        }
        var result = [Int32](repeating: ReferenceColumn.absent, count: column.count)
        spans.withUnsafeBufferPointer { spans in
            column.bytes.withUnsafeBufferPointer { text in
                result.withUnsafeMutableBufferPointer { indices(ofSpans: spans, in: text, into: $0) }
            }
        }
        return result
    }

    /// Starts loading the first slot a lookup of `bytes` reads into the cache, without waiting.
    /// A loader calls this a row ahead of inserting or looking up `bytes`, so that the slot's
    /// cache miss overlaps the work in between.
    package func prefetch(utf8 bytes: UnsafeBufferPointer<UInt8>) {
        slots.words.withUnsafeBufferPointer {
            _prefetch($0.baseAddress! + _HashSlots<Hashing>.homeSlot(ofHash: UInt64(Self.hash(bytes)), mask: $0.count &- 1))
        }
    }

    /// The index of `string`, or `nil` when it was never inserted.
    public func index(of string: String) -> Int? {
        var s = string
        return s.withUTF8 { index(ofUTF8: $0) }
    }

    /// Inserts `bytes` unless present. Returns its index and whether it was new.
    @discardableResult
    public mutating func insert(utf8 bytes: UnsafeBufferPointer<UInt8>) -> (index: Int, inserted: Bool) {
        let h = Self.hash(bytes)
        let (slot, found) = probe(bytes, hash: h)
        if let found { return (found, false) }
        let index = strings.count
        precondition(index < Int(Int32.max), "too many distinct strings")
        strings.append(utf8: bytes)
        slots.fill(slot, with: UInt64(h) << 32 | UInt64(index + 1))
        return (index, true)
    }

    /// Inserts `string` unless present. Returns its index and whether it was new.
    @discardableResult
    public mutating func insert(_ string: String) -> (index: Int, inserted: Bool) {
        var s = string
        return s.withUTF8 { insert(utf8: $0) }
    }

    /// Reserves room for `count` strings of about `bytesPerString` bytes.
    public mutating func reserveCapacity(_ count: Int, bytesPerString: Int) {
        strings.reserveCapacity(rows: count, bytesPerRow: bytesPerString)
        slots.reserveCapacity(count + 1)
    }

    /// Checks the invariants above (O(count)); tests call it.
    package func _checkInvariants() {
        slots._checkInvariants()
        precondition(slots.count == strings.count, "\(slots.count) table words for \(strings.count) strings")
        for i in 0..<count {
            strings.withUTF8(i) { precondition(index(ofUTF8: $0) == i, "string \(i) is not found at its own index") }
        }
    }

    /// A 32-bit hash of `bytes`, eight bytes per step: each word is mixed in with a multiply
    /// and a shift, the last (partial) word is read as overlapping loads that stay inside the
    /// buffer, and the length is mixed in so that such overlaps cannot make two strings equal.
    @inline(__always)
    static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt32 {
        let k: UInt64 = 0x9E37_79B9_7F4A_7C15
        var n = bytes.count
        var h = UInt64(truncatingIfNeeded: n) &* k
        guard n > 0, let base = bytes.baseAddress else { return UInt32(truncatingIfNeeded: h >> 32) }
        let p = UnsafeRawPointer(base)
        var offset = 0
        @inline(__always) func mix(_ word: UInt64) {
            h = (h ^ word) &* 0xBF58_476D_1CE4_E5B9
            h ^= h &>> 31
        }
        while n > 8 {
            mix(p.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
            offset &+= 8
            n &-= 8
        }
        let tail: UInt64
        if n == 8 {
            tail = p.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
        } else if n >= 4 {
            tail = UInt64(p.loadUnaligned(fromByteOffset: offset, as: UInt32.self)) << 32
                | UInt64(p.loadUnaligned(fromByteOffset: offset &+ n &- 4, as: UInt32.self))
        } else {
            tail = UInt64(base[offset]) << 16 | UInt64(base[offset &+ n &>> 1]) << 8 | UInt64(base[offset &+ n &- 1])
        }
        mix(tail)
        h = (h ^ (h &>> 29)) &* k
        return UInt32(truncatingIfNeeded: h ^ (h &>> 32))
    }

    public static func == (a: InternedStrings, b: InternedStrings) -> Bool { a.strings == b.strings }
}

extension InternedStrings {
    /// Compares strings `a` and `b` by the plain byte order of their UTF-8 text (the order the
    /// output contract sorts ids in; Swift's `String <` orders by Unicode scalars after
    /// normalization, which is not the same).
    public func utf8Less(_ a: Int, _ b: Int) -> Bool {
        strings.withUTF8(a) { x in strings.withUTF8(b) { y in _bytesLess(x, y) } }
    }

    /// `indices` sorted by the byte order of their strings.
    ///
    /// - Complexity: O(k log k) for k indices; comparisons look at the first 16 bytes of each
    ///   string held beside its index, and at the strings only when those are equal.
    public func sortedByUTF8<C: Collection>(_ indices: C) -> [Int] where C.Element == Int {
        var keyed = indices.map { i -> (UInt64, UInt64, Int32) in
            let (hi, lo) = prefixKey(i)
            return (hi, lo, Int32(i))
        }
        keyed.sort { x, y in
            if x.0 != y.0 { return x.0 < y.0 }
            if x.1 != y.1 { return x.1 < y.1 }
            return utf8Less(Int(x.2), Int(y.2))
        }
        return keyed.map { Int($0.2) }
    }

    /// The rank of every string in byte order: `ranks[i] < ranks[j]` exactly when string `i`
    /// sorts before string `j`. Sorting rows by rank is then an integer comparison.
    ///
    /// - Complexity: O(n log n), once; see `sortedByUTF8`.
    public var utf8Ranks: [Int32] {
        var ranks = [Int32](repeating: 0, count: count)
        for (rank, i) in sortedByUTF8(0..<count).enumerated() { ranks[i] = Int32(rank) }
        return ranks
    }

    /// The first 16 bytes of string `i` as two big-endian integers, zero-padded: comparing
    /// keys orders strings as their bytes do, up to ties between strings sharing 16 bytes
    /// (and between a string and itself padded with NUL, which ids never contain).
    @inline(__always)
    private func prefixKey(_ i: Int) -> (UInt64, UInt64) {
        strings.withUTF8(i) { b in
            var hi: UInt64 = 0, lo: UInt64 = 0
            for k in 0..<8 { hi = hi << 8 | UInt64(k < b.count ? b[k] : 0) }
            for k in 8..<16 { lo = lo << 8 | UInt64(k < b.count ? b[k] : 0) }
            return (hi, lo)
        }
    }
}

/// Byte-order comparison of two Swift strings' UTF-8 text.
public func utf8Less(_ a: String, _ b: String) -> Bool {
    var a = a, b = b
    return a.withUTF8 { x in b.withUTF8 { y in _bytesLess(x, y) } }
}
