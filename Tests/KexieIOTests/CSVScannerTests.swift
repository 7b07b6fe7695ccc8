import Testing
import KexieMachinery
@testable import KexieIO

/// Records of `text` as (start line, fields, defect).
private func scan(_ text: String) -> [(line: Int, fields: [String], defect: _CSVScanner.Defect?)] {
    scan(Array(text.utf8))
}

/// Records of `bytes`; `fastPath: false` reads every record with the general path.
private func scan(_ bytes: [UInt8], maxFields: Int = LoadLimits.columns, fastPath: Bool = true)
    -> [(line: Int, fields: [String], defect: _CSVScanner.Defect?)] {
    var bytes = bytes
    return bytes.withUnsafeMutableBufferPointer { buffer in
        var scanner = _CSVScanner(buffer, maxFields: maxFields, fastPath: fastPath)
        var defect: _CSVScanner.Defect?
        var out: [(Int, [String], _CSVScanner.Defect?)] = []
        while let line = scanner.next(defect: &defect) {
            out.append((line, scanner.fields.map { String(decoding: scanner.bytes($0), as: UTF8.self) }, defect))
        }
        return out
    }
}

@Suite struct CSVScannerTests {
    @Test func plainRecordsWithLFAndCRLF() {
        let r = scan("a,b,c\r\n1,2,3\n4,,6")
        #expect(r.map(\.fields) == [["a", "b", "c"], ["1", "2", "3"], ["4", "", "6"]])
        #expect(r.map(\.line) == [1, 2, 3])
        #expect(r.allSatisfy { $0.defect == nil })
    }

    @Test func quotedFieldsWithCommasQuotesAndNewlines() {
        let r = scan("id,name\n1,\"天津,滨海\"\n2,\"say \"\"hi\"\"\"\n3,\"two\nlines\"\n4,x\n")
        #expect(r.map(\.fields) == [["id", "name"], ["1", "天津,滨海"], ["2", "say \"hi\""], ["3", "two\nlines"], ["4", "x"]])
        // The record after a quoted line break starts one physical line later.
        #expect(r.map(\.line) == [1, 2, 3, 4, 6])
    }

    @Test func blanksAroundQuotesAndTrailingCommas() {
        let r = scan("a, \"b\" ,c,\n")
        #expect(r[0].fields == ["a", "b", "c", ""])
        #expect(r[0].defect == nil)
        #expect(scan("a,")[0].fields == ["a", ""])
    }

    @Test func loneCarriageReturnEndsARecord() {
        let r = scan("a\rb\r\nc")
        #expect(r.map(\.fields) == [["a"], ["b"], ["c"]])
        #expect(r.map(\.line) == [1, 2, 3])
    }

    @Test func quoteInsideAnUnquotedFieldIsLiteral() {
        #expect(scan("5\"3,x")[0].fields == ["5\"3", "x"])
    }

    @Test func unterminatedQuoteIsReportedAtTheLineItOpens() {
        let r = scan("a,b\n1,\"open\n2,3\n")
        #expect(r.count == 2)
        #expect(r[1].defect == .unterminatedQuote(field: 1, line: 2))
    }

    @Test func textAfterClosingQuote() {
        let r = scan("\"ab\"c,d\nx,y")
        #expect(r[0].defect == .textAfterClosingQuote(field: 0, line: 1))
        #expect(r[1].fields == ["x", "y"])
    }

    @Test func controlCharacters() {
        #expect(scan("a,b\u{07}c")[0].defect == .controlCharacter(scalar: 7, field: 1, line: 1))
        #expect(scan("a\n\"x\u{0}\"")[1].defect == .controlCharacter(scalar: 0, field: 0, line: 2))
        #expect(scan("a,\u{85}")[0].defect == .controlCharacter(scalar: 0x85, field: 1, line: 1))
        #expect(scan("a,\u{7F}")[0].defect == .controlCharacter(scalar: 0x7F, field: 1, line: 1))
        #expect(scan("a\tb,\"c\r\nd\"")[0].defect == nil)
        #expect(scan("a,\u{A0}é")[0].defect == nil)  // C2 A0 is a no-break space, not a C1 control
    }

    @Test func emptyInput() {
        #expect(scan("").isEmpty)
    }

