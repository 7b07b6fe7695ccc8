import KexieModel

/// Why a dataset could not be loaded. The kind decides the exit status (sysexits).
public struct DatasetLoadError: Error, Sendable {
    /// What went wrong; decides the exit status (66, 65 or 74).
    public enum Kind: Sendable, Equatable {
        /// A dataset folder, a required table or a rules file does not exist or cannot be opened.
        case inputMissing
        /// The input breaks the contract.
        case dataError
        /// Reading failed part-way.
        case ioError
    }
    /// What went wrong.
    public var kind: Kind
    /// Every diagnostic of the load (errors, warnings, notes), errors first within each file.
    public var log: DiagnosticLog
}

/// A successfully loaded dataset, with the warnings and notes of its load.
public struct LoadedDataset: Sendable {
    /// The validated dataset.
    public var dataset: Dataset
    /// The folder it was read from, as given.
    public var path: String
    /// The warnings and notes of the load (a loaded dataset has no errors).
    public var log: DiagnosticLog
    /// How each table was read (file name and encoding), in load order.
    public var files: [(file: String, encoding: TableEncoding)]
    /// Where the load's time went: one phase per table read, then the derived columns.
    public var timings: PhaseTimings
}

/// Reads a dataset folder (dataset.md, contract version 1).
///
/// A load runs in stages, each a named type with a named result:
///
/// 1. **Locate the tables** (`_LocatedTables`): the folder, and `NAME.csv` or `NAME.csv.gz` for
///    each table of the contract.
/// 2. **Read the preamble** (`_Preamble`): `dataset.yaml`, and the rules tree (defaults, then
///    `rules.yaml`, then each `--rules` file).
/// 3. **Read the tables on two threads** (`_TableReads`; its documentation is the one place
///    that describes the thread layout): regions, rules, institutions, organizations, links and
///    positions on one, persons on the other, positions read in pieces by both when the file
///    allows. References to a table still being read wait as byte spans.
/// 4. **Resolve the references that waited** (`_TableReads.Result.resolvingDeferred`): persons'
///    regions and positions' persons.
/// 5. **Assemble** (`_assemble`): the logs in file order, the exit kind of a failed load, or
///    the dataset with its derived columns.
///
/// All errors of a load are collected (up to `errorLimit` kept, all counted) before it fails,
/// so one run shows everything that needs fixing.
public struct DatasetLoader: Sendable {
    /// Rules files merged over the dataset's own `rules.yaml`, in order (`--rules`).
    public var rulesFiles: [String]
    /// How many errors (and, separately, warnings) are kept; the rest are counted.
    public var errorLimit: Int
    /// Called with a table's file and the data rows read so far, every 65,536 rows and when the
    /// table is done, from the thread reading it (two tables are read at once). Positions read
    /// in pieces by both threads are told as the total of all pieces, at each piece's 65,536
    /// rows and end, one call at a time, so the counts of a table only grow.
    public var progress: (@Sendable (_ file: String, _ rows: Int) -> Void)?
    /// Whether the load's log keeps every conversion from a form people write to the
    /// contract's canonical form (`DiagnosticLog.everyConversion`, for `kexie normalize`);
    /// else they are counted, one note per table and kind.
    public var keepsEveryConversion = false
    /// The size from which a positions file without quotes is read in pieces by both threads
    /// (smaller files are read whole); tests lower it to read small files in pieces.
    var _piecesFrom = 8 << 20

    /// A loader that merges `rulesFiles` over each dataset's `rules.yaml` and keeps up to
    /// `errorLimit` errors and warnings of a load.
    public init(rulesFiles: [String] = [], errorLimit: Int = 50,
                progress: (@Sendable (_ file: String, _ rows: Int) -> Void)? = nil) {
        self.rulesFiles = rulesFiles
        self.errorLimit = errorLimit
        self.progress = progress
    }

    /// The tables of the contract, by file name without `.csv`; `regions` and `organizations`
    /// are required, the others optional.
    public static let tableNames = ["regions", "organizations", "persons", "positions", "links", "institutions"]

