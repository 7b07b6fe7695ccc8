import KexieModel

extension PositionTable {
    static let _schema = _TableSchema(
        table: "positions", required: ["person", "organization", "role"], optional: ["start", "end"])

    /// Reads `positions.csv`. A position naming an unknown person or organization is kept as a
    /// dangling reference (a finding); an unknown role or a bad date is an error.
    static func _load(
        _ reader: inout _TableReader, persons: PersonTable, organizations: OrganizationTable, log: _DiagnosticSink
    ) -> PositionTable? {
        var table = PositionTable()
        let cells = _CellReader(file: reader.file, log: log)
        var c: (person: _Column, organization: _Column, role: _Column, start: _Column, end: _Column)!
        var attributeFields: [Int] = []
        var dates: _DateRanges!
        let rows = reader.estimatedRows
        table.persons.reserveCapacity(rows)
        table.organizations.reserveCapacity(rows)
        table.roles.reserveCapacity(rows)
        table.starts.reserveCapacity(rows)
        table.ends.reserveCapacity(rows)

        let ok = reader.read(_schema, log: log, header: { h in
            c = (_Column("person", h), _Column("organization", h), _Column("role", h), _Column("start", h), _Column("end", h))
            dates = _DateRanges(start: c.start, end: c.end, what: "position")
            table.attributes = AttributeColumns(names: h.attributes.map(\.name))
            attributeFields = h.attributes.map(\.field)
        }, row: { row in
            // An empty or unknown person/organization is a dangling position: a finding, kept.
            table.persons.append(row.bytes(c.person.field), in: persons.ids)
            table.organizations.append(row.bytes(c.organization.field), in: organizations.ids)
            table.roles.append(cells.vocabulary(row, c.role, Role.self) ?? .member)
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
