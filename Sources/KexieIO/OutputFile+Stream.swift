#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension OutputFile {
    /// An output written in pieces, for documents too large to hold in memory at once.
    ///
    /// For a path, the pieces go where `_OutputTarget` says: usually a temporary file in the
    /// target's folder that `commit()` renames over the target, as `OutputFile.write` does; a
    /// stream dropped without `commit()` removes its temporary file, so a failed run leaves the
    /// old output as it was. A device or FIFO, and standard output, get the pieces as they come.
    /// The first failed write is kept and reported by `commit()`; later pieces are dropped.
    public final class Stream {
        private let path: String
        private let destination: Destination
        private let fd: Int32
        /// The temporary file's entry among the files a signal removes.
        private let slot: Int?
        /// The first write that failed; later writes are dropped.
        public private(set) var failure: OutputError?
        private var closed = false
        private var done = false

        private enum Destination {
            case standardOutput
            /// Written in place (a device, a FIFO); closed at the end.
            case inPlace
            /// Written to `temporary`, renamed to `target` at the end.
            case temporary(String, target: String)
            /// A new file in a staged folder: nothing to rename (the folder is swapped in whole).
            case staged
        }

        /// A stream to a file at `path` (usually through a temporary file; see `OutputFile`).
        public init(path: String) throws(OutputError) {
            self.path = path
            switch try _OutputTarget.resolve(path) {
            case let .inPlace(target):
                let fd = open(target, O_WRONLY | O_NOCTTY | O_CLOEXEC)
                guard fd >= 0 else { throw OutputError(path: path, errno: errno) }
                (self.fd, slot, destination) = (fd, nil, .inPlace)
            case let .replace(target, existing):
                let t = try _createTemporaryFile(in: _folder(of: target), for: _name(of: target), mode: 0o600, path: path)
                existing.apply(to: t.fd)
                (fd, slot, destination) = (t.fd, t.slot, .temporary(t.path, target: target))
            case let .create(target, mode):
                let t = try _createTemporaryFile(in: _folder(of: target), for: _name(of: target), mode: mode, path: path)
                (fd, slot, destination) = (t.fd, t.slot, .temporary(t.path, target: target))
            }
        }

        /// A stream to standard output.
        public init(standardOutputNamed name: String = "standard output") {
            self.path = name
            self.destination = .standardOutput
            self.fd = STDOUT_FILENO
            self.slot = nil
        }

        /// A new file at `path` inside a staged folder, created with `O_EXCL|O_NOFOLLOW` and
        /// `mode` (less the umask, unless `existing` gives the mode of the file it replaces).
        init(staged path: String, mode: mode_t, existing: _ExistingFile?, shownAs name: String) throws(OutputError) {
            let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode)
            guard fd >= 0 else { throw OutputError(path: name, errno: errno) }
            existing?.apply(to: fd)
            (self.path, self.fd, self.slot, self.destination) = (name, fd, nil, .staged)
        }

        /// The temporary file this stream writes, by path, for a writer that must seek in its
        /// output (a ZIP archive's) and so opens the file itself; nil when the output goes
        /// straight to standard output, a device or a FIFO, or into a staged folder.
        package var temporaryFile: String? {
            if case let .temporary(temporary, _) = destination { return temporary }
            return nil
        }

        /// Writes `bytes` in full (retrying short writes), unless an earlier write failed.
        public func write(_ bytes: UnsafeBufferPointer<UInt8>) {
            guard failure == nil, !done, !closed, let base = bytes.baseAddress else { return }
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
            try finish()
            try publish()
        }

        /// Flushes a file to disk and closes it, or throws the first write failure (removing
        /// the temporary file). The first half of `commit()`, for outputs published together.
        func finish() throws(OutputError) {
            precondition(!done && !closed, "finished twice")
            closed = true
            switch destination {
            case .standardOutput:
                if let failure { done = true; throw failure }
            case .inPlace:
                if close(fd) != 0, failure == nil { failure = OutputError(path: path, errno: errno) }
                if let failure { done = true; throw failure }
            case .temporary, .staged:
                if failure == nil, fsync(fd) != 0 { failure = OutputError(path: path, errno: errno) }
                if close(fd) != 0, failure == nil { failure = OutputError(path: path, errno: errno) }
                if let failure { discard(); throw failure }
            }
        }

        /// Renames a finished temporary file over its target. The second half of `commit()`.
        func publish() throws(OutputError) {
            precondition(closed && !done, "published before it was finished, or twice")
            done = true
            defer { _InFlightFiles.release(slot) }
            guard case let .temporary(temporary, target) = destination else { return }
            if rename(temporary, target) != 0 {
                let code = errno
                unlink(temporary)
                throw OutputError(path: path, errno: code)
            }
        }

        /// Removes the temporary file and forgets it.
        private func discard() {
            done = true
            if case let .temporary(temporary, _) = destination { unlink(temporary) }
            _InFlightFiles.release(slot)
        }

        deinit {
            guard !done else { return }
            if !closed, ownsDescriptor { close(fd) }
            discard()
        }

        /// Whether `fd` was opened by this stream (and so is closed by it).
        private var ownsDescriptor: Bool {
            if case .standardOutput = destination { return false }
            return true
        }
    }
}

private func _streamWrite(_ fd: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int {
    write(fd, buffer, count)
}
