import KexieMachinery
import KexieModel

extension PositionTable {
    static let _schema = _TableSchema(
        table: "positions", required: ["person", "organization", "role"], optional: ["start", "end"],
        codes: ["person", "organization"])

    /// Reads `positions.csv`. A position naming an unknown person or organization is kept as a
    /// dangling reference (a finding); an unknown role or a bad date is an error. An
    /// organization that is not an id may be given by name (`_NameReferences`).
    ///
    /// Persons are read on another thread meanwhile, so the person cells are kept as spans of
    /// the reader's text in `deferredPersons`, and the `persons` column stays empty until
    /// `_DeferredReferences.resolve` fills it.
    static func _load(
        _ reader: inout _TableReader, organizations: _OrganizationNames, log: _DiagnosticSink,
        deferredPersons: inout _DeferredReferences
    ) -> PositionTable? {
        var rows = _PositionRows(file: reader.file, organizations: organizations, log: log, expectedRows: reader.estimatedRows)
        guard reader.read(_schema, log: log, header: { rows.header($0) }, row: { rows.row($0) }) else { return nil }
        rows.dates?.report(file: reader.file, log: log)
        rows.organizationNames.report(to: log)
        deferredPersons = rows.persons
        return rows.table
    }

    /// Reads one piece of `positions.csv` (a span of its rows, cut by `_QuoteFreeRows.cut`)
    /// with its own diagnostics; `_merge` joins the pieces in order. Two threads read pieces
    /// at once (see `_SharedPositions`).
    static func _loadSpan(
        _ span: _RowSpan, of text: _QuoteFreeRows, organizations: _OrganizationNames, policy: _LogPolicy,
        progress: (@Sendable (String, Int) -> Void)? = nil
    ) -> _PositionsPiece {
        let log = _DiagnosticSink(policy)
        var rows = _PositionRows(file: text.file, organizations: organizations, log: log,
                                 expectedRows: span.range.count / 40)
        text.readRows(span, _schema, log: log, progress: progress, header: { rows.header($0) }, row: { rows.row($0) })
        return _PositionsPiece(table: rows.table, persons: rows.persons, dates: rows.dates,
                               organizationNames: rows.organizationNames, log: log.log)
    }

    /// Joins the pieces `_loadSpan` read, in text order, into the table, the deferred person
    /// cells and one log; the never-active warning, and the organizations given by names that
    /// did not resolve, are reported once, for all of them.
    static func _merge(_ pieces: [_PositionsPiece], file: String, into log: _DiagnosticSink)
        -> (PositionTable, _DeferredReferences) {
        var table = PositionTable()
        var persons = _DeferredReferences()
        var dates: _DateRanges?
        var organizationNames: _NameReferences?
        let total = pieces.reduce(0) { $0 + $1.table.count }
        persons.reserveCapacity(total)
        table._reserveCapacity(total)
        for (k, piece) in pieces.enumerated() {
            let part = piece.table
            if k == 0 { table.attributes = AttributeColumns(names: part.attributes.names) }
            persons.append(contentsOf: piece.persons)
            table.organizations.append(contentsOf: part.organizations)
            table.roles.append(contentsOf: part.roles)
            table.starts.append(contentsOf: part.starts)
            table.ends.append(contentsOf: part.ends)
            table.attributes.append(contentsOf: part.attributes)
            log.log.append(contentsOf: piece.log)
            if let d = piece.dates { dates = dates.map { $0.merged(with: d) } ?? d }
            if organizationNames == nil { organizationNames = piece.organizationNames } else {
                organizationNames?.append(contentsOf: piece.organizationNames)
            }
        }
        dates?.report(file: file, log: log)
        organizationNames?.report(to: log)
        return (table, persons)
    }
}

/// One piece of `positions.csv` as a thread read it: its rows (the `persons` column still
/// empty), its person cells, its never-active rows, its organizations given by names that did
/// not resolve, and its diagnostics.
struct _PositionsPiece: Sendable {
    let table: PositionTable
    let persons: _DeferredReferences
    let dates: _DateRanges?
    let organizationNames: _NameReferences
    let log: DiagnosticLog
}

extension PositionTable {
    /// Reserves room for `n` rows in the columns a load fills row by row.
    fileprivate mutating func _reserveCapacity(_ n: Int) {
        organizations.reserveCapacity(n)
        roles.reserveCapacity(n)
        starts.reserveCapacity(n)
        ends.reserveCapacity(n)
    }
}

/// The rows of positions read so far (all of a table, or one piece of it).
struct _PositionRows {
    var table = PositionTable()
    /// The person cells, resolved once persons are known.
    var persons = _DeferredReferences()
    /// Never-active rows, reported when the whole table is read.
    var dates: _DateRanges?
    /// The organization cells that were not ids.
    private(set) var organizationNames: _NameReferences
    private let cells: _CellReader
    private let organizations: _OrganizationNames
    private let organizationIDs: InternedStrings
    private let knownRoles = _VocabularyMatcher<Role>()
    private var lastOrganization = _LastReference()
    private var c: (person: _Column, organization: _Column, role: _Column, start: _Column, end: _Column)?
    private var attributeFields: [Int] = []