    @Test func wordTestAgreesWithBytes() {
        // The eight-byte test must flag every word holding a byte the field loop stops at.
        func stops(_ b: UInt8) -> Bool { b <= 0x2C || b == 0x7F || b == 0xC2 }
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        for _ in 0..<20_000 {
            var word = next()
            // Random bytes lifted above the stop range, with one stop byte planted half of the time.
            var bytes = withUnsafeBytes(of: &word) { Array($0) }.map { $0 < 0x2D ? $0 | 0x40 : $0 }
            if next() & 1 == 0 { bytes[Int(next() % 8)] = [0x2C, 0x22, 0x0A, 0x0D, 0x00, 0x7F, 0xC2, 0x2B][Int(next() % 8)] }
            let packed = bytes.withUnsafeBytes { $0.loadUnaligned(as: UInt64.self) }
            if bytes.contains(where: stops) {
                #expect(_CSVScanner.mayEndField(_ByteWord(bits: packed)), "missed a stop byte in \(bytes)")
            }
        }
        #expect(!_CSVScanner.mayEndField(_ByteWord(bits: 0x3030_3030_3030_3030)))  // "00000000"
        #expect(!_CSVScanner.mayEndField(_ByteWord(bits: 0xE5A4_A9E6_B4A5_E5B8)))  // Chinese text bytes
    }

    @Test func specialByteMaskIsExact() {
        // Every byte value alone in every position of a word: flagged exactly when it is below
        // the comma or is DEL or 0xC2, and nowhere else.
        func special(_ b: UInt8) -> Bool { b <= 0x2C || b == 0x7F || b == 0xC2 }
        for value in 0...255 {
            for position in 0..<8 {
                // Neighbours of both kinds: an ordinary letter and a high byte.
                var bytes: [UInt8] = [0x41, 0xFF, 0x41, 0x80, 0x41, 0xC3, 0x7E, 0x2D]
                bytes[position] = UInt8(value)
                let word = bytes.withUnsafeBytes { UInt64(littleEndian: $0.loadUnaligned(as: UInt64.self)) }
                let expected: UInt64 = special(UInt8(value)) ? 0x80 << (8 * UInt64(position)) : 0
                #expect(_CSVScanner.specialBytes(_ByteWord(bits: word)) == expected, "byte \(value) at \(position)")
            }
        }
        // Neighbours do not disturb each other (no carries between bytes).
        let mixed: [UInt8] = [0x2C, 0x00, 0xFF, 0x22, 0x7F, 0xC2, 0x20, 0x0A]
        let word = mixed.withUnsafeBytes { UInt64(littleEndian: $0.loadUnaligned(as: UInt64.self)) }
        #expect(_CSVScanner.specialBytes(_ByteWord(bits: word)) == 0x8080_8080_8000_8080)
    }

    @Test func fastPathAgreesWithTheGeneralPath() {
        // Random records from an alphabet of the bytes that matter, read with and without the
        // fast path: the same fields, lines and defects, field limit included.
        let alphabet: [UInt8] = Array("a,,\"\n\r\t 0".utf8) + [0x00, 0x07, 0x7F, 0xC2, 0x85, 0xA0, 0xE5, 0xA4, 0xA9]
        var state: UInt64 = 42
        func next() -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int(truncatingIfNeeded: state >> 33)
        }
        for _ in 0..<3_000 {
            let length = next() % 40
            // Plain text most of the time, so that the fast path is taken, with rare special bytes.
            let bytes = (0..<length).map { _ in next() % 4 == 0 ? alphabet[next() % alphabet.count] : UInt8(0x61 + next() % 3) }
            for maxFields in [3, LoadLimits.columns] {
                let fast = scan(bytes, maxFields: maxFields, fastPath: true)
                let general = scan(bytes, maxFields: maxFields, fastPath: false)
                #expect(fast.map(\.line) == general.map(\.line), "lines of \(bytes)")
                #expect(fast.map(\.fields) == general.map(\.fields), "fields of \(bytes)")
                #expect(fast.map(\.defect) == general.map(\.defect), "defects of \(bytes)")
            }
        }
    }

    @Test func fastPathRecordsAtTheEdges() {
        // Records longer than a word, ending exactly at a word's end, and the tail without a line break.
        let text = "abcdefg,\nabcdefgh\r\n12345678,12345678\nx,\u{A0}y\tz,\u{5929}\u{6D25}\nlast,"
        #expect(scan(text).map(\.fields) == [["abcdefg", ""], ["abcdefgh"], ["12345678", "12345678"],
                                             ["x", "\u{A0}y\tz", "天津"], ["last", ""]])
        #expect(scan(text).map(\.line) == [1, 2, 3, 4, 5])
    }
}
