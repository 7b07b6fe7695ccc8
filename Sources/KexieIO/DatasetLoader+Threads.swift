import KexieMachinery
import KexieModel

/// Stages 3 and 4 of a load: the tables, read on two threads, and the references that had to
/// wait for a table the other thread was reading.
///
/// ## Thread layout
///
/// This is the one place that describes it. `run` splits the work with `_inParallel`:
///
/// - The **frame thread** (`readFrame`) reads, in dependency order: regions, which it then
///   publishes (`regionsReady`, as `_RegionNames`: references by name share one name index); the rules, decoded against the regions; institutions;
///   organizations; links; and positions (`_PositionsRead.read`) — whole, or, for a quote-free
///   file of `piecesFrom` bytes or more, cut into pieces (`_SharedPositions`) that it publishes
///   (`positionsDecided`) before it starts reading them.
/// - The **persons thread** (`readPersons`) reads persons, checking categories and sectors
///   against the parts of the rules that do not depend on regions. It resolves their region
///   cells if the regions have been published by then, never waiting for them. Then, if the
///   frame thread has started, it waits for its decision on positions and reads the pieces
///   that are left.
/// - What one thread reads before the table it refers to is known waits as byte spans: the
///   persons' region cells (`_PendingRegions`, unless the persons thread could resolve them)
///   and the positions' person cells (`_DeferredReferences`). After both threads are done,
///   the pieces are joined in order and `Result.resolvingDeferred` resolves the spans: the
///   two halves of the positions' persons on two threads, or the persons' regions beside them.
///
/// Each thread logs to logs of its own and returns them; the logs are joined in file order
/// when the dataset is assembled. The two `_Handoff`s are all the threads share, and neither
/// thread can wait for the other unless the other has started and will publish without
/// waiting, so the load cannot deadlock however the threads are scheduled.
struct _TableReads: Sendable {
    let tables: _LocatedTables
    let rulesTree: _YAMLValue
    let logPolicy: _LogPolicy
    let progress: (@Sendable (String, Int) -> Void)?
    let piecesFrom: Int
    /// The as-of date (dataset.yaml's `as_of`, else today): a `founded` after it is a warning.
    let asOf: Day

    /// What the frame thread read.
    struct Frame: Sendable {
        /// The regions, as targets of references by name too.
        var regionNames: _RegionNames
        var regions: RegionTable { regionNames.regions }
        var rules = Rules.defaults
        var institutions = InstitutionTable()
        var organizations = OrganizationTable()
        var links = LinkTable()
        var regionsFile: _OpenedTable?
        var institutionsFile: _OpenedTable?
        var organizationsFile: _OpenedTable?
        var linksFile: _OpenedTable?
        /// Regions, rules, institutions and organizations, in that order.
        var log: DiagnosticLog
        var linksLog: DiagnosticLog
        var positions: _PositionsRead
        var timings = PhaseTimings()
    }

    /// What the persons thread read.
    struct Persons: Sendable {
        /// `nil` without a persons table, or when its header is bad.
        var table: PersonTable?
        var file: _OpenedTable?
        var reader: _TableReader?
        var pendingRegions = _PendingRegions()
        /// Whether `table`'s regions are resolved already.
        var regionsResolved = false
        var log: DiagnosticLog
        var timings = PhaseTimings()
    }

    /// Both threads' work, the positions' pieces joined.
    struct Result: Sendable {
        var frame: Frame
        var persons: Persons
        var timings: PhaseTimings
    }

    /// Reads every table (see the thread layout above).
    func run() -> Result {
        // Persons check categories and sectors against the rules before the regions are known;
        // those parts of the rules do not depend on the regions (only targets do), and the
        // rules' own diagnostics come from the full decode on the frame thread.
        let personRules = Rules._decode(rulesTree, regions: nil, log: _DiagnosticSink(_LogPolicy(limit: 0))) ?? Rules.defaults
        let regionsReady = _Handoff<_RegionNames>()
        let positionsDecided = _Handoff<_SharedPositions>()
        var (frame, persons) = _inParallel(
            { readFrame(regionsReady: regionsReady, positionsDecided: positionsDecided) },
            { readPersons(rules: personRules, regionsReady: regionsReady, positionsDecided: positionsDecided) })
        var timings = frame.timings
        timings.append(contentsOf: persons.timings)
        if frame.positions.pieces != nil {
            frame.positions.joinPieces()
            timings.lap("load: positions, pieces joined")
        }
        return Result(frame: frame, persons: persons, timings: timings)
    }

