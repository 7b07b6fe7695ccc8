import Foundation
import Testing
@testable import KexieMachinery

/// `_ByteWriter` against byte-at-a-time references: every escaping on edge and random inputs of
/// every length around the eight-byte steps, integers, decimals, dates, and streaming in pieces.
@Suite struct ByteWriterTests {
    // MARK: References, one byte at a time

    static func hex(_ b: UInt8) -> [UInt8] { Array(String(format: "%02x", b).utf8) }

    static func referenceJSON(_ s: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        var i = 0
        while i < s.count {
            let b = s[i]
            if b == 0xE2, i + 2 < s.count, s[i + 1] == 0x80, s[i + 2] == 0xA8 || s[i + 2] == 0xA9 {
                out += Array((s[i + 2] == 0xA8 ? "\\u2028" : "\\u2029").utf8)
                i += 3
                continue
            }
            switch b {
            case 0x22: out += Array("\\\"".utf8)
            case 0x5C: out += Array("\\\\".utf8)
            case 0x0A: out += Array("\\n".utf8)
            case 0x0D: out += Array("\\r".utf8)
            case 0x09: out += Array("\\t".utf8)
            case 0x00..<0x20, 0x7F: out += Array("\\u00".utf8) + hex(b)
            default: out.append(b)
            }
            i += 1
        }
        return out
    }

    static func referenceXML(_ s: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        var i = 0
        while i < s.count {
            let b = s[i]
            if b == 0xEF, i + 2 < s.count, s[i + 1] == 0xBF, s[i + 2] >= 0xBE {
                out += [0xEF, 0xBF, 0xBD]
                i += 3
                continue
            }
            switch b {
            case UInt8(ascii: "&"): out += Array("&amp;".utf8)
            case UInt8(ascii: "<"): out += Array("&lt;".utf8)
            case UInt8(ascii: ">"): out += Array("&gt;".utf8)
            case UInt8(ascii: "\""): out += Array("&quot;".utf8)
            case UInt8(ascii: "'"): out += Array("&apos;".utf8)
            case 0x09: out += Array("&#9;".utf8)
            case 0x0A: out += Array("&#10;".utf8)
            case 0x0D: out += Array("&#13;".utf8)
            case 0x00..<0x20: out += [0xEF, 0xBF, 0xBD]
            default: out.append(b)
            }
            i += 1
        }
        return out
    }

    static func referenceHTML(_ s: [UInt8]) -> [UInt8] {
        s.flatMap { b -> [UInt8] in
            switch b {
            case UInt8(ascii: "&"): Array("&amp;".utf8)
            case UInt8(ascii: "<"): Array("&lt;".utf8)
            case UInt8(ascii: ">"): Array("&gt;".utf8)
            case UInt8(ascii: "\""): Array("&quot;".utf8)
            case UInt8(ascii: "'"): Array("&#39;".utf8)
            default: [b]
            }
        }
    }

    static func referenceCSV(_ s: [UInt8], prefix: UInt8? = nil) -> [UInt8] {
        let body = (prefix.map { [$0] } ?? []) + s
        guard s.contains(where: { $0 == 0x2C || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }) else { return body }
        return [0x22] + body.flatMap { $0 == 0x22 ? [0x22, 0x22] : [$0] } + [0x22]
    }

    // MARK: Inputs

    /// Pieces that escapings treat specially, and ordinary ones: controls, DEL, quotes,
    /// markup, U+2028/U+2029 and their near misses, U+FFFE/U+FFFF, CJK, a lone lead byte.
    static let pieces: [[UInt8]] = [
        [0x00], [0x01], [0x09], [0x0A], [0x0D], [0x1F], [0x20], [0x7F], [0x80], [0xFF],
        Array("\"".utf8), Array("\\".utf8), Array("&".utf8), Array("<".utf8), Array(">".utf8), Array("'".utf8), Array(",".utf8),
        Array("a".utf8), Array("Z9".utf8), Array("\u{2028}".utf8), Array("\u{2029}".utf8), Array("\u{2027}".utf8),
        [0xE2], [0xE2, 0x80], [0xE2, 0x81, 0xA8], [0xEF, 0xBF, 0xBE], [0xEF, 0xBF, 0xBF], [0xEF, 0xBF, 0xBD], [0xEF, 0xBF],
        Array("中".utf8), Array("科学技术协会".utf8), Array("é".utf8),
    ]

