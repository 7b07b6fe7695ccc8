import Testing
@testable import KexieIO

@Suite struct TextDecodingTests {
    @Test func stripsTheUTF8ByteOrderMark() throws {
        let (text, encoding) = try _TextDecoding.utf8Text([0xEF, 0xBB, 0xBF] + Array("id,名".utf8))
        #expect(encoding == .utf8)
        #expect(String(decoding: text, as: UTF8.self) == "id,名")
    }

    @Test func fallsBackToGB18030() throws {
        // "天津" in GB18030.
        let (text, encoding) = try _TextDecoding.utf8Text(Array("id,".utf8) + [0xCC, 0xEC, 0xBD, 0xF2])
        #expect(encoding == .gb18030)
        #expect(String(decoding: text, as: UTF8.self) == "id,天津")
    }

    @Test func rejectsBytesThatAreNeitherWithTheOffset() {
        #expect {
            _ = try _TextDecoding.utf8Text(Array("id,name\n1,".utf8) + [0xFF, 0x41])
        } throws: { error in
            guard let e = error as? _EncodingError else { return false }
            return e.offset == 10 && e.message.contains("neither UTF-8") && e.message.contains("GB18030")
        }
    }

    @Test func namesUTF16() {
        #expect {
            _ = try _TextDecoding.utf8Text([0xFF, 0xFE, 0x69, 0x00, 0x64, 0x00])
        } throws: { ($0 as? _EncodingError)?.message.contains("UTF-16") == true }
    }

    @Test(arguments: [
        ([0xC0, 0x80], 0),            // overlong NUL
        ([0x41, 0xED, 0xA0, 0x80], 1), // surrogate
        ([0xF4, 0x90, 0x80, 0x80], 0), // above U+10FFFF
        ([0x41, 0x42, 0xE5, 0xA4], 2), // truncated sequence
    ] as [([UInt8], Int)])
    func findsTheFirstIllFormedUTF8Byte(_ bytes: [UInt8], _ offset: Int) {
        #expect(_TextDecoding.firstInvalidUTF8(bytes) == offset)
    }

    @Test func acceptsWellFormedUTF8() {
        #expect(_TextDecoding.firstInvalidUTF8(Array("天津市 abc 😀 é".utf8)) == nil)
        #expect(_TextDecoding.firstInvalidUTF8(Array(String(repeating: "abcdefgh", count: 100).utf8)) == nil)
    }

    @Test func agreesWithTheStandardLibraryOnRandomText() {
        // Chinese text, ASCII and stray bytes of every kind at random: the first ill-formed byte
        // is where the standard library's decoder first repairs (or nil when it repairs nothing).
        let pieces: [[UInt8]] = [Array("天津市滨海新区".utf8), Array("abcdefghijklmnopq,".utf8), Array("😀é".utf8),
                                 [0xE0, 0xA0, 0x80], [0xE0, 0x80, 0x80], [0xED, 0x9F, 0xBF], [0xED, 0xA0, 0x80],
                                 [0xEF, 0xBF, 0xBF], [0xE5, 0xA4], [0x80], [0xC2], [0xF0, 0x90, 0x80, 0x80], [0xFF]]
        var state: UInt64 = 7
        func next() -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int(truncatingIfNeeded: state >> 33)
        }
        func reference(_ bytes: [UInt8]) -> Int? {
            var offset = 0
            var iterator = bytes.makeIterator()
            var decoder = UTF8()
            while true {
                switch decoder.decode(&iterator) {
                case .scalarValue(let scalar): offset += UTF8.width(scalar)
                case .emptyInput: return nil
                case .error: return offset
                }
            }
        }
        for _ in 0..<2_000 {
            var bytes: [UInt8] = []
            for _ in 0..<(next() % 12) {
                // Mostly well-formed pieces, so that errors turn up at every depth.
                bytes += pieces[next() % 8 == 0 ? 3 + next() % (pieces.count - 3) : next() % 3]
            }
            #expect(_TextDecoding.firstInvalidUTF8(bytes) == reference(bytes), "\(bytes)")
        }
    }
}