    /// Reads, validates and indexes the dataset folder at `path`.
    ///
    /// Each table may be `NAME.csv` or `NAME.csv.gz`, in UTF-8 (with or without a byte-order
    /// mark) or GB18030. Fails with every error found, not just the first.
    ///
    /// - Returns: the dataset with the warnings and notes of its load.
    /// - Throws: ``DatasetLoadError`` carrying the whole ``DiagnosticLog``.
    /// - Complexity: O(bytes of input) expected: one scan per table, hash lookups for references,
    ///   counting sorts for the adjacency.
    public func load(_ path: String) throws(DatasetLoadError) -> LoadedDataset {
        let log = _DiagnosticSink(logPolicy)
        do {
            return try load(path, log: log)
        } catch {
            throw DatasetLoadError(kind: error.kind, log: log.log)
        }
    }

    /// What the logs of a load keep.
    var logPolicy: _LogPolicy { _LogPolicy(limit: errorLimit, keepsEveryConversion: keepsEveryConversion) }

    /// The stages of a load, in order (see the type's documentation).
    private func load(_ path: String, log: _DiagnosticSink) throws(_LoadFailure) -> LoadedDataset {
        var timings = PhaseTimings()
        let folder = path.hasSuffix("/") && path.count > 1 ? String(path.dropLast()) : path
        let tables = try _LocatedTables(folder: folder, log: log)
            .readingAhead("positions", keepingEveryConversion: keepsEveryConversion)
        let preamble = try _Preamble(folder: folder, rulesFiles: rulesFiles, log: log)
        let reads = _TableReads(tables: tables, rulesTree: preamble.rulesTree, logPolicy: logPolicy,
                                progress: progress, piecesFrom: _piecesFrom, asOf: preamble.manifest.asOf ?? Day.today())
        let read = reads.run()
        timings.append(contentsOf: read.timings)
        let resolved = read.resolvingDeferred(timings: &timings)
        let dataset = try _assemble(resolved, manifest: preamble.manifest, folder: folder, log: log)
        timings.lap("load: derived columns")
        return LoadedDataset(dataset: dataset, path: path, log: log.log, files: resolved.files.encodings, timings: timings)
    }

    /// Stage 5: the logs joined in file order; the kind of failure when there are errors, else
    /// the dataset (its derived columns built).
    private func _assemble(_ r: _TableReads.Result.Resolved, manifest: _Manifest, folder: String,
                           log: _DiagnosticSink) throws(_LoadFailure) -> Dataset {
        let sheets = r.files.sheetPlaces
        for part in r.logs { log.log.append(contentsOf: part.relocating(sheets)) }
        for note in log.log.conversionNotes { log.log.add(note) }
        if log.log.hasErrors {
            throw _LoadFailure(r.files.ioFailed ? .ioError : r.files.inputMissing ? .inputMissing : .dataError)
        }
        let dataset = Dataset(
            name: manifest.name ?? Self.defaultName(folder), description: manifest.description,
            source: manifest.source, asOf: manifest.asOf,
            regions: r.regions, organizations: r.organizations, persons: r.persons, positions: r.positions,
            links: r.links, institutions: r.institutions, rules: r.rules)
        if dataset.secondedTermsEndingAtLatest > 0 {
            let n = dataset.secondedTermsEndingAtLatest
            log.warning(nil, "\(n) seconded vice-chair term\(n == 1 ? "" : "s") (start plus seconded_term_years \(r.rules.secondedTermYears)) would end after \(Day.latest), the last date kexie reads and writes: taken to end on \(Day.latest)")
        }
        return dataset
    }

    /// The name of a dataset without a `name` in dataset.yaml: its folder's name.
    static func defaultName(_ folder: String) -> String {
        var f = folder
        if f == "." || f.isEmpty, let cwd = _FileSystem.currentDirectory() { f = cwd }
        return f.split(separator: "/").last.map(String.init) ?? f
    }
}

/// A stage of a load that cannot go on: how the load failed (its diagnostics are in the log).
struct _LoadFailure: Error {
    let kind: DatasetLoadError.Kind
    init(_ kind: DatasetLoadError.Kind) { self.kind = kind }
}