    /// Edge inputs: empty, each piece alone, each piece at every offset of a 17-byte ASCII run
    /// (so that it falls in every lane of a word and in the tail), and every piece at the end.
    static var edgeInputs: [[UInt8]] {
        var inputs: [[UInt8]] = [[]]
        for p in pieces {
            inputs.append(p)
            for offset in 0...17 {
                inputs.append([UInt8](repeating: UInt8(ascii: "x"), count: offset) + p + [UInt8](repeating: UInt8(ascii: "y"), count: 17 - offset))
            }
        }
        return inputs
    }

    /// Random inputs of 0–64 bytes: pieces mostly, runs of ASCII and arbitrary bytes sometimes.
    static func randomInputs(count: Int, seed: UInt64) -> [[UInt8]] {
        var state = seed
        func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        return (0..<count).map { _ in
            var s: [UInt8] = []
            let length = Int(next() % 65)
            while s.count < length {
                switch next() % 4 {
                case 0: s += [UInt8](repeating: UInt8(ascii: "a") + UInt8(next() % 26), count: Int(next() % 12))
                case 1: s.append(UInt8(truncatingIfNeeded: next()))
                default: s += pieces[Int(next() % UInt64(pieces.count))]
                }
            }
            return s
        }
    }

    static var inputs: [[UInt8]] { edgeInputs + randomInputs(count: 3000, seed: 15) }

    static func written(_ body: (inout _ByteWriter) -> Void) -> [UInt8] {
        var w = _ByteWriter(capacity: 0)
        body(&w)
        w._checkInvariants()
        return w.bytes
    }

    // MARK: Escapings

    @Test func jsonEscapingMatchesTheReference() {
        for s in Self.inputs {
            let got = s.withUnsafeBufferPointer { b in Self.written { $0.append(jsonString: b) } }
            #expect(got == [0x22] + Self.referenceJSON(s) + [0x22], "\(s)")
        }
    }

    @Test func xmlEscapingMatchesTheReference() {
        for s in Self.inputs {
            let got = s.withUnsafeBufferPointer { b in Self.written { $0.append(b, escaping: _XMLEscaping.self) } }
            #expect(got == Self.referenceXML(s), "\(s)")
        }
    }

    @Test func htmlEscapingMatchesTheReference() {
        for s in Self.inputs {
            let got = s.withUnsafeBufferPointer { b in Self.written { $0.append(b, escaping: _HTMLEscaping.self) } }
            #expect(got == Self.referenceHTML(s), "\(s)")
        }
    }

    @Test func csvQuotingMatchesTheReference() {
        for s in Self.inputs {
            for prefix: UInt8? in [nil, UInt8(ascii: "'")] {
                let got = s.withUnsafeBufferPointer { b in Self.written { $0.append(csvCell: b, prefix: prefix) } }
                #expect(got == Self.referenceCSV(s, prefix: prefix), "\(s)")
            }
        }
    }

    @Test func escapedStringIsTheSameStringWhenNothingChanges() {
        #expect(_ByteWriter.escaped("科学技术协会 plain", _HTMLEscaping.self) == "科学技术协会 plain")
        #expect(_ByteWriter.escaped("a<b>&'\"", _HTMLEscaping.self) == "a&lt;b&gt;&amp;&#39;&quot;")
        #expect(_ByteWriter.escaped("line\u{2028}sep\u{7F}", _JSONEscaping.self) == "line\\u2028sep\\u007f")
    }

    // MARK: Numbers and dates

    @Test func integersAsStringWritesThem() {
        var values = [0, 1, -1, 9, 10, -10, 99, 100, Int.max, Int.min, Int.min + 1, Int.max - 1]
        var p = 1
        for _ in 0..<18 { p *= 10; values += [p - 1, p, p + 1, -p + 1, -p, -p - 1] }
        for v in values {
            #expect(Self.written { $0.append(int: v) } == Array(String(v).utf8))
        }
    }

    @Test func paddedIntegers() {
        func reference(_ v: Int, _ width: Int) -> String {
            let s = String(v)
            return String(repeating: "0", count: max(0, width - (v < 0 ? 1 : s.count))) + s
        }
        for v in [0, 1, 7, 10, 99, 123, 2020, 9999, 10000, 123_456, -5] {
            for width in 0...6 {
                #expect(Self.written { $0.append(int: v, width: width) } == Array(reference(v, width).utf8), "\(v) \(width)")
            }
        }
    }

    @Test func dates() {
        #expect(Self.written { $0.append(year: 2020, month: 1, day: 9) } == Array("2020-01-09".utf8))
        #expect(Self.written { $0.append(year: 1, month: 12, day: 31) } == Array("0001-12-31".utf8))
        #expect(Self.written { $0.append(year: 9999, month: 10, day: 10) } == Array("9999-10-10".utf8))
        #expect(Self.written { $0.append(year: 12345, month: 2, day: 28) } == Array("12345-02-28".utf8))
    }

