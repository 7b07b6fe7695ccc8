import KexieModel

extension PositionTable {
    static let _schema = _TableSchema(
        table: "positions", required: ["person", "organization", "role"], optional: ["start", "end"])

    /// Reads `positions.csv`. A position naming an unknown person or organization is kept as a
    /// dangling reference (a finding); an unknown role or a bad date is an error.
    ///
    /// Persons are read on another thread meanwhile, so the person cells are kept as spans of
    /// the reader's text in `deferredPersons`, and the `persons` column stays empty until
    /// `_DeferredReferences.resolve` fills it.
    static func _load(
        _ reader: inout _TableReader, organizations: OrganizationTable, log: _DiagnosticSink,
        deferredPersons: inout _DeferredReferences
    ) -> PositionTable? {
        var table = PositionTable()
        let cells = _CellReader(file: reader.file, log: log)
        var c: (person: _Column, organization: _Column, role: _Column, start: _Column, end: _Column)!
        var attributeFields: [Int] = []
        var dates: _DateRanges!
        let rows = reader.estimatedRows
        deferredPersons.reserveCapacity(rows)
        table.organizations.reserveCapacity(rows)
        table.roles.reserveCapacity(rows)
        table.starts.reserveCapacity(rows)
        table.ends.reserveCapacity(rows)

        let knownRoles = _VocabularyMatcher<Role>()
        var lastOrganization = _LastReference()
        let ok = reader.read(_schema, log: log, header: { h in
            c = (_Column("person", h), _Column("organization", h), _Column("role", h), _Column("start", h), _Column("end", h))
            dates = _DateRanges(start: c.start, end: c.end, what: "position")
            table.attributes = AttributeColumns(names: h.attributes.map(\.name))
            attributeFields = h.attributes.map(\.field)
        }, row: { row in
            let c = c!  // once per row: the captured optional would be copied at every use
            // An empty or unknown person/organization is a dangling position: a finding, kept.
            deferredPersons.append(row.bytes(c.person.field), base: row.base)
            table.organizations.append(row.bytes(c.organization.field), in: organizations.ids, last: &lastOrganization)
            table.roles.append(cells.vocabulary(row, c.role, knownRoles) ?? .member)
            let (start, end) = dates.read(row, cells)
            table.starts.append(start)
            table.ends.append(end)
            for (i, f) in attributeFields.enumerated() { table.attributes.append(column: i, utf8: row.bytes(f)) }
        })
        guard ok else { return nil }
        dates.report(file: reader.file, log: log)
        return table
    }
}

/// Reference cells read before their target table: byte spans of the reader's text, resolved
/// once the target's ids are known.
struct _DeferredReferences: Sendable {
    /// `offset << 32 | length` per row, into the text the spans were read from.
    private var spans: [UInt64] = []

    var count: Int { spans.count }

    mutating func reserveCapacity(_ n: Int) { spans.reserveCapacity(n) }

    mutating func append(_ cell: UnsafeBufferPointer<UInt8>, base: UnsafePointer<UInt8>) {
        guard let start = cell.baseAddress, cell.count > 0 else { return spans.append(0) }
        spans.append(UInt64(start - base) << 32 | UInt64(cell.count))
    }

    /// The column these cells make against `ids`: an empty cell is absent, an id `ids` lacks is
    /// unknown. `text` is the buffer the spans point into. With `inHalves`, the two halves of
    /// the rows are looked up at once, on two threads.
    ///
    /// - Complexity: O(total cell length) expected.
    func resolve(in text: UnsafeBufferPointer<UInt8>, against ids: InternedStrings, inHalves: Bool = false) -> ReferenceColumn {
        guard inHalves, spans.count > 1 else {
            let (indices, unknown) = lookUp(0..<spans.count, in: text, against: ids)
            return ReferenceColumn(indices: indices, unresolvedText: unknown)
        }
        let half = spans.count / 2
        let shared = _UncheckedSendable(text)
        let (first, second) = _inParallel({ lookUp(0..<half, in: shared.value, against: ids) },
                                          { lookUp(half..<spans.count, in: shared.value, against: ids) })
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