    init(file: String, organizations: _OrganizationNames, log: _DiagnosticSink, expectedRows: Int) {
        cells = _CellReader(file: file, log: log)
        self.organizations = organizations
        organizationIDs = organizations.ids
        organizationNames = _NameReferences(organizations, file: file, columnName: "organization", column: nil)
        persons.reserveCapacity(expectedRows)
        table._reserveCapacity(expectedRows)
    }

    mutating func header(_ h: _Header) {
        let c = (person: _Column("person", h), organization: _Column("organization", h), role: _Column("role", h),
                 start: _Column("start", h), end: _Column("end", h))
        self.c = c
        dates = _DateRanges(start: c.start, end: c.end, what: "position")
        persons.column = c.person.field.map { $0 + 1 }
        organizationNames = _NameReferences(organizations, file: cells.file, columnName: "organization",
                                            column: c.organization.field.map { $0 + 1 })
        table.attributes = AttributeColumns(names: h.attributes.map(\.name))
        attributeFields = h.attributes.map(\.field)
    }

    mutating func row(_ row: _Row) {
        let c = c!
        // An empty or unknown person/organization is a dangling position: a finding, kept.
        persons.append(row.bytes(c.person.field), base: row.base)
        table.organizations.append(row.bytes(c.organization.field), in: organizationIDs, last: &lastOrganization,
                                   names: &organizationNames, line: row.line, log: cells.log)
        table.roles.append(cells.vocabulary(row, c.role, knownRoles) ?? .member)
        let (start, end) = dates!.read(row, cells)
        table.starts.append(start)
        table.ends.append(end)
        for (i, f) in attributeFields.enumerated() { table.attributes.append(column: i, utf8: row.bytes(f)) }
    }
}

/// Reference cells read before their target table: byte spans of the reader's text, resolved
/// once the target's ids are known.
struct _DeferredReferences: Sendable {
    /// `offset << 32 | length` per row, into the text the spans were read from.
    private var spans: [UInt64] = []
    /// The 1-based column the cells are in (`nil` when the file has none), for messages.
    var column: Int?

    var count: Int { spans.count }

    /// The offset of row `row`'s cell in the text (0 for an empty cell).
    func offset(ofRow row: Int) -> Int { Int(spans[row] >> 32) }

    mutating func reserveCapacity(_ n: Int) { spans.reserveCapacity(n) }

    mutating func append(contentsOf other: _DeferredReferences) {
        spans.append(contentsOf: other.spans)
        column = column ?? other.column
    }

    mutating func append(_ cell: UnsafeBufferPointer<UInt8>, base: UnsafePointer<UInt8>) {
        guard let start = cell.baseAddress, cell.count > 0 else { return spans.append(0) }
        spans.append(UInt64(start - base) << 32 | UInt64(cell.count))
    }

    /// The column these cells make against `ids`: an empty cell is absent, an id `ids` lacks is
    /// unknown. `text` is the buffer the spans point into.
    ///
    /// - Complexity: O(total cell length) expected.
    func resolve(in text: UnsafeBufferPointer<UInt8>, against ids: InternedStrings) -> ReferenceColumn {
        let (indices, unknown) = lookUp(0..<spans.count, in: text, against: ids)
        return ReferenceColumn(indices: indices, unresolvedText: unknown)
    }

    /// `resolve(in:against:)` with the two halves of the rows looked up at once, on two threads.
    func resolveInHalves(in text: [UInt8], against ids: InternedStrings) -> ReferenceColumn {
        guard spans.count > 1 else { return text.withUnsafeBufferPointer { resolve(in: $0, against: ids) } }
        let half = spans.count / 2
        let (first, second) = _inParallel({ text.withUnsafeBufferPointer { lookUp(0..<half, in: $0, against: ids) } },
                                          { text.withUnsafeBufferPointer { lookUp(half..<spans.count, in: $0, against: ids) } })
        return ReferenceColumn(indices: first.indices + second.indices,
                               unresolvedText: first.unknown.merging(second.unknown) { a, _ in a })
    }

    /// The indices of rows `rows` (`rows.lowerBound` first) and the text of the unknown ones by row.
    private func lookUp(_ rows: Range<Int>, in text: UnsafeBufferPointer<UInt8>, against ids: InternedStrings)
        -> (indices: [Int32], unknown: [Int32: String]) {
        var indices = [Int32](repeating: ReferenceColumn.absent, count: rows.count)
        var unknown: [Int32: String] = [:]
        spans.withUnsafeBufferPointer { spans in
            let spans = UnsafeBufferPointer(rebasing: spans[rows])
            indices.withUnsafeMutableBufferPointer { indices in
                ids.indices(ofSpans: spans, in: text, into: indices)
                for k in 0..<indices.count where indices[k] == ReferenceColumn.unknown {
                    let span = spans[k]
                    let start = Int(span >> 32)
                    unknown[Int32(rows.lowerBound + k)] = String(decoding: text[start ..< start + Int(span & 0xFFFF_FFFF)], as: UTF8.self)
                }
            }
        }
        return (indices, unknown)
    }
}
