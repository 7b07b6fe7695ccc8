#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import KexieMachinery
import KexieModel
import Synchronization

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
/// Tables are read on two threads in dependency order (regions, institutions, organizations
/// and links on one, persons on the other, positions on both); references to a table still
/// being read wait as byte spans and are resolved once it is there. `dataset.yaml` and the
/// rules are read first. All errors of a load are collected (up to `errorLimit` kept, all counted) before
/// it fails, so one run shows everything that needs fixing.
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
        let sink = _DiagnosticSink(limit: errorLimit)
        var timings = PhaseTimings()
        func fail(_ kind: DatasetLoadError.Kind) -> DatasetLoadError { DatasetLoadError(kind: kind, log: sink.log) }
        let folder = path.hasSuffix("/") && path.count > 1 ? String(path.dropLast()) : path

        switch _FileSystem.entry(folder) {
        case .directory: break
        case .missing(let code):
            sink.error(folder, "cannot open the dataset folder: \(_systemMessage(code))")
            throw fail(.inputMissing)
        default:
            sink.error(folder, "not a folder: a dataset is a folder of CSV tables (regions.csv, organizations.csv, …)")
            throw fail(.inputMissing)
        }

        // Locate the tables: NAME.csv or NAME.csv.gz, not both.
        var located: [String: String] = [:]
        var missingRequired = false
        for name in Self.tableNames {
            let plain = "\(folder)/\(name).csv", gz = "\(folder)/\(name).csv.gz"
            let hasPlain = exists(plain), hasGz = exists(gz)
            if hasPlain && hasGz {
                sink.error(gz, "both \(name).csv and \(name).csv.gz exist; keep only one of them")
            } else if hasPlain || hasGz {
                located[name] = hasPlain ? plain : gz
            } else if name == "regions" || name == "organizations" {
                sink.error(plain, "missing required table \(name).csv (or \(name).csv.gz)")
                missingRequired = true
            }
        }
        if missingRequired { throw fail(.inputMissing) }

        // Manifest and rules.
        var manifest = _Manifest()
        if exists("\(folder)/dataset.yaml") {
            manifest = _Manifest.load("\(folder)/dataset.yaml", log: sink) ?? manifest
        }
        var rulesTree = Rules._defaultsTree()
        var rulesSources: [String] = []
        if exists("\(folder)/rules.yaml") { rulesSources.append("\(folder)/rules.yaml") }
        for file in rulesFiles {
            guard case .file = _FileSystem.entry(file) else {
                sink.error(file, "cannot open the rules file: " + describe(_FileSystem.entry(file)))
                throw fail(.inputMissing)
            }
            rulesSources.append(file)
        }
        for file in rulesSources {
            guard let text = readText(file, sink: sink) else { continue }
            if let tree = _YAMLValue.parse(text, file: file, log: sink) {
                if case .mapping = tree {
                    rulesTree = rulesTree.merged(with: Rules._normalizingSectors(tree))
                } else {
                    sink.error(file, line: tree.mark.line, "a rules file is a mapping of keys (coverage:, key_persons:, targets:, …), found \(tree.kindDescription)")
                }
            }
        }

        // Tables, in dependency order, on two threads: regions, institutions, organizations and
        // links on one, persons on the other, then positions on both (in pieces, when the file
        // allows; see _SharedPositions). What one thread reads before its target is known
        // (persons' regions, positions' persons) waits as byte spans and is resolved when the
        // target is there. Each thread logs to its own sinks; the logs are joined in file order
        // afterwards.
        let limit = errorLimit
        let piecesFrom = _piecesFrom
        // Persons check categories and sectors against the rules before the regions are known;
        // those parts of the rules do not depend on the regions (only targets do), and the
        // rules' own diagnostics come from the full decode below.
        let personRules = Rules._decode(rulesTree, regions: nil, log: _DiagnosticSink(limit: 0)) ?? Rules.defaults
        // The regions, for the persons' thread to resolve its region cells as soon as it is
        // done, when the other thread has them by then (it reads them first, so it usually has).
        let regionsForPersons = _Handoff<RegionTable>()
        // The positions, when they are read in pieces, for the persons' thread to join in.
        let positionsForPersonsThread = _Decision<_SharedPositions>()
        let (side, personsSide) = _inParallelUnchecked({
            positionsForPersonsThread.deciderStarted()
            let sink = _DiagnosticSink(limit: limit)
            var timings = PhaseTimings()
            var regions = RegionTable()
            var regionsOK = false
            var (regionsFile, regionsReader) = _split(_OpenedTable.open("regions", located, sink: sink, progress: progress))
            if var r = regionsReader.take(), let t = RegionTable._load(&r, log: sink) {
                regions = t
                regionsOK = true
            }
            timings.lap("load: regions")
            regionsForPersons.publish(regions)
            let rules = Rules._decode(rulesTree, regions: regionsOK ? regions : nil, log: sink) ?? Rules.defaults
            var (institutionsFile, institutionsReader) = _split(_OpenedTable.open("institutions", located, sink: sink, progress: progress))
            var institutions = InstitutionTable()
            if var r = institutionsReader.take() {
                institutions = InstitutionTable._load(&r, regions: regions, log: sink) ?? institutions
            }
            timings.lap("load: institutions")
            var (organizationsFile, organizationsReader) = _split(_OpenedTable.open("organizations", located, sink: sink, progress: progress))
            var organizations = OrganizationTable()
            if var r = organizationsReader.take() {
                organizations = OrganizationTable._load(&r, regions: regions, institutions: institutions, log: sink) ?? organizations
            }
            timings.lap("load: organizations")
            let linksSink = _DiagnosticSink(limit: limit)
            var (linksFile, linksReader) = _split(_OpenedTable.open("links", located, sink: linksSink, progress: progress))
            var links = LinkTable()
            if var r = linksReader.take() { links = LinkTable._load(&r, organizations: organizations, log: linksSink) ?? links }
            timings.lap("load: links")
            let positionsSink = _DiagnosticSink(limit: limit)
            var (positionsFile, positionsReader) = _split(_OpenedTable.open("positions", located, sink: positionsSink, progress: progress))
            var positions: PositionTable?
            var deferred = _DeferredReferences()
            var sharedPositions: _SharedPositions?
            if var r = positionsReader.take() {
                switch _SharedPositions.plan(&r, organizations: organizations, log: positionsSink, limit: limit, from: piecesFrom) {
                case .pieces(let shared):
                    // This thread reads pieces from the first on; the other joins in when done.
                    positionsForPersonsThread.decide(shared)
                    shared.readPieces()
                    sharedPositions = shared
                case .whole:
                    positions = PositionTable._load(&r, organizations: organizations, log: positionsSink, deferredPersons: &deferred)
                case .badHeader:
                    break
                }
                positionsReader = r
            }
            if sharedPositions == nil { positionsForPersonsThread.decide(nil) }
            timings.lap("load: positions")
            return (regions, rules, institutions, organizations, links,
                    [regionsFile, institutionsFile, organizationsFile, linksFile, positionsFile],
                    sink, linksSink, timings, (positions, positionsReader, deferred, positionsSink), sharedPositions)
        }, {
            let sink = _DiagnosticSink(limit: limit)
            var timings = PhaseTimings()
            var (personsFile, personsReader) = _split(_OpenedTable.open("persons", located, sink: sink, progress: progress))
            var persons: PersonTable?
            var pending = _PendingRegions()
            var regionsResolved = false
            if var r = personsReader.take() {
                persons = PersonTable._load(&r, rules: personRules, log: sink, pending: &pending)
                personsReader = r
            }
            timings.lap("load: persons (in parallel)")
            if let frame = regionsForPersons.current(), var parsed = persons, let reader = personsReader {
                reader.withText { parsed._resolveRegions(pending, text: $0, frame: frame, file: reader.file, log: sink) }
                persons = parsed
                regionsResolved = true
                timings.lap("load: regions of persons (in parallel)")
            }
            if let shared = positionsForPersonsThread.wait() {
                shared.readPieces()
                timings.lap("load: positions, the pieces left (in parallel)")
            }
            return (persons, personsFile, sink, timings, personsReader, pending, regionsResolved)
        })
        let (regions, rules, institutions, organizations, links) = (side.0, side.1, side.2, side.3, side.4)
        timings.append(contentsOf: side.8)
        timings.append(contentsOf: personsSide.3)
        sink.log.append(contentsOf: side.6.log)
        var (parsedPositions, positionsReader, deferredPersons, positionsSink) = side.9
        if let shared = side.10 {
            (parsedPositions, deferredPersons) = shared.merged(into: positionsSink)
            timings.lap("load: positions, pieces joined")
        }
        let personsSink = personsSide.2

        // The references that waited: persons' regions (unless the persons' thread could
        // resolve them already) and positions' persons, in two halves.
        let resolved = _UncheckedSendable((personsSide.0, personsSide.4, personsSide.5, parsedPositions, positionsReader))
        let regionsResolved = personsSide.6
        func positionPersons(inHalves: Bool) -> (ReferenceColumn?, PhaseTimings) {
            var timings = PhaseTimings()
            let (parsed, _, _, _, reader) = resolved.value
            let column = reader?.withText { deferredPersons.resolve(in: $0, against: parsed?.ids ?? InternedStrings(), inHalves: inHalves) }
            timings.lap("load: persons of positions")
            return (column, timings)
        }
        let ((persons, regionTimes), (positionPersons, personTimes)) = regionsResolved
            ? ((personsSide.0 ?? PersonTable(), PhaseTimings()), positionPersons(inHalves: true))
            : _inParallelUnchecked({ () -> (PersonTable, PhaseTimings) in
                var timings = PhaseTimings()
                let (parsed, reader, pending, _, _) = resolved.value
                guard var persons = parsed, let reader else { return (PersonTable(), timings) }
                reader.withText { persons._resolveRegions(pending, text: $0, frame: regions, file: reader.file, log: personsSink) }
                timings.lap("load: regions of persons")
                return (persons, timings)
            }, { positionPersons(inHalves: false) })
        var positions = PositionTable()
        if var parsed = parsedPositions, let positionPersons {
            parsed.persons = positionPersons
            positions = parsed
        }
        timings.append(contentsOf: personTimes)
        timings.append(contentsOf: regionTimes)
        sink.log.append(contentsOf: personsSink.log)
        sink.log.append(contentsOf: positionsSink.log)
        sink.log.append(contentsOf: side.7.log)

        // How each table was read, in the order of the contract.
        let opened = [side.5[0], side.5[1], side.5[2], personsSide.1, side.5[4], side.5[3]].compactMap { $0 }
        let files = opened.compactMap { t in t.encoding.map { (t.file, $0) } }
        let ioFailure = opened.contains { $0.ioFailed }
        let inputMissing = opened.contains { $0.missing }

        if sink.log.hasErrors { throw fail(ioFailure ? .ioError : inputMissing ? .inputMissing : .dataError) }

        let dataset = Dataset(
            name: manifest.name ?? Self.defaultName(folder), description: manifest.description,
            source: manifest.source, asOf: manifest.asOf,
            regions: regions, organizations: organizations, persons: persons, positions: positions,
            links: links, institutions: institutions, rules: rules)
        timings.lap("load: derived columns")
        return LoadedDataset(dataset: dataset, path: path, log: sink.log, files: files, timings: timings)
    }

    /// The name of a dataset without a `name` in dataset.yaml: its folder's name.
    static func defaultName(_ folder: String) -> String {
        var f = folder
        if f == "." || f.isEmpty, let cwd = _FileSystem.currentDirectory() { f = cwd }
        return f.split(separator: "/").last.map(String.init) ?? f
    }

    /// Whether something is at `path`. A name that cannot be followed (a symbolic-link loop, a
    /// permission problem) counts as present, so that reading it reports the real reason.
    private func exists(_ path: String) -> Bool {
        if case .missing(let code) = _FileSystem.entry(path) { return code != ENOENT && code != ENOTDIR }
        return true
    }

    private func describe(_ entry: _FileSystem.Entry) -> String {
        switch entry {
        case .missing(let code): _systemMessage(code)
        case .directory: "it is a folder"
        case .file: "it is a file"
        case .other: "it is not a regular file"
        }
    }

    private func readText(_ file: String, sink: _DiagnosticSink) -> String? {
        if _rejectUnloadable(file, limit: LoadLimits.yamlBytes, what: "a YAML file", sink: sink) { return nil }
        do {
            let bytes = try _FileSystem.read(file)
            let (text, _) = try _TextDecoding.utf8Text(bytes)
            return String(decoding: text, as: UTF8.self)
        } catch let error as FileReadError {
            sink.error(file, error.description)
        } catch let error as _EncodingError {
            sink.error(file, error.message)
        } catch {
            sink.error(file, "\(error)")
        }
        return nil
    }
}

