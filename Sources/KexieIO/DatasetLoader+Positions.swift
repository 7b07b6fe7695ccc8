import KexieMachinery
import KexieModel
import Synchronization

/// How the frame thread read `positions.csv` (stage 3 of a load), for stage 4 to finish.
struct _PositionsRead: Sendable {
    /// The file, as opened (`nil` when the dataset has no positions table).
    var file: _OpenedTable?
    /// The reader of the file, whose text the person spans point into.
    var reader: _TableReader?
    /// The table read whole (its `persons` column still empty), when it was read whole.
    var whole: PositionTable?
    /// The person cells of a table read whole, as spans of the reader's text.
    var deferredPersons = _DeferredReferences()
    /// The pieces both threads read, when it was read in pieces.
    var pieces: _SharedPositions?
    /// The diagnostics of the header and of a whole read.
    var log: DiagnosticLog

    /// Opens and reads the table: whole, or cut into pieces that `decided` is told of before
    /// this thread starts reading them (the other thread joins in). `decided` is told exactly
    /// once, on every path.
    static func read(_ tables: _LocatedTables, organizations: _OrganizationNames, policy: _LogPolicy, piecesFrom: Int,
                     progress: (@Sendable (String, Int) -> Void)?, decided: _Handoff<_SharedPositions>) -> _PositionsRead {
        let sink = _DiagnosticSink(policy)
        var opened = _OpenedTable.open("positions", tables, sink: sink, progress: progress)
        var read = _PositionsRead(file: opened.table, log: policy.newLog())
        guard var reader = opened.takeReader() else {
            decided.publish(nil)
            read.log = sink.log
            return read
        }
        let plan = _SharedPositions.plan(&reader, organizations: organizations, log: sink, policy: policy, from: piecesFrom)
        if case .pieces(let shared) = plan { read.pieces = shared }
        decided.publish(read.pieces)  // before reading: the other thread joins in on the pieces
        switch plan {
        case .pieces(let shared): shared.readPieces()
        case .whole: read.whole = PositionTable._load(&reader, organizations: organizations, log: sink, deferredPersons: &read.deferredPersons)
        case .badHeader: break
        }
        read.reader = reader
        read.log = sink.log
        return read
    }

    /// The table and its person cells once both threads are done: the table read whole, or the
    /// pieces joined in order with their diagnostics appended to `log`.
    mutating func joinPieces() {
        guard let pieces else { return }
        let sink = _DiagnosticSink(continuing: log)
        (whole, deferredPersons) = pieces.merged(into: sink)
        log = sink.log
        self.pieces = nil
    }
}

/// `positions.csv` read in pieces by two threads: the pieces are handed out in text order to
/// whichever thread asks, each is read once, and the results are merged in order. Only for
/// text without a quote (`_QuoteFreeRows`: reading then writes nothing into the shared text)
/// and big enough to be worth it.
///
/// - Invariant: each piece is read by exactly one thread (`next` hands out each index once)
///   and its result stored once; `merged` runs after both threads are done.
final class _SharedPositions: Sendable {
    private let rows: _QuoteFreeRows
    private let pieces: [_RowSpan]
    private let organizations: _OrganizationNames
    private let policy: _LogPolicy
    private let next = Mutex<Int>(0)
    /// The rows each piece has read so far, for the reader's progress callback.
    private let rowsRead: Mutex<[Int]>
    /// Each piece's result, stored by the thread that read it.
    private let results: Mutex<[_PositionsPiece?]>

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
    static func plan(_ reader: inout _TableReader, organizations: _OrganizationNames, log: _DiagnosticSink, policy: _LogPolicy,
                     from: Int) -> Plan {
        let size = reader.withText { $0.count }
        guard size >= from, reader.mayBeReadInPieces else { return .whole }
        guard let header = reader.readHeader(PositionTable._schema, log: log) else { return .badHeader }
        // Made after the header is read (which may write), so that the text is never copied.
        guard let quoteFree = _QuoteFreeRows(reader) else { return .whole }
        let pieces = quoteFree.cut(header, into: 16)
        // Pieces do not count rows across each other: a table that may be near the row limit
        // is read whole, where the limit is checked.
        guard header.range.count / 8 < LoadLimits.rows else { return .whole }
        return .pieces(_SharedPositions(quoteFree, pieces: pieces, organizations: organizations, policy: policy))
    }

    private init(_ rows: _QuoteFreeRows, pieces: [_RowSpan], organizations: _OrganizationNames, policy: _LogPolicy) {
        self.rows = rows
        self.pieces = pieces
        self.organizations = organizations
        self.policy = policy
        self.results = Mutex([_PositionsPiece?](repeating: nil, count: pieces.count))
        self.rowsRead = Mutex([Int](repeating: 0, count: pieces.count))
    }

    /// Reads pieces until none is left.
    func readPieces() {
        while let k = next.withLock({ n -> Int? in
            guard n < pieces.count else { return nil }
            n += 1
            return n - 1
        }) {
            let piece = PositionTable._loadSpan(pieces[k], of: rows, organizations: organizations, policy: policy,
                                                progress: progress(ofPiece: k))
            results.withLock { $0[k] = piece }
        }
    }

    /// A progress callback for piece `k` that tells the reader's callback the rows of all
    /// pieces so far. Told under the lock, so that the totals it sees only grow.
    private func progress(ofPiece k: Int) -> (@Sendable (String, Int) -> Void)? {
        guard let progress = rows.progress else { return nil }
        return { [self] file, count in
            rowsRead.withLock { read in
                read[k] = count
                progress(file, read.reduce(0, +))
            }
        }
    }

    /// The table and its deferred person cells, the pieces' diagnostics appended to `log` in
    /// order (call once both threads are done).
    func merged(into log: _DiagnosticSink) -> (PositionTable, _DeferredReferences) {
        let all = results.withLock { r in
            r.enumerated().map { k, piece in
                guard let piece else { preconditionFailure("piece \(k) of positions.csv was never read") }
                return piece
            }
        }
        return PositionTable._merge(all, file: rows.file, into: log)
    }
}
