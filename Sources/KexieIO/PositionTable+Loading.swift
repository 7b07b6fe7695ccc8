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
        var endsBeforeStart = 0, firstEndBeforeStart = 0

        let ok = reader.read(_schema, log: log, header: { h in
            c = (_Column("person", h), _Column("organization", h), _Column("role", h), _Column("start", h), _Column("end", h))
            table.attributes = AttributeColumns(names: h.attributes.map(\.name))
            attributeFields = h.attributes.map(\.field)
        }, row: { row in
            // An empty or unknown person/organization is a dangling position: a finding, kept.
            table.persons.append(row.bytes(c.person.field), in: persons.ids)
            table.organizations.append(row.bytes(c.organization.field), in: organizations.ids)
            table.roles.append(cells.vocabulary(row, c.role, Role.self) ?? .member)
            let start = cells.date(row, c.start, empty: .distantPast) ?? .distantPast
            let end = cells.date(row, c.end, empty: .distantFuture) ?? .distantFuture
            if end <= start {
                endsBeforeStart += 1
                if endsBeforeStart == 1 { firstEndBeforeStart = row.line }
            }
            table.starts.append(start)
            table.ends.append(end)
            for (i, f) in attributeFields.enumerated() { table.attributes.append(column: i, utf8: row.bytes(f)) }
        })
        guard ok else { return nil }
        if endsBeforeStart > 0 {
            log.warning(reader.file, line: firstEndBeforeStart, column: c.end.field.map { $0 + 1 },
                        "\"end\" is on or before \"start\": the position is never active" +
                        (endsBeforeStart > 1 ? " (\(endsBeforeStart) rows; the first is here)" : ""))
        }
        return table
    }
}
