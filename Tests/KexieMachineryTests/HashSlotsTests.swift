import XCTest
@testable import KexieMachinery

/// `_HashSlots` against a `Set` of the same words: membership, count, growth with the owner's
/// values moved along, and the invariants after every step.
final class HashSlotsTests: XCTestCase {
    /// A deliberately poor hash (only the low byte), so that probes run long and wrap around.
    enum LowByte: _SlotHashing {
        static func home(of word: UInt64) -> UInt64 { word & 0xFF }
    }

    enum Identity: _SlotHashing {
        static func home(of word: UInt64) -> UInt64 { word }
    }

    /// Inserts `word` unless present, keeping `values[slot] == word &* 3` beside it.
    private func insert<H>(_ word: UInt64, into table: inout _HashSlots<H>, values: inout [UInt64]) -> Bool {
        let (slot, found) = table.probe(hash: H.home(of: word)) { $0 == word }
        if found { return false }
        let size = table.words.count
        var moved = [UInt64](repeating: 0, count: size * 2)
        let grew = table.fill(slot, with: word) { [values] from, to in moved[to] = values[from] }
        if grew { values = moved }
        values[table.probe(hash: H.home(of: word)) { $0 == word }.slot] = word &* 3
        return true
    }

    func testAgainstASetWithCollisionsAndGrowth() {
        var table = _HashSlots<LowByte>(minimumSize: 4)
        var values = [UInt64](repeating: 0, count: table.words.count)
        var reference = Set<UInt64>()
        var g = SystemRandomNumberGenerator()
        for step in 0..<3_000 {
            let word = UInt64.random(in: 1...5_000, using: &g)
            XCTAssertEqual(insert(word, into: &table, values: &values), reference.insert(word).inserted)
            XCTAssertEqual(table.count, reference.count)
            if step % 97 == 0 { table._checkInvariants() }
        }
        table._checkInvariants()
        for word in UInt64(1)...5_000 {
            let (slot, found) = table.probe(hash: LowByte.home(of: word)) { $0 == word }
            XCTAssertEqual(found, reference.contains(word), "word \(word)")
            if found { XCTAssertEqual(values[slot], word &* 3, "the value of \(word) did not move with it") }
        }
    }

    func testSizesArePowersOfTwoAtMostHalfFull() {
        XCTAssertEqual(_HashSlots<Identity>(minimumSize: 16).words.count, 16)
        XCTAssertEqual(_HashSlots<Identity>(minimumSize: 16, capacity: 8).words.count, 16)
        XCTAssertEqual(_HashSlots<Identity>(minimumSize: 16, capacity: 9).words.count, 32)
        XCTAssertEqual(_HashSlots<Identity>(minimumSize: 1024, capacity: 3_000).words.count, 8192)
        var table = _HashSlots<Identity>(minimumSize: 4)
        var values = [UInt64](repeating: 0, count: 4)
        // Two words in four slots is half full; the third doubles the table.
        XCTAssertTrue(insert(1, into: &table, values: &values))
        XCTAssertTrue(insert(2, into: &table, values: &values))
        XCTAssertEqual(table.words.count, 4)
        XCTAssertTrue(insert(3, into: &table, values: &values))
        XCTAssertEqual(table.words.count, 8)
        table.reserveCapacity(100)
        XCTAssertEqual(table.words.count, 256)
        table.reserveCapacity(10)
        XCTAssertEqual(table.words.count, 256, "reserving never shrinks")
        table._checkInvariants()
    }

    func testProbeWrapsAroundTheEnd() {
        var table = _HashSlots<Identity>(minimumSize: 8)
        var values = [UInt64](repeating: 0, count: 8)
        // 7, 15 and 23 all have home slot 7: the second and third wrap to slots 0 and 1.
        for w: UInt64 in [7, 15, 23] { XCTAssertTrue(insert(w, into: &table, values: &values)) }
        XCTAssertEqual(table.words.count, 8)
        XCTAssertEqual(table.probe(hash: 23) { $0 == 23 }.slot, 1)
        XCTAssertFalse(table.probe(hash: 31) { $0 == 31 }.found)
        table._checkInvariants()
    }
}
