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
        /// A pipe, a device or a socket where a file should be: it may never end, or block
        /// (exit 66, like a folder: there is no file to read).
        case notRegularFile
        /// More bytes than `limit`, by its size or, for a file that grows or states no size
        /// (`/proc`), by what reading it gave (exit 65: a limit of the data, see `LoadLimits`).
        case tooLarge(size: Int?, limit: Int)
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
        case .notRegularFile: "\(path): not a regular file (a pipe or a device cannot be read to its end)"
        case .tooLarge: "\(path): " + (refusal(what: "the file") ?? "")
        }
    }

    /// Why the file was refused although it could be opened (it is not a regular file, or it
    /// holds more than the limit), worded for a file that should be `what` ("a table"); `nil`
    /// for the other kinds, which `description` words.
    func refusal(what: String) -> String? {
        switch kind {
        case .isDirectory, .missing, .io:
            nil
        case .notRegularFile:
            "not a regular file: \(what) must be a file (a pipe or a device cannot be read to its end)"
        case .tooLarge(let size?, let limit):
            "the file is \(size) bytes; \(what) may be at most \(LoadLimits.bytesText(limit)) (\(limit) bytes)"
        case .tooLarge(nil, let limit):
            "reading the file gave more than \(LoadLimits.bytesText(limit)) though its size said less (it grew while "
                + "being read, or it is a system file that states no size); \(what) may be at most "
                + "\(LoadLimits.bytesText(limit)) (\(limit) bytes)"
        }
    }

    /// Whether the failure means there is no file to read (exit 66) rather than a file that
    /// breaks a limit (65) or a read that failed (74).
    var isInputMissing: Bool {
        switch kind {
        case .missing, .isDirectory, .notRegularFile: true
        case .io, .tooLarge: false
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

    /// Whether `a` and `b` name the same file or folder (the same device and inode, links
    /// followed); `false` when either does not exist.
    static func isSameEntry(_ a: String, _ b: String) -> Bool {
        var sa = stat(), sb = stat()
        guard stat(a, &sa) == 0, stat(b, &sb) == 0 else { return false }
        return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino
    }

    /// Reads a whole file into memory, at most `limit` bytes of it.
    ///
    /// The file is opened without waiting (`O_NONBLOCK`: a FIFO put in its place opens at once
    /// instead of waiting for a writer) and must then be a regular file (`fstat` on what was
    /// opened, so a swap between a check by name and the open cannot slip through). The cap
    /// holds for the bytes actually read, not only for the size `fstat` states: a file being
    /// appended to, or a system file that states size 0 (`/proc/self/pagemap`), stops at
    /// `limit` bytes with an error instead of exhausting memory.
    ///
    /// - Complexity: O(bytes read); memory at most about `limit` bytes beyond the file's size.
    static func read(_ path: String, limit: Int) throws(FileReadError) -> [UInt8] {
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        if fd < 0 {
            let code = errno
            throw FileReadError(path: path, kind: code == EISDIR ? .isDirectory : .missing, errno: code)
        }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0 else { throw FileReadError(path: path, kind: .io, errno: errno) }
        switch st.st_mode & S_IFMT {
        case S_IFREG: break
        case S_IFDIR: throw FileReadError(path: path, kind: .isDirectory, errno: EISDIR)
        default: throw FileReadError(path: path, kind: .notRegularFile, errno: EINVAL)
        }
        let size = max(0, Int(st.st_size))
        if size > limit { throw FileReadError(path: path, kind: .tooLarge(size: size, limit: limit), errno: EFBIG) }
        // Read straight into a buffer of the file's size (one copy, by the kernel); a file that
        // grows while being read, or states no size, is read on in chunks up to the limit.
        var buffer = try readPrefix(fd, path, count: size)
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            // Whole chunks: some system files refuse reads of odd sizes (pagemap: 8-byte entries).
            let n = chunk.withUnsafeMutableBytes { _systemRead(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw FileReadError(path: path, kind: errno == EISDIR ? .isDirectory : .io, errno: errno)
            }
            if n == 0 { break }
            if buffer.count + n > limit { throw FileReadError(path: path, kind: .tooLarge(size: nil, limit: limit), errno: EFBIG) }
            // Grow by doubling, but never past the limit, so that the last step does not
            // reserve twice the most a file may hold.
            if buffer.count + n > buffer.capacity { buffer.reserveCapacity(min(limit, max(buffer.capacity * 2, buffer.count + n))) }
            buffer.append(contentsOf: chunk[0..<n])
        }
        return buffer
    }

    /// The first `count` bytes of `fd` (fewer if it ends sooner).
    private static func readPrefix(_ fd: Int32, _ path: String, count size: Int) throws(FileReadError) -> [UInt8] {
        var failure: FileReadError?
        let buffer = [UInt8](unsafeUninitializedCapacity: size) { storage, count in
            count = 0
            guard let base = storage.baseAddress else { return }
            while count < size {
                let n = _systemRead(fd, base + count, size - count)
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
