#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Why an output could not be written, with the `errno` that said so.
public struct OutputError: Error, Sendable, CustomStringConvertible {
    /// The file that could not be written.
    public var path: String
    /// The system's error number.
    public var errno: Int32
    /// The failure to write `path` with `errno`.
    public init(path: String, errno: Int32) {
        self.path = path
        self.errno = errno
    }
    public var description: String { "\(path): cannot write: \(_systemMessage(errno))" }
}

/// Writing outputs atomically: the bytes go to a temporary file in the same folder, which is
/// renamed over the target only when complete, so an error never leaves a half-written file and
/// an existing file stays as it was until the new one is whole. The temporary file is registered
/// while it exists, so that `removeTemporaryFilesOnSignals()` can remove it on SIGINT or SIGTERM.
public enum OutputFile {
    /// Writes `text` as UTF-8 to `path` atomically.
    public static func write(_ text: String, to path: String) throws(OutputError) {
        let bytes = Array(text.utf8)
        try bytes.withUnsafeBufferPointer { (buffer) throws(OutputError) in try write(buffer, to: path) }
    }

    /// Writes `bytes` to `path` atomically.
    public static func write(_ bytes: UnsafeBufferPointer<UInt8>, to path: String) throws(OutputError) {
        try stream(to: path) { (write) throws(OutputError) in try write(bytes) }
    }

    /// Writes a file in pieces: `body` is given a function that appends bytes to the temporary
    /// file, which is renamed over `path` when `body` returns. When `body` or a write fails the
    /// temporary file is removed and `path` is left as it was. For outputs too large to hold in
    /// memory (exports of the national network).
    public static func stream(
        to path: String,
        _ body: (_ write: (UnsafeBufferPointer<UInt8>) throws(OutputError) -> Void) throws(OutputError) -> Void
    ) throws(OutputError) {
        let output = try Stream(path: path)
        try body { (bytes) throws(OutputError) in
            output.write(bytes)
            if let failure = output.failure { throw failure }
        }
        try output.commit()
    }

    /// Creates a folder (and its parents) unless it exists.
    public static func makeFolder(_ path: String) throws(OutputError) {
        var current = path.hasPrefix("/") ? "" : "."
        for part in path.split(separator: "/") {
            current += "/" + part
            if mkdir(current, 0o755) != 0 && errno != EEXIST { throw OutputError(path: current, errno: errno) }
        }
    }
}
