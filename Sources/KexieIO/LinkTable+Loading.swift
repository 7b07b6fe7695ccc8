import KexieModel

extension LinkTable {
    static let _schema = _TableSchema(
        table: "links", required: ["from", "to", "kind"], optional: ["weight", "start", "end"],
        codes: ["from", "to"])

    /// Reads `links.csv`. A link with an unknown end is kept as a dangling reference (a finding);
    /// an unknown kind, a weight that is not a number greater than 0, or a bad date is an error.
    /// An end that is not an id may name its organization (`_NameReferences`).
    static func _load(_ reader: inout _TableReader, organizations: _OrganizationNames, log: _DiagnosticSink) -> LinkTable? {
        var table = LinkTable()
        let cells = _CellReader(file: reader.file, log: log)
        var c: (from: _Column, to: _Column, kind: _Column, weight: _Column, start: _Column, end: _Column)!
        var attributeFields: [Int] = []
        var dates: _DateRanges!

        let knownLinkKinds = _VocabularyMatcher<LinkKind>()
        let file = reader.file, ids = organizations.ids
        var lastFrom = _LastReference(), lastTo = _LastReference()
        var fromNames = _NameReferences(organizations, file: file, columnName: "from", column: nil)
        var toNames = _NameReferences(organizations, file: file, columnName: "to", column: nil)
        let ok = reader.read(_schema, log: log, header: { h in
            c = (_Column("from", h), _Column("to", h), _Column("kind", h), _Column("weight", h), _Column("start", h), _Column("end", h))
            dates = _DateRanges(start: c.start, end: c.end, what: "link")
            table.attributes = AttributeColumns(names: h.attributes.map(\.name))
            attributeFields = h.attributes.map(\.field)
            fromNames = _NameReferences(organizations, file: file, columnName: "from", column: c.from.field.map { $0 + 1 })
            toNames = _NameReferences(organizations, file: file, columnName: "to", column: c.to.field.map { $0 + 1 })
        }, row: { row in
            let c = c!  // once per row: the captured optional would be copied at every use
            // An empty or unknown end is a dangling link: a finding, kept.
            table.from.append(row.bytes(c.from.field), in: ids, last: &lastFrom, names: &fromNames, line: row.line, log: log)
            table.to.append(row.bytes(c.to.field), in: ids, last: &lastTo, names: &toNames, line: row.line, log: log)
            table.kinds.append(cells.vocabulary(row, c.kind, knownLinkKinds) ?? .cooperates)
            table.givenWeights.append(cells.positiveNumber(row, c.weight) ?? nil)
            let (start, end) = dates.read(row, cells)
            table.starts.append(start)
            table.ends.append(end)
            for (i, f) in attributeFields.enumerated() { table.attributes.append(column: i, utf8: row.bytes(f)) }
        })
        guard ok else { return nil }
        dates.report(file: reader.file, log: log)
        fromNames.report(to: log)
        toNames.report(to: log)
        return table
    }
}
