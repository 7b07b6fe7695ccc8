import KexieMachinery
import KexieModel

/// Rewrites a dataset kept as people keep it (Chinese headers and labels, dates as Excel shows
/// them, names for codes, tab-separated tables, workbooks) in the contract's canonical form:
/// UTF-8 CSV tables with English column names and keys, ids for references, `YYYY-MM-DD`
/// dates; plus `normalize-log.csv`, one row per conversion (file, line, column, what was read,
/// what it became, why), so that the canonical folder can be kept under version control and
/// every change the tool made can be checked.
///
/// The dataset is loaded first (`DatasetLoader` keeping every conversion); a dataset that does
/// not load is not rewritten. Then each table's rows are read again as the loader read them
/// (trimmed cells, blank rows skipped) and written with each converted cell replaced by what
/// it became: columns, rows and attribute columns stay as they were, in their order, so the
/// canonical folder loads to the same dataset. `dataset.yaml` and `rules.yaml` are copied as
/// they are (rules are read with Chinese labels too).
public struct DatasetNormalizer: Sendable {
    /// The loader; its `keepsEveryConversion` is set for the load.
    public var loader: DatasetLoader

    public init(loader: DatasetLoader = DatasetLoader()) { self.loader = loader }

    /// What was written.
    public struct Result: Sendable {
        /// The load of the source (its warnings and notes).
        public var loaded: LoadedDataset
        /// Each table written: the file it was read from and the canonical file, with its data rows.
        public var tables: [(source: String, written: String, rows: Int)]
        /// How many conversions `normalize-log.csv` lists.
        public var conversions: Int
    }

    /// Why a dataset was not normalized.
    public enum Failure: Error, Sendable {
        /// The source did not load (its diagnostics are in the error).
        case load(DatasetLoadError)
        /// The output folder could not be written, or would mix with other forms of the tables.
        case output(OutputError)
    }

    /// The name of the conversion list written beside the tables.
    public static let logFile = "normalize-log.csv"

    /// Loads `source` and writes its canonical form into `folder` (made when missing). The
    /// files appear together when all are written (`OutputFile.Batch`).
    ///
    /// - Complexity: O(bytes of the dataset): one load, one more read of each table.
    public func normalize(_ source: String, into folder: String) throws(Failure) -> Result {
        var loader = self.loader
        loader.keepsEveryConversion = true
        let loaded: LoadedDataset
        do { loaded = try loader.load(source) } catch { throw .load(error) }
        do throws(OutputError) {
            try _checkTarget(folder, source: source)
            try OutputFile.makeFolder(folder)
            let batch = OutputFile.Batch()
            var tables: [(source: String, written: String, rows: Int)] = []
            let cells = _ConvertedCells(loaded.log.everyConversion)
            let sourceFolder = source.hasSuffix("/") && source.count > 1 ? String(source.dropLast()) : source
            let located = try _located(sourceFolder)
            for name in DatasetLoader.tableNames {
                guard let written = try _writeTable(name, located, cells: cells, into: "\(folder)/\(name).csv", batch: batch)
                else { continue }
                tables.append((written.source, "\(name).csv", written.rows))
            }
            try batch.write(_logText(loaded.log.everyConversion, sourceFolder: sourceFolder), to: "\(folder)/\(Self.logFile)")
            for yaml in ["dataset.yaml", "rules.yaml"] where _exists("\(sourceFolder)/\(yaml)") {
                let bytes: [UInt8]
                do { bytes = try _FileSystem.read("\(sourceFolder)/\(yaml)", limit: LoadLimits.yamlBytes) } catch {
                    throw OutputError(path: "\(sourceFolder)/\(yaml)", errno: error.errno, reason: "cannot read it again to copy it")
                }
                let out = try batch.stream(to: "\(folder)/\(yaml)")
                bytes.withUnsafeBufferPointer { out.write($0) }
                if let failure = out.failure { throw failure }
            }
            try batch.commit()
            return Result(loaded: loaded, tables: tables, conversions: loaded.log.everyConversion.count)
        } catch {
            throw .output(error)
        }
    }

    /// The tables of `folder`, located again (the load found them, so this does not fail but
    /// for a folder changed meanwhile).
    private func _located(_ folder: String) throws(OutputError) -> _LocatedTables {
        let sink = _DiagnosticSink(_LogPolicy(limit: 1))
        do { return try _LocatedTables(folder: folder, log: sink) } catch {
            throw OutputError(path: folder, errno: 0, reason: "the dataset changed while it was read")
        }
    }

    /// Refuses a target that is the source itself, or that holds another form of a table
    /// (`NAME.csv.gz`, `NAME.xlsx`, a workbook), which would make the canonical folder load
    /// something else.
    private func _checkTarget(_ folder: String, source: String) throws(OutputError) {
        if _FileSystem.isSameEntry(folder, source) {
            throw OutputError(path: folder, errno: 0, reason: "it is the source dataset: give another folder (the canonical form is written beside it, not over it)")
        }
        guard case .directory = _FileSystem.entry(folder) else { return }
        for name in DatasetLoader.tableNames {
            for other in ["\(name).csv.gz", "\(name).xlsx"] where _exists("\(folder)/\(other)") {
                throw OutputError(path: "\(folder)/\(other)", errno: 0,
                                  reason: "the folder already holds \(other), which would be read instead of or beside the canonical \(name).csv: remove it or choose an empty folder")
            }
        }
    }
}