/// `dataset.yaml`: name, description, source, as_of.
struct _Manifest {
    var name: String?
    var description: String?
    var source: String?
    var asOf: Day?

    static func load(_ file: String, log: _DiagnosticSink) -> _Manifest? {
        if _rejectUnloadable(file, limit: LoadLimits.yamlBytes, what: "a YAML file", sink: log) { return nil }
        let bytes: [UInt8]
        do { bytes = try _FileSystem.read(file) } catch {
            log.error(file, "cannot read dataset.yaml: \(error.description)")
            return nil
        }
        guard let text = try? _TextDecoding.utf8Text(bytes).text else {
            log.error(file, "dataset.yaml is not UTF-8 text")
            return nil
        }
        guard let tree = _YAMLValue.parse(String(decoding: text, as: UTF8.self), file: file, log: log) else { return nil }
        let d = _RulesDecoder(log: log)
        guard case .mapping(let entries, _) = tree else {
            d.error(tree.mark, "dataset.yaml", "expected a mapping (name:, description:, source:, as_of:), found \(tree.kindDescription)")
            return nil
        }
        var m = _Manifest()
        let known = ["name", "description", "source", "as_of"]
        for (key, keyMark, value) in entries {
            switch key {
            case "name": m.name = d.string(value, key)
            case "description": m.description = d.string(value, key)
            case "source": m.source = d.string(value, key)
            case "as_of": m.asOf = d.date(value, key)
            default:
                log.warning(file, line: keyMark.line, column: keyMark.column,
                            "unknown key \"\(key)\" in dataset.yaml is ignored" + _Suggestion.hint(for: key, allowed: known))
            }
        }
        return m
    }
}

