#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Why a file could not be read, with the `errno` that said so.
public struct FileReadError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Why the file could not be read.
    public enum Kind: Sendable, Equatable {
        /// No such file, or it cannot be opened (permissions): input missing (exit 66).
        case missing
        /// A folder where a file should be (exit 66).
        case isDirectory
        /// Opened, but reading it failed (exit 74).
        case io
    }
    /// The file, as named.
    public var path: String
    /// Why it could not be read.
    public var kind: Kind
    /// The system's error number (`EISDIR` for ``Kind-swift.enum/isDirectory``).
    public var errno: Int32

    public var description: String {
        switch kind {
        case .isDirectory: "\(path): is a folder, expected a file"
        case .missing, .io: "\(path): \(_systemMessage(errno))"
        }
    }
}

func _systemMessage(_ code: Int32) -> String { String(cString: strerror(code)) }

/// read(2), under a name that does not clash with `_FileSystem.read`.
private func _systemRead(_ fd: Int32, _ buffer: UnsafeMutableRawPointer?, _ count: Int) -> Int {
    read(fd, buffer, count)
}

/// Small wrappers over the file system calls the loader needs.
enum _FileSystem {
    enum Entry { case missing(Int32), file(size: Int), directory, other }

    /// What is at `path` (following symbolic links).
    static func entry(_ path: String) -> Entry {
        var st = stat()
        guard stat(path, &st) == 0 else { return .missing(errno) }
        switch st.st_mode & S_IFMT {
        case S_IFREG: return .file(size: Int(st.st_size))
        case S_IFDIR: return .directory
        default: return .other
        }
    }

    /// Reads a whole file into memory.
    static func read(_ path: String) throws(FileReadError) -> [UInt8] {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        if fd < 0 {
            let code = errno
            throw FileReadError(path: path, kind: code == EISDIR ? .isDirectory : .missing, errno: code)
        }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0 else { throw FileReadError(path: path, kind: .io, errno: errno) }
        if st.st_mode & S_IFMT == S_IFDIR { throw FileReadError(path: path, kind: .isDirectory, errno: EISDIR) }
        // Read straight into a buffer of the file's size (one copy, by the kernel); a file that
        // grows while being read is read on in chunks.
        let size = max(0, Int(st.st_size))
        var failure: FileReadError?
        var buffer = [UInt8](unsafeUninitializedCapacity: size) { storage, count in
            count = 0
            while count < size {
                let n = _systemRead(fd, storage.baseAddress! + count, size - count)
                if n < 0 {
                    if errno == EINTR { continue }
                    failure = FileReadError(path: path, kind: errno == EISDIR ? .isDirectory : .io, errno: errno)
                    return
                }
                if n == 0 { break }
                count += n
            }
        }
        if let failure { throw failure }
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = chunk.withUnsafeMutableBytes { _systemRead(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw FileReadError(path: path, kind: .io, errno: errno)
            }
            if n == 0 { break }
            buffer.append(contentsOf: chunk[0..<n])
        }
        return buffer
    }
}

extension _FileSystem {
    static func currentDirectory() -> String? {
        var buffer = [CChar](repeating: 0, count: 4096)
        guard getcwd(&buffer, buffer.count) != nil else { return nil }
        return String(decoding: buffer.prefix(while: { $0 != 0 }).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