    /// The JSON form: integral values below 1e16 as `N.0`, everything else as `description`.
    static func referenceDecimal(_ d: Double) -> String {
        if d.isFinite, d == d.rounded(.towardZero), abs(d) < 1e16, !(d == 0 && d.sign == .minus) { return "\(Int(d)).0" }
        return d.description
    }

    @Test func decimalsAsTheJSONWriterWritesThem() {
        var values: [Double] = [0, -0.0, 1, -1, 0.5, 0.1, 0.2, 0.3, 1.0 / 3, 2.0 / 3, 123.456, 1e-4, 9.99e-5, 1e-5, 0.00012345,
                                1e15, 1e15 - 0.5, 999_999_999_999_999.9, 1e16, 9_007_199_254_740_994, 123_456_789_012_345.6,
                                .pi, -.pi, .ulpOfOne, .leastNormalMagnitude, .greatestFiniteMagnitude, .nan, .infinity, -.infinity]
        var state: UInt64 = 42
        for _ in 0..<20_000 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            values.append(Double(bitPattern: state))
            values.append(Double(Int64(bitPattern: state) % 1_000_000_000) / [1, 10, 100, 1000, 1e4, 1e6, 1e9][Int(state >> 61) % 7])
        }
        for d in values {
            #expect(String(decoding: Self.written { $0.append(decimal: d) }, as: UTF8.self) == Self.referenceDecimal(d), "\(d.bitPattern)")
        }
    }

    // MARK: Raw bytes and streaming

    @Test func repeatedBytesAndGrowth() {
        var w = _ByteWriter(capacity: 0)
        for n in [0, 1, 7, 8, 9, 100, 1000] {
            w.removeAll()
            w.append(UInt8(ascii: " "), repeating: n)
            w._checkInvariants()
            let bytes = w.bytes
            #expect(bytes == [UInt8](repeating: 0x20, count: n))
        }
    }

    /// A streaming writer hands on pieces that put together are the text an in-memory writer
    /// keeps: each piece at least the threshold (but the last), the counts adding up.
    @Test func streamingAcrossPieceBoundaries() {
        for threshold in [1, 3, 8, 13, 64] {
            var whole = _ByteWriter()
            var streamed = _ByteWriter(flushThreshold: threshold)
            var pieces: [[UInt8]] = []
            for (k, s) in Self.randomInputs(count: 300, seed: UInt64(threshold)).enumerated() {
                func write(_ w: inout _ByteWriter) {
                    s.withUnsafeBufferPointer { w.append(jsonString: $0) }
                    w.append(int: k)
                    w.append(decimal: Double(k) / 7)
                    w.append(year: 2000 + k, month: 1 + k % 12, day: 1 + k % 28)
                    s.withUnsafeBufferPointer { w.append(csvCell: $0) }
                    w.append(UInt8(ascii: "\n"))
                }
                write(&whole)
                write(&streamed)
                streamed.flushIfFull { pieces.append(Array($0)) }
                streamed._checkInvariantsAfterFlushIfFull()
            }
            for piece in pieces { #expect(piece.count >= threshold) }
            streamed.flush { pieces.append(Array($0)) }
            streamed._checkInvariants()
            let (isEmpty, flushed, wholeBytes) = (streamed.isEmpty, streamed.flushedCount, whole.bytes)
            #expect(isEmpty)
            #expect(pieces.joined().elementsEqual(wholeBytes))
            #expect(flushed == wholeBytes.count)
        }
    }

    @Test func aThrowingSinkKeepsTheBytes() {
        struct Full: Error {}
        var w = _ByteWriter(flushThreshold: 4)
        w.append("abcdef")
        var threw = false
        do { try w.flushIfFull { (_) throws(Full) in throw Full() } } catch { threw = true }
        #expect(threw)
        let (bytes, flushed) = (w.bytes, w.flushedCount)
        #expect(bytes == Array("abcdef".utf8))
        #expect(flushed == 0)
        w._checkInvariants()
    }
}

/// `_inParallel(here:beside:)`: `here` on the calling thread, both results returned.
@Suite struct ParallelHereTests {
    @Test func hereRunsOnTheCallingThreadAndBothResultsReturn() {
        let caller = pthread_self()
        for _ in 0..<50 {
            var log: [Int] = []
            let (a, b) = _inParallel(here: { () -> Bool in
                log.append(1)
                return pthread_equal(pthread_self(), caller) != 0
            }, beside: { (1...1000).reduce(0, +) })
            #expect(a)
            #expect(b == 500_500)
            #expect(log == [1])
        }
    }
}
