import KexieWorkbook

extension OutputFile {
    /// Writes the workbook `writer` describes to `path` as `OutputFile` writes every output (a
    /// temporary file renamed over the target when complete), or to standard output when
    /// `path` is nil.
    ///
    /// A ZIP archive is written by seeking back (each part's header gets its size and checksum
    /// once the part is written), so a temporary file is handed to the writer by path, holding
    /// an empty archive to add the parts to. A destination that cannot seek (standard output, a
    /// device, a FIFO) gets the archive built in memory instead: the compressed workbook, not
    /// its sheets, is held.
    ///
    /// - Throws: `OutputError` when writing fails; `_WorkbookWriteError` when the sheets do not
    ///   fit a workbook (too many rows, a cell too long) or the archive cannot be written. The
    ///   target is left as it was either way.
    package static func write(workbook writer: _WorkbookWriter, to path: String?) throws {
        let stream = try path.map { (path) throws(OutputError) in try Stream(path: path) } ?? Stream(standardOutputNamed: "standard output")
        if let file = stream.temporaryFile {
            _WorkbookWriter.emptyArchive.withUnsafeBufferPointer { stream.write($0) }
            if let failure = stream.failure { throw failure }
            try writer.write(toArchiveAt: file)
        } else {
            let bytes = try writer.archiveBytes()
            bytes.withUnsafeBufferPointer { stream.write($0) }
        }
        try stream.commit()
    }
}
