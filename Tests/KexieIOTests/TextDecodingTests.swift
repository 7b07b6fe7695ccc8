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

/// Text that is not all UTF-8: read as GB18030, unless it is mostly UTF-8 (more lines of
/// non-ASCII text valid than not), when the invalid lines are errors of their own.
@Suite struct MostlyUTF8Tests {
    private let gbk王五: [UInt8] = [0xCD, 0xF5, 0xCE, 0xE5]

    private func table(_ lineEnd: String) -> [UInt8] {
        Array(("id,name,category" + lineEnd + "P1,张三,teacher" + lineEnd + "P2,李四,teacher" + lineEnd + "P3,").utf8)
            + gbk王五 + Array((",teacher" + lineEnd + "P4,赵六,teacher" + lineEnd).utf8)
    }

    @Test(arguments: ["\n", "\r", "\r\n"])
    func oneGBKRowInAUTF8TableIsAnErrorOfItsLine(_ lineEnd: String) throws {
        let decoded = try _TextDecoding.decode(table(lineEnd))
        #expect(decoded.encoding == .utf8)
        #expect(decoded.invalidLines == [_InvalidUTF8Line(line: 4, bytes: gbk王五)])
        #expect(decoded.validLines == 3)
        let text = String(decoding: decoded.text, as: UTF8.self)
        #expect(text.contains("张三") && text.contains("赵六") && text.contains("P3,\u{FFFD},teacher"), "\(text)")
    }

    @Test func aTableThatIsAllGB18030IsStillReadAsGB18030() throws {
        // Each GBK line here happens to hold a pair of bytes that is valid UTF-8 (黄 is BB C6,
        // and C6 B5 is U+01B5), yet every line has invalid bytes as well.
        var bytes = Array("id,name,category\n".utf8)
        // 张三, 李四, 黄频, 王五 in GBK.
        for name: [UInt8] in [[0xD5, 0xC5, 0xC8, 0xFD], [0xC0, 0xEE, 0xCB, 0xC4], [0xBB, 0xC6, 0xC6, 0xB5], gbk王五] {
            bytes += Array("P,".utf8) + name + Array(",teacher\n".utf8)
        }
        let decoded = try _TextDecoding.decode(bytes)
        #expect(decoded.encoding == .gb18030)
        #expect(decoded.invalidLines.isEmpty)
        #expect(String(decoding: decoded.text, as: UTF8.self).contains("黄频"))
    }

    @Test func asManyInvalidLinesAsValidOnesIsNotMostlyUTF8() {
        // One valid line, one invalid: GB18030 is tried (and fails here, 0xFF is in neither).
        #expect {
            _ = try _TextDecoding.decode(Array("id,name\n1,张三\n2,".utf8) + [0xFF, 0xFE])
        } throws: { ($0 as? _EncodingError)?.message.contains("neither UTF-8") == true }
        let survey = (Array("a\n张三\n".utf8) + [0xFF] + Array("\n李四\n".utf8)).withUnsafeBufferPointer { _UTF8Survey($0) }
        #expect(survey.validLines == 2 && survey.invalidLines.map(\.line) == [3] && survey.isMostlyUTF8)
    }

    @Test func aYAMLFileThatIsMostlyUTF8NamesItsInvalidLine() {
        #expect {
            _ = try _TextDecoding.utf8Text(Array("a: 张三\nb: 李四\nc: ".utf8) + gbk王五 + [0x0A])
        } throws: { ($0 as? _EncodingError)?.message.hasPrefix("line 3: bytes that are not UTF-8 (0xCD 0xF5 0xCE 0xE5)") == true }
    }
}
