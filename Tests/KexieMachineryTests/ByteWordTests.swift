import XCTest
@testable import KexieMachinery

/// `_ByteWord`'s tests against the byte-at-a-time definition, on every byte value in every
/// position (neighbours chosen to provoke a carry) and on random words.
final class ByteWordTests: XCTestCase {
    /// The mask a byte-at-a-time test gives.
    private func mask(_ bytes: [UInt8], _ passes: (UInt8) -> Bool) -> UInt64 {
        var m: UInt64 = 0
        for (k, b) in bytes.enumerated() where passes(b) { m |= 0x80 << (8 * UInt64(k)) }
        return m
    }

    private func word(_ bytes: [UInt8]) -> _ByteWord {
        bytes.withUnsafeBytes { _ByteWord(loadingFrom: $0.baseAddress!) }
    }

    private func check(_ bytes: [UInt8], file: StaticString = #filePath, line: UInt = #line) {
        let w = word(bytes)
        for probe: UInt8 in [0x00, 0x0A, 0x0D, 0x22, 0x2C, 0x5C, 0x7F, 0x80, 0xC2, 0xE2, 0xFF] {
            XCTAssertEqual(w.bytes(equalTo: probe), mask(bytes) { $0 == probe }, "equal \(probe) in \(bytes)", file: file, line: line)
        }
        for limit: UInt8 in [0x00, 0x01, 0x20, 0x2D, 0x7F, 0x80] {
            XCTAssertEqual(w.bytes(below: limit), mask(bytes) { $0 < limit }, "below \(limit) in \(bytes)", file: file, line: line)
        }
        XCTAssertEqual(w.nonASCIIBytes, mask(bytes) { $0 >= 0x80 }, file: file, line: line)
    }

    func testEveryByteInEveryPositionBesideCarryProvokingNeighbours() {
        for neighbour: UInt8 in [0x00, 0x01, 0x7F, 0x80, 0xFF] {
            for position in 0..<8 {
                for value in 0...255 {
                    var bytes = [UInt8](repeating: neighbour, count: 8)
                    bytes[position] = UInt8(value)
                    check(bytes)
                }
            }
        }
    }

    func testRandomWords() {
        var g = SystemRandomNumberGenerator()
        for _ in 0..<20_000 { check((0..<8).map { _ in UInt8.random(in: 0...255, using: &g) }) }
    }

    func testFirstByteAndCount() {
        let w = word(Array("ab,c,def".utf8))
        let commas = w.bytes(equalTo: UInt8(ascii: ","))
        XCTAssertEqual(_ByteWord.firstByte(commas), 2)
        XCTAssertEqual(_ByteWord.count(commas), 2)
    }
}

/// The short-string copy, equality and byte order against the obvious definitions, for every
/// length around the eight- and four-byte steps.
final class BytesTests: XCTestCase {
    func testCopyEqualAndOrderAtEveryLength() {
        for n in 0...40 {
            let source = (0..<n).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 11) }
            var target = [UInt8](repeating: 0xEE, count: n + 2)
            source.withUnsafeBufferPointer { s in
                target.withUnsafeMutableBufferPointer { t in
                    if n > 0 { _copyBytes(s.baseAddress!, to: t.baseAddress! + 1, count: n) }
                }
            }
            XCTAssertEqual(Array(target[1..<(n + 1)]), source, "copy of \(n)")
            XCTAssertEqual(target.first, 0xEE)
            XCTAssertEqual(target.last, 0xEE, "copy of \(n) wrote past its end")
            guard n > 0 else { continue }
            for changed in 0..<n {
                var other = source
                other[changed] &+= 1
                source.withUnsafeBufferPointer { a in
                    other.withUnsafeBufferPointer { b in
                        XCTAssertFalse(_equalBytes(a.baseAddress!, b.baseAddress!, n))
                        XCTAssertTrue(_equalBytes(a.baseAddress!, a.baseAddress!, n))
                        XCTAssertEqual(_bytesLess(a, b), source.lexicographicallyPrecedes(other))
                        XCTAssertEqual(_bytesLess(b, a), other.lexicographicallyPrecedes(source))
                    }
                }
            }
        }
    }

    func testShorterPrefixSortsFirst() {
        let a: [UInt8] = Array("南开".utf8), b: [UInt8] = Array("南开区".utf8)
        a.withUnsafeBufferPointer { x in
            b.withUnsafeBufferPointer { y in
                XCTAssertTrue(_bytesLess(x, y))
                XCTAssertFalse(_bytesLess(y, x))
                XCTAssertFalse(_bytesLess(x, x))
            }
        }
    }
}