    /// The frame thread: regions, rules, institutions, organizations, links, positions.
    private func readFrame(regionsReady: _Handoff<_RegionNames>, positionsDecided: _Handoff<_SharedPositions>) -> Frame {
        positionsDecided.publisherStarted()
        let sink = _DiagnosticSink(logPolicy)
        var timings = PhaseTimings()
        var regionsOpened = _OpenedTable.open("regions", tables, sink: sink, progress: progress)
        var regions: RegionTable?
        if var r = regionsOpened.takeReader() { regions = RegionTable._load(&r, log: sink) }
        timings.lap("load: regions")
        let regionNames = _RegionNames(regions ?? RegionTable())
        regionsReady.publish(regionNames)
        let rules = Rules._decode(rulesTree, regions: regions, log: sink) ?? Rules.defaults
        var institutionsOpened = _OpenedTable.open("institutions", tables, sink: sink, progress: progress)
        var institutions = InstitutionTable()
        if var r = institutionsOpened.takeReader() {
            institutions = InstitutionTable._load(&r, regions: regionNames, log: sink) ?? institutions
        }
        timings.lap("load: institutions")
        var organizationsOpened = _OpenedTable.open("organizations", tables, sink: sink, progress: progress)
        var organizations = OrganizationTable()
        if var r = organizationsOpened.takeReader() {
            organizations = OrganizationTable._load(&r, regions: regionNames, institutions: institutions, asOf: asOf, log: sink)
                ?? organizations
        }
        timings.lap("load: organizations")
        let organizationNames = _OrganizationNames(organizations, regions: regionNames.regions)
        let linksSink = _DiagnosticSink(logPolicy)
        var linksOpened = _OpenedTable.open("links", tables, sink: linksSink, progress: progress)
        var links = LinkTable()
        if var r = linksOpened.takeReader() { links = LinkTable._load(&r, organizations: organizationNames, log: linksSink) ?? links }
        timings.lap("load: links")
        let positions = _PositionsRead.read(tables, organizations: organizationNames, policy: logPolicy, piecesFrom: piecesFrom,
                                            progress: progress, decided: positionsDecided)
        timings.lap("load: positions")
        return Frame(regionNames: regionNames, rules: rules, institutions: institutions, organizations: organizations,
                     links: links, regionsFile: regionsOpened.table, institutionsFile: institutionsOpened.table,
                     organizationsFile: organizationsOpened.table, linksFile: linksOpened.table,
                     log: sink.log, linksLog: linksSink.log, positions: positions, timings: timings)
    }

    /// The persons thread: persons, their regions when the frame thread has them, then the
    /// pieces of positions left.
    private func readPersons(rules: Rules, regionsReady: _Handoff<_RegionNames>,
                             positionsDecided: _Handoff<_SharedPositions>) -> Persons {
        let sink = _DiagnosticSink(logPolicy)
        var opened = _OpenedTable.open("persons", tables, sink: sink, progress: progress)
        var persons = Persons(file: opened.table, log: logPolicy.newLog())
        if var r = opened.takeReader() {
            persons.table = PersonTable._load(&r, rules: rules, log: sink, pending: &persons.pendingRegions)
            persons.reader = r
        }
        persons.timings.lap("load: persons (in parallel)")
        if let frame = regionsReady.current(), var table = persons.table, let reader = persons.reader {
            reader.withText { table._resolveRegions(persons.pendingRegions, text: $0, frame: frame, file: reader.file, log: sink) }
            persons.table = table
            persons.regionsResolved = true
            persons.timings.lap("load: regions of persons (in parallel)")
        }
        if let shared = positionsDecided.wait() {
            shared.readPieces()
            persons.timings.lap("load: positions, the pieces left (in parallel)")
        }
        persons.log = sink.log
        return persons
    }
}

extension _TableReads.Result {
    /// Stage 4's result: every table complete, the logs in file order, how the files were read.
    struct Resolved: Sendable {
        var regions: RegionTable
        var rules: Rules
        var institutions: InstitutionTable
        var organizations: OrganizationTable
        var persons: PersonTable
        var positions: PositionTable
        var links: LinkTable
        /// The frame thread's log, then persons', positions' and links'.
        var logs: [DiagnosticLog]
        var files: _OpenedFiles
    }

