/// Strings interned to dense indices `0..<count`, in insertion order.
///
/// Used for every identifier column (region, organization, person, institution ids) and for the
/// small open vocabularies (region kinds, person categories). Lookup hashes the UTF-8 bytes
/// (FNV-1a) into an open-addressing table of `Int32` slots, so looking up a cell never creates a
/// `String`.
///
/// - Invariant: `strings[i]` is unique; `slots` has a power-of-two count at least twice `count`.
/// - Complexity: `insert` and `index(of:)` are O(length of the string) expected.
public struct InternedStrings: Sendable, Equatable {
    /// The interned strings, index `i` at row `i`.
    public private(set) var strings = StringColumn()
    private var hashes: [UInt32] = []
    private var slots: [Int32] = Array(repeating: -1, count: 16)

    public init() {}

    /// Interns each string in order; duplicates keep their first index.
    public init<S: Sequence>(_ values: S) where S.Element == String {
        for v in values { _ = insert(v) }
    }

    /// The number of distinct strings.
    public var count: Int { strings.count }

    /// The string with index `i`.
    public subscript(i: Int) -> String { strings[i] }

    /// The index of `bytes`, or `nil` when it was never inserted.
    public func index(ofUTF8 bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        let h = Self.hash(bytes)
        let mask = slots.count - 1
        var slot = Int(h) & mask
        return slots.withUnsafeBufferPointer { slots in
            while true {
                let entry = slots[slot]
                if entry < 0 { return nil }
                if hashes[Int(entry)] == h, strings.withUTF8(Int(entry), { $0.elementsEqual(bytes) }) {
                    return Int(entry)
                }
                slot = (slot + 1) & mask
            }
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
        let mask = slots.count - 1
        var slot = Int(h) & mask
        while true {
            let entry = slots[slot]
            if entry < 0 { break }
            if hashes[Int(entry)] == h, strings.withUTF8(Int(entry), { $0.elementsEqual(bytes) }) {
                return (Int(entry), false)
            }
            slot = (slot + 1) & mask
        }
        let index = strings.count
        precondition(index < Int(Int32.max), "too many distinct strings")
        strings.append(utf8: bytes)
        hashes.append(h)
        slots[slot] = Int32(index)
        if strings.count * 2 > slots.count { grow() }
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
        hashes.reserveCapacity(count)
        var size = 16
        while size < count * 2 + 2 { size <<= 1 }
        if size > slots.count { rehash(size: size) }
    }

    private mutating func grow() { rehash(size: slots.count * 2) }

    private mutating func rehash(size: Int) {
        var fresh = [Int32](repeating: -1, count: size)
        let mask = size - 1
        for (i, h) in hashes.enumerated() {
            var slot = Int(h) & mask
            while fresh[slot] >= 0 { slot = (slot + 1) & mask }
            fresh[slot] = Int32(i)
        }
        slots = fresh
    }

    @inline(__always)
    static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt32 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in bytes { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01b3 }
        return UInt32(truncatingIfNeeded: h ^ (h >> 32))
    }

    public static func == (a: InternedStrings, b: InternedStrings) -> Bool { a.strings == b.strings }
}