/// A value one thread of a load publishes for the other to take if it is there yet. Taking
/// never waits, so neither thread can block the other, however the two are scheduled.
final class _Handoff<T: Sendable>: Sendable {
    private let slot = Mutex<T?>(nil)
    func publish(_ value: T) { slot.withLock { $0 = value } }
    /// The published value, or `nil` when there is none yet (it stays published).
    func current() -> T? { slot.withLock { $0 } }
}

/// A decision one thread of a load makes (a value, or none) that the other may wait for, but
/// only once the deciding thread has started: it then decides without waiting for anything,
/// so the wait ends; if it has not started (the two run one after the other, on one core),
/// nobody waits.
final class _Decision<T: Sendable>: Sendable {
    private enum State { case deciderNotStarted, pending, decided(T?) }
    private let state = Mutex<State>(.deciderNotStarted)

    /// Called by the deciding thread before anything else.
    func deciderStarted() { state.withLock { if case .deciderNotStarted = $0 { $0 = .pending } } }
    func decide(_ value: T?) { state.withLock { $0 = .decided(value) } }

    /// The decision, waiting for it while the decider is at work; `nil` for no value, or when
    /// the decider has not started.
    func wait() -> T? {
        while true {
            let now: State = state.withLock { $0 }
            switch now {
            case .deciderNotStarted: return nil
            case .decided(let value): return value
            case .pending: usleep(200)
            }
        }
    }
}