extension DatasetNormalizer {
    /// Reads table `name` again, as the loader did, and writes it to `path` with each
    /// converted cell (and header name) replaced by what it became. `nil` when the dataset has
    /// no such table.
    private func _writeTable(_ name: String, _ located: _LocatedTables, cells: _ConvertedCells, into path: String,
                             batch: OutputFile.Batch) throws(OutputError) -> (source: String, rows: Int)? {
        let sink = _DiagnosticSink(_LogPolicy(limit: 1))
        var opened = _OpenedTable.open(name, located, sink: sink)
        guard let table = opened.table else { return nil }
        guard var reader = opened.takeReader() else {
            throw OutputError(path: table.file, errno: 0, reason: "cannot read it again: the dataset changed while it was read")
        }
        // A sheet's conversions name the workbook, the sheet and Excel's rows; its rows are read
        // as text lines under the sheet's label.
        let places = opened.table?.sheet
        let converted = cells.ofFile(places.map { $0.label } ?? table.file)
        let rowOfLine: (Int) -> Int = { line in places?.row(line) ?? line }
        var out = _ByteWriter(capacity: 1 << 16)
        let headerNames = cells.headerOfFile(places.map { $0.label } ?? table.file)
        var rows = 0
        let ok = reader.read(Self._schema(of: name), log: sink, header: { header in
            for (i, n) in header.names.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                out.append(csvCell: headerNames?[i + 1] ?? n)
            }
            out.append(UInt8(ascii: "\n"))
        }, row: { row in
            rows += 1
            for i in 0..<row.cells.count {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                if let became = converted?[_CellPlace(line: rowOfLine(row.line), column: i + 1)] {
                    out.append(csvCell: became)
                } else {
                    out.append(csvCell: row.bytes(i))
                }
            }
            out.append(UInt8(ascii: "\n"))
        })
        guard ok, !sink.log.hasErrors else {
            throw OutputError(path: table.file, errno: 0, reason: "cannot read it again: the dataset changed while it was read")
        }
        let stream = try batch.stream(to: path)
        out.flush { stream.write($0) }
        if let failure = stream.failure { throw failure }
        return (places.map { $0.label } ?? table.file, rows)
    }

    /// The columns of table `name` (one of `DatasetLoader.tableNames`).
    private static func _schema(of name: String) -> _TableSchema {
        switch name {
        case "regions": RegionTable._schema
        case "organizations": OrganizationTable._schema
        case "persons": PersonTable._schema
        case "positions": PositionTable._schema
        case "links": LinkTable._schema
        default: InstitutionTable._schema
        }
    }

    /// `normalize-log.csv`: a header and one row per conversion, in file order.
    private func _logText(_ conversions: [Conversion], sourceFolder: String) -> String {
        var out = _ByteWriter(capacity: 256 + conversions.count * 64)
        out.append("file,line,column,column_name,read,became,why\n")
        let prefix = sourceFolder + "/"
        for c in conversions {
            let file = c.file.hasPrefix(prefix) ? String(c.file.dropFirst(prefix.count)) : c.file
            out.append(csvCell: c.sheet.map { _SheetPlaces.label(workbook: file, sheet: $0) } ?? file)
            out.append(UInt8(ascii: ","))
            if let line = c.line { out.append(int: line) }
            out.append(UInt8(ascii: ","))
            if let column = c.column { out.append(int: column) }
            out.append(UInt8(ascii: ","))
            out.append(csvCell: c.columnName ?? "")
            out.append(UInt8(ascii: ","))
            out.append(csvCell: c.read)
            out.append(UInt8(ascii: ","))
            out.append(csvCell: c.became)
            out.append(UInt8(ascii: ","))
            out.append(csvCell: c.kind.rawValue)
            out.append(UInt8(ascii: "\n"))
        }
        return out.text
    }
}

/// Where a cell is in a table: the line (header = 1) and 1-based column a conversion names.
struct _CellPlace: Hashable {
    let line: Int
    let column: Int
}

/// What each converted cell became, per file; a cell converted twice (full-width digits in a
/// date, say) becomes what the last conversion made of it.
struct _ConvertedCells {
    private var files: [String: [_CellPlace: String]] = [:]
    /// The header names read as the contract's, per file and 1-based column.
    private var headers: [String: [Int: String]] = [:]

    init(_ conversions: [Conversion]) {
        for c in conversions {
            guard let line = c.line, let column = c.column else { continue }
            let file = c.sheet.map { _SheetPlaces.label(workbook: c.file, sheet: $0) } ?? c.file
            if c.kind == .columnName {
                headers[file, default: [:]][column] = c.became
            } else {
                files[file, default: [:]][_CellPlace(line: line, column: column)] = c.became
            }
        }
    }

    /// The renamed header cells of `file` by 1-based column, or `nil` when none was renamed.
    func headerOfFile(_ file: String) -> [Int: String]? { headers[file] }

    /// The converted cells of `file`, or `nil` when it has none.
    func ofFile(_ file: String) -> [_CellPlace: String]? { files[file] }
}
