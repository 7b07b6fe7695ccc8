import KexieMachinery
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The encodings a table may arrive in.
public enum TableEncoding: String, Sendable {
    /// UTF-8, with or without a byte-order mark.
    case utf8 = "UTF-8"
    /// GB18030 (a superset of GBK and GB2312), as Chinese spreadsheet programs save CSV.
    case gb18030 = "GB18030"
}

/// Why a table's bytes are not text kexie can read.
struct _EncodingError: Error {
    var message: String
    var offset: Int?
}

/// A line of a mostly-UTF-8 text that holds bytes that are not UTF-8 (see `_TextDecoding.decode`).
struct _InvalidUTF8Line: Sendable, Equatable {
    /// The physical line (1-based; LF, CRLF and a lone CR each end one, as the CSV scanner counts).
    var line: Int
    /// The first bytes that are not UTF-8 on the line (at most four), for the message.
    var bytes: [UInt8]

    /// What is wrong with the line, for an error at `file:line`.
    func message(validLines: Int) -> String {
        "bytes that are not UTF-8 (\(bytes.map { "0x" + _TextDecoding.hex($0) }.joined(separator: " "))) in a table that is "
            + "otherwise UTF-8 (\(validLines) lines of non-ASCII text are valid UTF-8): this row was probably pasted from a "
            + "GBK/GB18030 file; retype it, or save the whole table as CSV UTF-8"
    }
}

/// A table's text as UTF-8 and how it was read.
struct _DecodedText {
    /// UTF-8 text, without a BOM; each run of bytes that are not UTF-8 of an `invalidLines`
    /// line replaced by U+FFFD.
    var text: [UInt8]
    var encoding: TableEncoding
    /// The lines holding bytes that are not UTF-8, when the text is mostly UTF-8 (each an error
    /// of the file); empty for text read whole as UTF-8 or GB18030.
    var invalidLines: [_InvalidUTF8Line] = []
    /// The lines of non-ASCII text that are valid UTF-8, when `invalidLines` is not empty.
    var validLines = 0
    /// Where each character of `text` that NFKC may change starts, in order (`_NFKC`): empty
    /// for text that needs no normalisation.
    var unstable: [Int] = []
}

/// Turning a table's bytes into UTF-8 text: strip a BOM, validate UTF-8, fall back to GB18030.
///
/// Text that is not valid UTF-8 is read as GB18030 unless it is *mostly UTF-8*: more of its
/// lines with non-ASCII text are valid UTF-8 than hold bytes that are not. GBK text is almost
/// never valid UTF-8 by chance (a line of two Chinese characters is in about one case in
/// fifty, a longer line far less), so a GB18030 table has nearly every such line invalid,
/// while a UTF-8 table with a row pasted from a GBK file has one invalid line among many
/// valid ones. Reading that table as GB18030 would turn every valid name into mojibake; the
/// invalid lines are reported instead.
enum _TextDecoding {
    /// Returns UTF-8 bytes (BOM removed) and the encoding they were read as; throws for text
    /// that is mostly UTF-8 but not all (naming the first invalid line), as well as for text
    /// that is neither UTF-8 nor GB18030.
    static func utf8Text(_ bytes: [UInt8]) throws(_EncodingError) -> (text: [UInt8], encoding: TableEncoding) {
        let decoded = try decode(bytes)
        if let first = decoded.invalidLines.first {
            throw _EncodingError(message: "line \(first.line): " + first.message(validLines: decoded.validLines), offset: nil)
        }
        return (decoded.text, decoded.encoding)
    }

    /// The text of `bytes` as UTF-8: as it is, or with the invalid lines of mostly-UTF-8 text
    /// noted and their invalid bytes replaced, or converted from GB18030.
    static func decode(_ bytes: [UInt8]) throws(_EncodingError) -> _DecodedText {
        if bytes.count >= 2, (bytes[0] == 0xFF && bytes[1] == 0xFE) || (bytes[0] == 0xFE && bytes[1] == 0xFF) {
            let order = bytes[0] == 0xFF ? "little-endian" : "big-endian"
            throw _EncodingError(
                message: "the file is UTF-16 (\(order), it starts with a UTF-16 byte-order mark); save it as CSV UTF-8",
                offset: 0)
        }
        if let order = utf16ByteOrderWithoutBOM(bytes) {
            throw _EncodingError(
                message: "the file is UTF-16 (\(order), without a byte-order mark: every other byte is 0); save it as CSV UTF-8",
                offset: 0)
        }
        var text = bytes
        if text.count >= 3, text[0] == 0xEF, text[1] == 0xBB, text[2] == 0xBF { text.removeFirst(3) }
        var unstable: [Int] = []
        guard let badOffset = firstInvalidUTF8(text, unstable: &unstable) else {
            return _DecodedText(text: text, encoding: .utf8, unstable: unstable)
        }
        let survey = text.withUnsafeBufferPointer { _UTF8Survey($0) }
        if survey.isMostlyUTF8 {
            let replaced = text.withUnsafeBufferPointer(replacingInvalidUTF8)
            return _DecodedText(text: replaced, encoding: .utf8, invalidLines: survey.invalidLines, validLines: survey.validLines,
                                unstable: replaced.withUnsafeBufferPointer(_NFKC.unstableOffsets))
        }
        do {
            let converted = try convertGB18030(text)
            return _DecodedText(text: converted, encoding: .gb18030, unstable: converted.withUnsafeBufferPointer(_NFKC.unstableOffsets))
        } catch {
            let utf8Offset = badOffset + (text.count == bytes.count ? 0 : 3)
            var message = "the file is neither UTF-8 (invalid byte 0x\(hex(bytes[utf8Offset])) at byte offset \(utf8Offset))"
            if let gbOffset = error.offset {
                message += " nor GB18030 (invalid sequence at byte offset \(gbOffset + (text.count == bytes.count ? 0 : 3)))"
            } else {
                message += " nor GB18030 (\(error.message))"
            }
            throw _EncodingError(message: message + "; save it as CSV UTF-8", offset: utf8Offset)
        }
    }