/// `positions.csv` read in pieces by two threads: the pieces are handed out in text order to
/// whichever thread asks, each is read once, and the results are merged in order. Only for
/// text without a quote (reading then writes nothing into the shared text) and big enough to
/// be worth it.
final class _SharedPositions: @unchecked Sendable {
    private let reader: _TableReader
    private let pieces: [_RowSpan]
    private let organizations: OrganizationTable
    private let limit: Int
    private let next = Mutex<Int>(0)
    /// The rows each piece has read so far, for the reader's progress callback.
    private let rowsRead: Mutex<[Int]>
    /// Each piece's result, stored by the thread that read it.
    private let results: Mutex<[Int: _UncheckedSendable<(rows: _PositionRows, log: _DiagnosticSink)>]>

    /// How to read a positions table.
    enum Plan {
        /// Whole, on one thread: text with a quote, or too small to be worth splitting.
        case whole
        /// In pieces.
        case pieces(_SharedPositions)
        /// Not at all: the header is missing or lacks a column (reported to the log).
        case badHeader
    }

    /// Reads the header (reporting what is wrong with it) and cuts the rows into pieces, when
    /// the text has no quote and is at least `from` bytes.
    static func plan(_ reader: inout _TableReader, organizations: OrganizationTable, log: _DiagnosticSink, limit: Int,
                     from: Int) -> Plan {
        let size = reader.withText { $0.count }
        guard size >= from, !reader.hasQuote(in: 0..<size) else { return .whole }
        guard let rows = reader.readHeader(PositionTable._schema, log: log) else { return .badHeader }
        let pieces = reader.cut(rows, into: 16)
        // Pieces do not count rows across each other: a table that may be near the row limit
        // is read whole, where the limit is checked.
        guard rows.range.count / 8 < LoadLimits.rows else { return .whole }
        return .pieces(_SharedPositions(reader, pieces: pieces, organizations: organizations, limit: limit))
    }

