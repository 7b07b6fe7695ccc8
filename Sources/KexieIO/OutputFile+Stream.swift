#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension OutputFile {
    /// An output written in pieces, for documents too large to hold in memory at once.
    ///
    /// For a path, the pieces go to a temporary file in the same folder that `commit()` renames
    /// over the target, as `OutputFile.write` does; a stream dropped without `commit()` removes
    /// its temporary file, so a failed run leaves the old output as it was. For standard output
    /// the pieces are written as they come. The first failed write is kept and reported by
    /// `commit()`; later pieces are dropped.
    public final class Stream {
        private let path: String
        private let temporary: String?
        private let fd: Int32
        /// The temporary file's entry among the files a signal removes.
        private let slot: Int?
        /// The first write that failed; later writes are dropped.
        public private(set) var failure: OutputError?
        private var done = false

        /// A stream to a file at `path` (through a temporary file).
        public init(path: String) throws(OutputError) {
            self.path = path
            let temporary = OutputFile.temporaryPath(for: path)
            // Registered before it exists: a signal in between unlinks a name that is not there yet.
            let slot = _InFlightFiles.register(temporary)
            let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
            guard fd >= 0 else {
                let code = errno
                _InFlightFiles.release(slot)
                throw OutputError(path: path, errno: code)
            }
            self.temporary = temporary
            self.fd = fd
            self.slot = slot
        }

        /// A stream to standard output.
        public init(standardOutputNamed name: String = "standard output") {
            self.path = name
            self.temporary = nil
            self.fd = STDOUT_FILENO
            self.slot = nil
        }

        /// Writes `bytes` in full (retrying short writes), unless an earlier write failed.
        public func write(_ bytes: UnsafeBufferPointer<UInt8>) {
            guard failure == nil, !done, let base = bytes.baseAddress else { return }
            var offset = 0
            while offset < bytes.count {
                let n = _streamWrite(fd, base + offset, bytes.count - offset)
                if n < 0 {
                    if errno == EINTR { continue }
                    failure = OutputError(path: path, errno: errno)
                    return
                }
                offset += n
            }
        }

        /// Completes the output: for a file, flushes it to disk and renames it into place.
        /// Throws the first write failure, if any (the temporary file is removed then).
        public func commit() throws(OutputError) {
            precondition(!done, "committed twice")
            done = true
            defer { if let slot { _InFlightFiles.release(slot) } }
            guard let temporary else {
                if let failure { throw failure }
                return
            }
            if let failure {
                close(fd)
                unlink(temporary)
                throw failure
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

        deinit {
            if !done, let temporary {
                close(fd)
                unlink(temporary)
            }
            if !done, let slot { _InFlightFiles.release(slot) }
        }
    }

    /// The temporary name an output is written under before it is renamed to `path`: hidden,
    /// in the same folder (so the rename is atomic), unique to this process.
    static func temporaryPath(for path: String) -> String {
        let slash = path.lastIndex(of: "/")
        let folder = slash.map { String(path[..<$0]) } ?? "."
        let name = slash.map { String(path[path.index(after: $0)...]) } ?? path
        return "\(folder.isEmpty ? "/" : folder)/.\(name).kexie-\(getpid()).tmp"
    }
}

private func _streamWrite(_ fd: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int {
    write(fd, buffer, count)
}
