import Foundation
import KexieIO
import KexieMachinery
import KexieModel

/// A CSV table built directly as UTF-8 bytes (no per-row String formatting), in one byte
/// writer (`_ByteWriter`), which quotes its cells and writes its numbers and dates. Kept whole:
/// `write(to:)` writes it atomically.
struct CSVBytes: ~Copyable {
    private var out: _ByteWriter

    init(header: String, reserve: Int = 0) {
        out = _ByteWriter(capacity: reserve)
        out.append(header)
        out.append(0x0A)
    }

    @inline(__always) mutating func comma() { out.append(0x2C) }
    @inline(__always) mutating func newline() { out.append(0x0A) }
    @inline(__always) mutating func byte(_ b: UInt8) { out.append(b) }
    @inline(__always) mutating func raw(_ b: [UInt8]) { out.append(b) }

    /// Text that may need RFC 4180 quoting.
    mutating func field(_ b: UnsafeBufferPointer<UInt8>) {
        out.append(csvCell: b)
    }

    mutating func field(_ s: String) {
        out.append(csvCell: s)
    }

    /// A non-negative integer, zero-padded to `width` digits.
    mutating func int(_ value: Int, width: Int = 1) {
        out.append(int: value, width: width)
    }

    /// `YYYY-MM-DD`, or nothing for a sentinel.
    mutating func day(_ d: Day) {
        out.append(day: d)
    }

    /// Writes the bytes atomically (a temporary name renamed into place when complete).
    func write(to path: String) throws {
        do {
            try out.withBytes { (b) throws(OutputError) in try OutputFile.write(b, to: path) }
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