    private init(_ reader: _TableReader, pieces: [_RowSpan], organizations: OrganizationTable, limit: Int) {
        self.reader = reader
        self.pieces = pieces
        self.organizations = organizations
        self.limit = limit
        self.results = Mutex([:])
        self.rowsRead = Mutex([Int](repeating: 0, count: pieces.count))
    }

    /// Reads pieces until none is left.
    func readPieces() {
        while let k = next.withLock({ n -> Int? in
            guard n < pieces.count else { return nil }
            n += 1
            return n - 1
        }) {
            let result = PositionTable._loadSpan(pieces[k], of: reader, organizations: organizations, limit: limit,
                                                 progress: progress(ofPiece: k))
            results.withLock { $0[k] = _UncheckedSendable(result) }
        }
    }

    /// A progress callback for piece `k` that tells the reader's callback the rows of all
    /// pieces so far. Told under the lock, so that the totals it sees only grow.
    private func progress(ofPiece k: Int) -> (@Sendable (String, Int) -> Void)? {
        guard let progress = reader.progress else { return nil }
        return { [self] file, rows in
            rowsRead.withLock { read in
                read[k] = rows
                progress(file, read.reduce(0, +))
            }
        }
    }

    /// The table and its deferred person cells, the pieces' diagnostics appended to `log` in
    /// order (call once both threads are done).
    func merged(into log: _DiagnosticSink) -> (PositionTable?, _DeferredReferences) {
        let all = results.withLock { r in (0..<pieces.count).map { r[$0]!.value } }
        let (table, persons) = PositionTable._merge(all, file: reader.file, into: log)
        return (table, persons)
    }
}

