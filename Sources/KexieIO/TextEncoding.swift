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

/// Turning a table's bytes into UTF-8 text: strip a BOM, validate UTF-8, fall back to GB18030.
enum _TextDecoding {
    /// Returns UTF-8 bytes (BOM removed) and the encoding they were read as.
    static func utf8Text(_ bytes: [UInt8]) throws(_EncodingError) -> (text: [UInt8], encoding: TableEncoding) {
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
        guard let badOffset = firstInvalidUTF8(text) else { return (text, .utf8) }
        do {
            return (try convertGB18030(text), .gb18030)
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

    private static func hex(_ b: UInt8) -> String {
        let digits = Array("0123456789ABCDEF")
        return String([digits[Int(b >> 4)], digits[Int(b & 15)]])
    }

    /// The offset of the first byte that does not belong to a well-formed UTF-8 sequence
    /// (overlong forms, surrogates and values above U+10FFFF are ill-formed), or `nil`.
    static func firstInvalidUTF8(_ bytes: [UInt8]) -> Int? {
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
                // Runs of three-byte characters (all of CJK) four bytes at a time: a lead byte
                // E1–EC or EE–EF and two continuation bytes are always well-formed.
                while i &+ 4 <= n {
                    let w = UInt32(littleEndian: p.loadUnaligned(fromByteOffset: i, as: UInt32.self))
                    guard w & 0x00C0_C0F0 == 0x0080_80E0 else { break }
                    let lead = w & 0xFF
                    guard lead != 0xE0, lead != 0xED else { break }
                    i &+= 3
                }
                if i >= n { break }
                let c = b[i]
                if c < 0x80 { i += 1; continue }
                func cont(_ k: Int) -> Bool { i + k < n && b[i + k] & 0xC0 == 0x80 }
                switch c {
                case 0xC2...0xDF:
                    guard cont(1) else { return i }
                    i += 2
                case 0xE0...0xEF:
                    guard cont(1), cont(2) else { return i }
                    let c1 = b[i + 1]
                    if c == 0xE0 && c1 < 0xA0 { return i }          // overlong
                    if c == 0xED && c1 >= 0xA0 { return i }         // surrogate
                    i += 3
                case 0xF0...0xF4:
                    guard cont(1), cont(2), cont(3) else { return i }
                    let c1 = b[i + 1]
                    if c == 0xF0 && c1 < 0x90 { return i }          // overlong
                    if c == 0xF4 && c1 >= 0x90 { return i }         // above U+10FFFF
                    i += 4
                default:
                    return i
                }
            }
            return nil
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