    /// `text` with each run of bytes that are not well-formed UTF-8 replaced by U+FFFD (line
    /// ends are ASCII, so lines stay where they were).
    static func replacingInvalidUTF8(_ text: UnsafeBufferPointer<UInt8>) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(text.count)
        var i = 0, inRun = false
        while i < text.count {
            let c = text[i]
            let length = c < 0x80 ? 1 : wellFormedLength(text, at: i)
            if length == 0 {
                if !inRun { out.append(contentsOf: [0xEF, 0xBF, 0xBD]) }
                inRun = true
                i += 1
                continue
            }
            inRun = false
            out.append(contentsOf: text[i..<(i + length)])
            i += length
        }
        return out
    }

    /// `little-endian` or `big-endian` when the start of the file looks like UTF-16 without a
    /// BOM: ASCII text (a CSV header) in UTF-16 has a zero byte after (LE) or before (BE) every
    /// character, which UTF-8 and GB18030 text never has.
    static func utf16ByteOrderWithoutBOM(_ bytes: [UInt8]) -> String? {
        let n = min(bytes.count, 1024) & ~1
        guard n >= 4 else { return nil }
        var zerosAtEven = 0, zerosAtOdd = 0
        for i in 0..<n where bytes[i] == 0 {
            if i & 1 == 0 { zerosAtEven += 1 } else { zerosAtOdd += 1 }
        }
        let pairs = n / 2
        if zerosAtEven == 0, zerosAtOdd * 3 >= pairs { return "little-endian" }
        if zerosAtOdd == 0, zerosAtEven * 3 >= pairs { return "big-endian" }
        return nil
    }

    static func hex(_ b: UInt8) -> String {
        let digits = Array("0123456789ABCDEF")
        return String([digits[Int(b >> 4)], digits[Int(b & 15)]])
    }

    /// The offset of the first byte that does not belong to a well-formed UTF-8 sequence
    /// (overlong forms, surrogates and values above U+10FFFF are ill-formed), or `nil`.
    static func firstInvalidUTF8(_ bytes: [UInt8]) -> Int? {
        var unstable: [Int] = []
        return firstInvalidUTF8(bytes, unstable: &unstable)
    }

    /// `firstInvalidUTF8(_:)`, also appending to `unstable` where each character NFKC may
    /// change starts (`_NFKC.isStable`), up to the first invalid byte. The check costs nothing
    /// for the common CJK characters, which the run below skips as before.
    static func firstInvalidUTF8(_ bytes: [UInt8], unstable: inout [Int]) -> Int? {
        bytes.withUnsafeBufferPointer { b in
            let n = b.count
            var i = 0
            let p = UnsafeRawPointer(b.baseAddress ?? UnsafePointer(_CSVScanner.emptyBase))
            while i < n {
                // Skip ASCII sixteen, then eight bytes at a time.
                while i &+ 16 <= n {
                    let pair = _ByteWord(bits: _ByteWord(loadingFrom: p, at: i).bits | _ByteWord(loadingFrom: p, at: i &+ 8).bits)
                    if pair.nonASCIIBytes != 0 { break }
                    i &+= 16
                }
                while i &+ 8 <= n {
                    if _ByteWord(loadingFrom: p, at: i).nonASCIIBytes != 0 { break }
                    i &+= 8
                }
                if i >= n { break }
                // Runs of three-byte CJK ideographs (U+4000–U+9FFF) four bytes at a time: a lead
                // byte E4–E9 and two continuation bytes are always well-formed, and NFKC-stable.
                while i &+ 4 <= n {
                    let w = UInt32(littleEndian: p.loadUnaligned(fromByteOffset: i, as: UInt32.self))
                    guard w & 0x00C0_C0F0 == 0x0080_80E0, (w & 0xFF) &- 0xE4 < 6 else { break }
                    i &+= 3
                }
                if i >= n { break }
                if b[i] < 0x80 { i += 1; continue }
                let length = wellFormedLength(b, at: i)
                if length == 0 { return i }
                if !_NFKC.isStable(b, at: i, length: length) { unstable.append(i) }
                i += length
            }
            return nil
        }
    }

    /// The length of the well-formed UTF-8 sequence whose lead byte (0x80 or above) is at `i`,
    /// or 0 when it is ill-formed: a stray continuation byte, a truncated sequence, an overlong
    /// form, a surrogate or a value above U+10FFFF.
    @inline(__always)
    static func wellFormedLength(_ b: UnsafeBufferPointer<UInt8>, at i: Int) -> Int {
        let c = b[i], n = b.count
        func cont(_ k: Int) -> Bool { i + k < n && b[i + k] & 0xC0 == 0x80 }
        switch c {
        case 0xC2...0xDF:
            return cont(1) ? 2 : 0
        case 0xE0...0xEF:
            guard cont(1), cont(2) else { return 0 }
            let c1 = b[i + 1]
            if c == 0xE0 && c1 < 0xA0 { return 0 }          // overlong
            if c == 0xED && c1 >= 0xA0 { return 0 }         // surrogate
            return 3
        case 0xF0...0xF4:
            guard cont(1), cont(2), cont(3) else { return 0 }
            let c1 = b[i + 1]
            if c == 0xF0 && c1 < 0x90 { return 0 }          // overlong
            if c == 0xF4 && c1 >= 0x90 { return 0 }         // above U+10FFFF
            return 4
        default:
            return 0
        }
    }

    /// Converts GB18030 bytes to UTF-8 with glibc's iconv.
    static func convertGB18030(_ input: [UInt8]) throws(_EncodingError) -> [UInt8] {
        let cd = iconv_open("UTF-8", "GB18030")
        if cd == iconv_t(bitPattern: -1) {
            throw _EncodingError(message: "this system's iconv has no GB18030 converter", offset: nil)
        }
        defer { iconv_close(cd) }
        var output = [UInt8](repeating: 0, count: input.count * 2 + 16)
        var failure: _EncodingError?
        var written = 0
        var input = input
        input.withUnsafeMutableBufferPointer { inBuf in
            var inPtr: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(inBuf.baseAddress)?.assumingMemoryBound(to: CChar.self)
            var inLeft = inBuf.count
            while inLeft > 0 {
                let result: Int = output.withUnsafeMutableBufferPointer { outBuf in
                    var outPtr: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(outBuf.baseAddress! + written).assumingMemoryBound(to: CChar.self)
                    var outLeft = outBuf.count - written
                    let r = iconv(cd, &inPtr, &inLeft, &outPtr, &outLeft)
                    written = outBuf.count - outLeft
                    return r == -1 ? Int(errno) : 0
                }
                if result == 0 { break }
                if result == Int(E2BIG) {
                    output.append(contentsOf: repeatElement(0, count: output.count))
                    continue
                }
                let offset = inBuf.count - inLeft
                failure = _EncodingError(message: result == Int(EINVAL) ? "the file ends inside a character" : "invalid byte sequence", offset: offset)
                return
            }
        }
        if let failure { throw failure }
        output.removeSubrange(written...)
        return output
    }
}