/// `(table, reader)` of an opened table, or `(nil, nil)` for a table the dataset lacks.
private func _split(_ opened: (_OpenedTable, _TableReader?)?) -> (_OpenedTable?, _TableReader?) {
    (opened?.0, opened?.1)
}

/// One table file of a load: how it was read (or that it could not be, already logged).
struct _OpenedTable {
    let file: String
    /// `nil` when the file could not be read, decompressed or decoded.
    let encoding: TableEncoding?
    /// Whether reading failed part-way (exit status 74 rather than 65).
    let ioFailed: Bool
    /// Whether the file could not be opened (exit status 66 rather than 65).
    var missing = false

    /// Reads table `name` if the dataset has it (`nil` when it does not): the whole file,
    /// gunzipped when named `.gz`, decoded to UTF-8. The reader is returned apart so that it
    /// holds the only reference to the text, which reading unescapes in place.
    static func open(
        _ name: String, _ located: [String: String], sink: _DiagnosticSink,
        progress: (@Sendable (String, Int) -> Void)? = nil
    ) -> (_OpenedTable, _TableReader?)? {
        guard let file = located[name] else { return nil }
        if _rejectUnloadable(file, limit: LoadLimits.tableBytes, what: "a table", sink: sink) {
            return (_OpenedTable(file: file, encoding: nil, ioFailed: false), nil)
        }
        let bytes: [UInt8]
        do {
            bytes = try _FileSystem.read(file)
        } catch {
            sink.error(file, error.description)
            return (_OpenedTable(file: file, encoding: nil, ioFailed: error.kind == .io, missing: error.kind != .io), nil)
        }
        var text = bytes
        if file.hasSuffix(".gz") {
            guard _Gzip.isGzip(bytes) else {
                sink.error(file, "the file is named .gz but is not gzip-compressed")
                return (_OpenedTable(file: file, encoding: nil, ioFailed: false), nil)
            }
            do { text = try _Gzip.decompress(bytes, limit: LoadLimits.tableBytes) } catch {
                sink.error(file, "cannot decompress: \(error.message) (at compressed byte offset \(error.offset))")
                return (_OpenedTable(file: file, encoding: nil, ioFailed: false), nil)
            }
        }
        do {
            var r = try _TableReader(file: file, bytes: text)
            r.progress = progress
            if r.encoding == .gb18030 {
                sink.note(file, "not valid UTF-8; read as GB18030 (the encoding of Chinese-locale Excel exports)")
            }
            return (_OpenedTable(file: file, encoding: r.encoding, ioFailed: false), r)
        } catch {
            // Name the line of the offending byte, so editors can jump to it.
            let line = error.offset.map { offset in 1 + text.prefix(offset).reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) } }
            sink.error(file, line: line, error.message)
            return (_OpenedTable(file: file, encoding: nil, ioFailed: false), nil)
        }
    }
}

/// Reports a file larger than `limit` bytes, or one that is not a regular file (a pipe or a
/// device such as /dev/zero would be read without end), before reading it. A missing file or a
/// folder is left to the read, which says so.
func _rejectUnloadable(_ file: String, limit: Int, what: String, sink: _DiagnosticSink) -> Bool {
    switch _FileSystem.entry(file) {
    case .file(let size) where size > limit:
        sink.error(file, "the file is \(size) bytes; \(what) may be at most \(LoadLimits.bytesText(limit)) (\(limit) bytes)")
        return true
    case .other:
        sink.error(file, "not a regular file: \(what) must be a file (a pipe or a device cannot be read to its end)")
        return true
    default:
        return false
    }
}
