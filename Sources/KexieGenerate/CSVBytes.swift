import Foundation
import KexieIO
import KexieModel

/// A CSV table built directly as UTF-8 bytes (no per-row String formatting).
struct CSVBytes {
    var bytes: [UInt8] = []

    init(header: String, reserve: Int = 0) {
        bytes.reserveCapacity(reserve)
        bytes.append(contentsOf: header.utf8)
        bytes.append(0x0A)
    }

    @inline(__always) mutating func comma() { bytes.append(0x2C) }
    @inline(__always) mutating func newline() { bytes.append(0x0A) }
    @inline(__always) mutating func byte(_ b: UInt8) { bytes.append(b) }
    @inline(__always) mutating func raw(_ b: [UInt8]) { bytes.append(contentsOf: b) }

    /// Text that may need RFC 4180 quoting.
    mutating func field(_ b: UnsafeBufferPointer<UInt8>) {
        if b.contains(where: { $0 == 0x2C || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }) {
            bytes.append(0x22)
            for c in b {
                if c == 0x22 { bytes.append(0x22) }
                bytes.append(c)
            }
            bytes.append(0x22)
        } else {
            bytes.append(contentsOf: b)
        }
    }

    mutating func field(_ s: String) {
        var s = s
        s.withUTF8 { field($0) }
    }

    /// A non-negative integer, zero-padded to `width` digits.
    mutating func int(_ value: Int, width: Int = 1) {
        var v = value
        var digits = 0
        var tmp: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                  UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        withUnsafeMutableBytes(of: &tmp) { buf in
            repeat {
                buf[digits] = UInt8(0x30 + v % 10)
                v /= 10
                digits += 1
            } while v > 0
            while digits < width { buf[digits] = 0x30; digits += 1 }
            for i in stride(from: digits - 1, through: 0, by: -1) { bytes.append(buf[i]) }
        }
    }

    /// `YYYY-MM-DD`, or nothing for a sentinel.
    mutating func day(_ d: Day) {
        guard d.isSet else { return }
        let (y, m, dd) = d.components
        int(y, width: 4); bytes.append(0x2D); int(m, width: 2); bytes.append(0x2D); int(dd, width: 2)
    }

    /// Writes the bytes atomically (a temporary name renamed into place when complete).
    func write(to path: String) throws {
        do {
            try bytes.withUnsafeBufferPointer { (b) throws(OutputError) in try OutputFile.write(b, to: path) }
        } catch {
            throw GeneratorError(message: error.description)
        }
    }
}

/// Why the generator could not write or read a file.
public struct GeneratorError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}