/// How much of a text that is not all UTF-8 is: its lines of non-ASCII text that are valid
/// UTF-8, and the lines that hold bytes that are not (see `_TextDecoding` for the rule).
struct _UTF8Survey {
    /// Lines with at least one multi-byte UTF-8 character and no byte that is not UTF-8.
    private(set) var validLines = 0
    /// Lines with a byte that is not UTF-8, in order.
    private(set) var invalidLines: [_InvalidUTF8Line] = []

    /// Whether the text is mostly UTF-8: more lines of non-ASCII text are valid than not.
    var isMostlyUTF8: Bool { validLines > invalidLines.count }

    /// - Complexity: O(n).
    init(_ b: UnsafeBufferPointer<UInt8>) {
        var line = 1, i = 0
        var multiByte = false
        var invalid: [UInt8] = []
        func endLine() {
            if !invalid.isEmpty {
                invalidLines.append(_InvalidUTF8Line(line: line, bytes: invalid))
            } else if multiByte {
                validLines += 1
            }
            line += 1
            multiByte = false
            invalid = []
        }
        while i < b.count {
            let c = b[i]
            if c == 0x0A || c == 0x0D {
                if c == 0x0D, i + 1 < b.count, b[i + 1] == 0x0A { i += 1 }
                endLine()
                i += 1
            } else if c < 0x80 {
                i += 1
            } else {
                let length = _TextDecoding.wellFormedLength(b, at: i)
                if length == 0 {
                    if invalid.count < 4 { invalid.append(c) }
                    i += 1
                } else {
                    multiByte = true
                    i += length
                }
            }
        }
        endLine()
    }
}