    /// Stage 4: resolves the references that waited — positions' persons, and persons'
    /// regions unless the persons thread resolved them (then positions' persons are looked up
    /// in two halves at once; else the two resolutions run beside each other).
    func resolvingDeferred(timings: inout PhaseTimings) -> Resolved {
        let (personsDone, positionPersons) = persons.regionsResolved
            ? ((table: persons.table ?? PersonTable(), log: persons.log, timings: PhaseTimings()), resolvePositionPersons(inHalves: true))
            : _inParallel({ resolvePersonRegions() }, { resolvePositionPersons(inHalves: false) })
        timings.append(contentsOf: positionPersons.timings)
        timings.append(contentsOf: personsDone.timings)
        var positions = PositionTable()
        var positionsLog = frame.positions.log
        if var whole = frame.positions.whole, let column = positionPersons.column {
            whole.persons = column
            positions = whole
            positionsLog = warnOfPersonNames(column, persons: personsDone.table, log: positionsLog)
        }
        let files = _OpenedFiles([frame.regionsFile, frame.institutionsFile, frame.organizationsFile, persons.file,
                                  frame.positions.file, frame.linksFile])
        return Resolved(regions: frame.regions, rules: frame.rules, institutions: frame.institutions,
                        organizations: frame.organizations, persons: personsDone.table, positions: positions,
                        links: frame.links, logs: [frame.log, personsDone.log, positionsLog, frame.linksLog],
                        files: files)
    }

    /// `log` (positions') with a warning for each person cell that is a person's name, not an
    /// id (`PersonTable._warnOfNamesGivenAsIDs`).
    private func warnOfPersonNames(_ column: ReferenceColumn, persons: PersonTable, log: DiagnosticLog) -> DiagnosticLog {
        guard let reader = frame.positions.reader else { return log }
        let sink = _DiagnosticSink(continuing: log)
        reader.withText {
            persons._warnOfNamesGivenAsIDs(column, cells: frame.positions.deferredPersons, text: $0, file: reader.file, log: sink)
        }
        return sink.log
    }

    /// The persons' regions against the frame, their warnings appended to the persons' log.
    private func resolvePersonRegions() -> (table: PersonTable, log: DiagnosticLog, timings: PhaseTimings) {
        var timings = PhaseTimings()
        guard var table = persons.table, let reader = persons.reader else { return (PersonTable(), persons.log, timings) }
        let sink = _DiagnosticSink(continuing: persons.log)
        reader.withText { table._resolveRegions(persons.pendingRegions, text: $0, frame: frame.regionNames, file: reader.file, log: sink) }
        timings.lap("load: regions of persons")
        return (table, sink.log, timings)
    }

    /// The positions' person column against the persons' ids (`nil` without a positions reader).
    private func resolvePositionPersons(inHalves: Bool) -> (column: ReferenceColumn?, timings: PhaseTimings) {
        var timings = PhaseTimings()
        let ids = persons.table?.ids ?? InternedStrings()
        let deferred = frame.positions.deferredPersons
        let column = frame.positions.reader.map { reader in
            inHalves ? deferred.resolveInHalves(in: reader.sharedText, against: ids)
                : reader.withText { deferred.resolve(in: $0, against: ids) }
        }
        timings.lap("load: persons of positions")
        return (column, timings)
    }
}

/// How the table files of a load were read, in the order of the contract.
struct _OpenedFiles: Sendable {
    let tables: [_OpenedTable]

    init(_ tables: [_OpenedTable?]) { self.tables = tables.compactMap { $0 } }

    /// Each decoded table's file and encoding.
    var encodings: [(file: String, encoding: TableEncoding)] { tables.compactMap { t in t.encoding.map { (t.file, $0) } } }
    /// Whether reading a file failed part-way (exit status 74).
    var ioFailed: Bool { tables.contains { $0.ioFailed } }
    /// Whether a file could not be opened (exit status 66).
    var inputMissing: Bool { tables.contains { $0.missing } }
    /// The tables read from workbooks, by the name their text was read under.
    var sheetPlaces: [String: _SheetPlaces] {
        Dictionary(tables.compactMap { t in t.sheet.map { ($0.label, $0) } }, uniquingKeysWith: { a, _ in a })
    }
}
