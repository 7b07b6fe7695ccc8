/// One table file of a load: how it was read (or that it could not be, already logged).
struct _OpenedTable: Sendable {
    let file: String
    /// `nil` when the file could not be read, decompressed or decoded.
    let encoding: TableEncoding?
    /// Whether reading failed part-way (exit status 74 rather than 65).
    let ioFailed: Bool
    /// Whether the file could not be opened (exit status 66 rather than 65).
    var missing = false
    /// Where the lines of a sheet's text are in the sheet, for a table read from a workbook.
    var sheet: _SheetPlaces? = nil

    /// A table file as opened (`table` is `nil` when the dataset has no such table), and its
    /// reader when its text could be decoded.
    struct Opened {
        let table: _OpenedTable?
        private var reader: _TableReader?

        init(table: _OpenedTable?, reader: _TableReader?) {
            self.table = table
            self.reader = reader
        }

        /// The reader, moved out: reading unescapes quoted cells in place, so the reader must
        /// hold the only reference to its text (a second one would make the first write copy
        /// the whole table).
        mutating func takeReader() -> _TableReader? {
            defer { reader = nil }
            return reader
        }
    }

    /// Reads table `name` if the dataset has it: the whole file, gunzipped when named `.gz`,
    /// decoded to UTF-8.
    static func open(
        _ name: String, _ tables: _LocatedTables, sink: _DiagnosticSink,
        progress: (@Sendable (String, Int) -> Void)? = nil
    ) -> Opened {
        guard let file = tables.files[name] else { return Opened(table: nil, reader: nil) }
        if let source = tables.sheets[name] { return openSheet(name, source, sink: sink, progress: progress) }
        func failed(ioFailed: Bool = false, missing: Bool = false) -> Opened {
            Opened(table: _OpenedTable(file: file, encoding: nil, ioFailed: ioFailed, missing: missing), reader: nil)
        }
        let bytes: [UInt8]
        do {
            bytes = try _FileSystem.read(file, limit: LoadLimits.tableBytes)
        } catch {
            sink.error(file, error.refusal(what: "a table") ?? error.description)
            return failed(ioFailed: error.kind == .io, missing: error.isInputMissing)
        }
        var text = bytes
        if file.hasSuffix(".gz") {
            guard _Gzip.isGzip(bytes) else {
                sink.error(file, "the file is named .gz but is not gzip-compressed")
                return failed()
            }
            do { text = try _Gzip.decompress(bytes, limit: LoadLimits.tableBytes) } catch {
                sink.error(file, "cannot decompress: \(error.message) (at compressed byte offset \(error.offset))")
                return failed()
            }
        }
        do {
            var r = try _TableReader(file: file, bytes: text)
            r.progress = progress
            if r.encoding == .gb18030 {
                sink.note(file, "not valid UTF-8; read as GB18030 (the encoding of Chinese-locale Excel exports)")
            }
            for bad in r.invalidUTF8.lines {
                sink.error(file, line: bad.line, bad.message(validLines: r.invalidUTF8.validLines))
            }
            return Opened(table: _OpenedTable(file: file, encoding: r.encoding, ioFailed: false), reader: r)
        } catch {
            // Name the line of the offending byte, so editors can jump to it.
            let line = error.offset.map { offset in 1 + text.withUnsafeBufferPointer { _countLineEnds(.init(rebasing: $0[..<offset])) } }
            sink.error(file, line: line, error.message)
            return failed()
        }
    }
}
