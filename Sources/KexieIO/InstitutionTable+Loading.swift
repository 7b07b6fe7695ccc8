import KexieModel

extension InstitutionTable {
    static let _schema = _TableSchema(table: "institutions", required: ["id", "name", "kind"], optional: ["region"],
                                      codes: ["id", "region"])

    /// Reads `institutions.csv`: unique ids and known kinds; a region may be given by name
    /// (`_NameReferences`); an unknown region is a warning.
    static func _load(_ reader: inout _TableReader, regions: _RegionNames, log: _DiagnosticSink) -> InstitutionTable? {
        var table = InstitutionTable()
        let cells = _CellReader(file: reader.file, log: log)
        var lines: [Int32] = []
        var c: (id: _Column, name: _Column, kind: _Column, region: _Column)!
        var attributeFields: [Int] = []
        var lastRegion = _LastReference()
        let file = reader.file
        var regionNames = _NameReferences(regions, file: file, columnName: "region", column: nil)

        let knownInstitutionKinds = _VocabularyMatcher<InstitutionKind>()
        let ok = reader.read(_schema, log: log, header: { h in
            c = (_Column("id", h), _Column("name", h), _Column("kind", h), _Column("region", h))
            table.attributes = AttributeColumns(names: h.attributes.map(\.name))
            attributeFields = h.attributes.map(\.field)
            regionNames = _NameReferences(regions, file: file, columnName: "region", column: c.region.field.map { $0 + 1 },
                                          unknownID: _unknownRegion)
        }, row: { row in
            let c = c!  // once per row: the captured optional would be copied at every use
            guard _appendID(row, c.id, into: &table.ids, lines: &lines, cells: cells) else { return }
            table.names.append(utf8: row.bytes(c.name.field))
            table.kinds.append(cells.vocabulary(row, c.kind, knownInstitutionKinds) ?? .other)
            table.regions.append(row.bytes(c.region.field), in: regions.ids, last: &lastRegion, names: &regionNames,
                                 line: row.line, log: log)
            for (i, f) in attributeFields.enumerated() { table.attributes.append(column: i, utf8: row.bytes(f)) }
        })
        guard ok else { return nil }
        regionNames.report(to: log)
        return table
    }
}

/// The warning of a region id that is not in the frame, where a table warns of one (persons,
/// institutions).
@Sendable func _unknownRegion(_ id: String) -> String { "region \"\(id)\" is not in regions.csv" }
