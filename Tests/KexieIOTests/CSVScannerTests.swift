import Testing
@testable import KexieIO

/// Records of `text` as (start line, fields, defect).
private func scan(_ text: String) -> [(line: Int, fields: [String], defect: _CSVScanner.Defect?)] {
    var bytes = Array(text.utf8)
    return bytes.withUnsafeMutableBufferPointer { buffer in
        var scanner = _CSVScanner(buffer)
        var fields: [_CSVScanner.Field] = []
        var defect: _CSVScanner.Defect?
        var out: [(Int, [String], _CSVScanner.Defect?)] = []
        while let line = scanner.next(into: &fields, defect: &defect) {
            out.append((line, fields.map { String(decoding: scanner.bytes($0), as: UTF8.self) }, defect))
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
                #expect(_CSVScanner.mayEndField(packed), "missed a stop byte in \(bytes)")
            }
        }
        #expect(!_CSVScanner.mayEndField(0x3030_3030_3030_3030))  // "00000000"
        #expect(!_CSVScanner.mayEndField(0xE5A4_A9E6_B4A5_E5B8))  // Chinese text bytes
    }
}
