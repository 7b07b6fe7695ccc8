#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Why an output could not be written, with the `errno` that said so.
public struct OutputError: Error, Sendable, CustomStringConvertible {
    public var path: String
    public var errno: Int32
    public init(path: String, errno: Int32) {
        self.path = path
        self.errno = errno
    }
    public var description: String { "\(path): cannot write: \(_systemMessage(errno))" }
}

/// write(2), under a name that does not clash with `OutputFile.write`.
private func _systemWrite(_ fd: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int {
    write(fd, buffer, count)
}

/// Writing outputs atomically: the bytes go to a temporary file in the same folder, which is
/// renamed over the target only when complete, so an error never leaves a half-written file and
/// an existing file stays as it was until the new one is whole. The temporary file is registered
/// while it exists, so that `removeTemporaryFilesOnSignals()` can remove it on SIGINT or SIGTERM.
public enum OutputFile {
    public static func write(_ text: String, to path: String) throws(OutputError) {
        let bytes = Array(text.utf8)
        try bytes.withUnsafeBufferPointer { (buffer) throws(OutputError) in try write(buffer, to: path) }
    }

    public static func write(_ bytes: UnsafeBufferPointer<UInt8>, to path: String) throws(OutputError) {
        let slash = path.lastIndex(of: "/")
        let folder = slash.map { String(path[..<$0]) } ?? "."
        let name = slash.map { String(path[path.index(after: $0)...]) } ?? path
        let temporary = "\(folder.isEmpty ? "/" : folder)/.\(name).kexie-\(getpid()).tmp"
        // Registered before it exists: a signal in between unlinks a name that is not there yet.
        let slot = _InFlightFiles.register(temporary)
        defer { _InFlightFiles.release(slot) }
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw OutputError(path: path, errno: errno) }
        var offset = 0
        while offset < bytes.count {
            let n = _systemWrite(fd, bytes.baseAddress! + offset, bytes.count - offset)
            if n < 0 {
                if errno == EINTR { continue }
                let code = errno
                close(fd)
                unlink(temporary)
                throw OutputError(path: path, errno: code)
            }
            offset += n
        }
        if fsync(fd) != 0 || close(fd) != 0 {
            let code = errno
            unlink(temporary)
            throw OutputError(path: path, errno: code)
        }
        if rename(temporary, path) != 0 {
            let code = errno
            unlink(temporary)
            throw OutputError(path: path, errno: code)
        }
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
