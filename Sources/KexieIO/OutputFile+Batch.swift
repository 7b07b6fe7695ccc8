extension OutputFile {
    /// Several files that appear together or not at all, such as the CSV files of one run in a
    /// folder: each is written to a temporary file beside its target, and only when every one
    /// is complete and on disk are they all renamed into place, with SIGINT and SIGTERM held
    /// back meanwhile (a signal then takes effect once the last rename is done). A failure
    /// before that, or a batch dropped without `commit()`, removes every temporary file and
    /// leaves each old file as it was.
    ///
    /// Renames within a folder need no space, so the step that publishes the files does not
    /// fail for a full disk or a size limit; other files of the folder are left alone.
    public final class Batch {
        private var streams: [Stream] = []

        public init() {}

        /// Opens the output at `path` (as `Stream(path:)` does); write to it, then `commit()`.
        public func stream(to path: String) throws(OutputError) -> Stream {
            let stream = try Stream(path: path)
            streams.append(stream)
            return stream
        }

        /// Writes `text` as UTF-8 to `path`, to appear at `commit()`.
        public func write(_ text: String, to path: String) throws(OutputError) {
            let output = try stream(to: path)
            let bytes = Array(text.utf8)
            bytes.withUnsafeBufferPointer { output.write($0) }
            if let failure = output.failure { throw failure }
        }

        /// Flushes every file to disk, then renames them all into place.
        /// - Complexity: one fsync per file, then one rename per file.
        public func commit() throws(OutputError) {
            for stream in streams { try stream.finish() }
            try _InFlightFiles.holdingSignals { () throws(OutputError) in
                for stream in streams { try stream.publish() }
            }
            streams = []
        }
    }
}
