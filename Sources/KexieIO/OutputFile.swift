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
    /// Why, when the system's message for `errno` would not say (a symlink kexie refuses to follow).
    public var reason: String?
    /// The failure to write `path` with `errno`.
    public init(path: String, errno: Int32, reason: String? = nil) {
        self.path = path
        self.errno = errno
        self.reason = reason
    }
    public var description: String { "\(path): cannot write: \(reason ?? _systemMessage(errno))" }
}

/// Writing outputs atomically: the bytes go to a temporary file in the target's folder, which
/// is renamed over the target only when complete, so an error never leaves a half-written file
/// and an existing file stays as it was until the new one is whole. The temporary file is
/// registered while it exists, so that `removeTemporaryFilesOnSignals()` can remove it on
/// SIGINT or SIGTERM.
///
/// What a path means (`_OutputTarget`):
/// - an existing regular file is replaced and keeps its permissions (and, where the system
///   allows, its owner and group);
/// - a new file gets mode 0644, or 0600 when others may not enter its folder (no `x` for
///   others: a private folder stays private), both less the umask;
/// - an existing file that is not a regular file (a device such as `/dev/null`, a FIFO,
///   `/dev/stdout`) is written in place, never replaced;
/// - a symlink is followed, and the file it leads to is written as above, in that file's folder.
///   A symlink in a sticky world-writable folder (`/tmp`) is followed only when it belongs to
///   the user or to the folder's owner (the kernel's `protected_symlinks` rule), so another user
///   cannot redirect an output there.
///
/// Temporary files are created with unpredictable names (`.NAME.kexie-RANDOM.tmp`, NAME cut to
/// 64 bytes, so any legal output name fits) and `O_CREAT|O_EXCL|O_NOFOLLOW`: a file or symlink
/// planted under a temporary name is never opened.
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
