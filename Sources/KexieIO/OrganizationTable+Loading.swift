import KexieMachinery
import KexieModel

extension OrganizationTable {
    static let _schema = _TableSchema(
        table: "organizations", required: ["id", "name", "type", "region", "parent"],
        optional: ["institution", "discipline", "founded", "dissolved"],
        codes: ["id", "region", "parent", "institution"])

    /// Reads `organizations.csv`. Unknown `region`, `parent` and `institution` ids are kept as
    /// unknown references: they are findings of the analysis, not load errors. A `region` or
    /// `parent` that is not an id may name its target (`_NameReferences`). A `founded` later
    /// than `asOf` is a warning.
    static func _load(
        _ reader: inout _TableReader, regions: _RegionNames, institutions: InstitutionTable, asOf: Day? = nil, log: _DiagnosticSink
    ) -> OrganizationTable? {
        var table = OrganizationTable()
        let cells = _CellReader(file: reader.file, log: log)
        var lines: [Int32] = []
        var parentText = StringColumn()
        var c: (id: _Column, name: _Column, type: _Column, region: _Column, parent: _Column,
                institution: _Column, discipline: _Column, founded: _Column, dissolved: _Column)!
        var attributeFields: [Int] = []
        var dates: _DateRanges!
        let rows = reader.estimatedRows
        table.ids.reserveCapacity(rows, bytesPerString: 13)
        table.names.reserveCapacity(rows: rows, bytesPerRow: 30)
        parentText.reserveCapacity(rows: rows, bytesPerRow: 13)
        lines.reserveCapacity(rows)

        let knownOrganizationTypes = _VocabularyMatcher<OrganizationType>()
        var lastRegion = _LastReference()
        let regionIDs = regions.ids
        let file = reader.file
        var regionNames = _NameReferences(regions, file: file, columnName: "region", column: nil)
        let ok = reader.read(_schema, log: log, header: { h in
            c = (_Column("id", h), _Column("name", h), _Column("type", h), _Column("region", h), _Column("parent", h),
                 _Column("institution", h), _Column("discipline", h), _Column("founded", h), _Column("dissolved", h))
            regionNames = _NameReferences(regions, file: file, columnName: "region", column: c.region.field.map { $0 + 1 })
            dates = _DateRanges(start: c.founded, end: c.dissolved, what: "organization", latestStart: asOf)
            table.attributes = AttributeColumns(names: h.attributes.map(\.name))
            attributeFields = h.attributes.map(\.field)
        }, rowWithNext: { row, next in
            let c = c!  // once per row: the captured optional would be copied at every use
            // The next id's slot, a row before it is inserted.
            if let next { table.ids.prefetch(utf8: next.bytes(c.id.field)) }
            guard _appendID(row, c.id, into: &table.ids, lines: &lines, cells: cells) else { return }
            table.names.append(utf8: row.bytes(c.name.field))
            table.types.append(cells.vocabulary(row, c.type, knownOrganizationTypes) ?? .other)
            table.regions.append(row.bytes(c.region.field), in: regionIDs, last: &lastRegion, names: &regionNames,
                                 line: row.line, log: log)
            parentText.append(utf8: row.bytes(c.parent.field))
            table.institutions.append(row.bytes(c.institution.field), in: institutions.ids)
            let discipline = row.bytes(c.discipline.field)
            table.disciplines.append(discipline.isEmpty ? -1 : Int32(table.disciplineNames.insert(utf8: discipline).index))
            let (founded, dissolved) = dates.read(row, cells)
            table.founded.append(founded)
            table.dissolved.append(dissolved)
            for (i, f) in attributeFields.enumerated() { table.attributes.append(column: i, utf8: row.bytes(f)) }
        })
        guard ok else { return nil }
        dates.report(file: reader.file, log: log)
        regionNames.report(to: log)
        table.parents = resolveParents(parentText, of: table, regions: regions.regions, lines: lines, file: reader.file,
                                       column: c.parent.field.map { $0 + 1 }, log: log)
        return table
    }

    /// The parents of `table` from the parent cells: ids of `table`, or names of its rows (the
    /// names index built only when a cell is not an id).
    private static func resolveParents(_ parentText: StringColumn, of table: OrganizationTable, regions: RegionTable,
                                       lines: [Int32], file: String, column: Int?, log: _DiagnosticSink) -> ReferenceColumn {
        let found = table.ids.indices(ofRowsOf: parentText)
        var parents = ReferenceColumn()
        parents.reserveCapacity(found.count)
        var byName: _NameReferences?
        for i in 0..<found.count {
            switch found[i] {
            case ReferenceColumn.absent: parents.appendAbsent()
            case ReferenceColumn.unknown:
                let text = parentText[i]
                if byName == nil {
                    byName = _NameReferences(_OrganizationNames(table, regions: regions), file: file, columnName: "parent", column: column)
                }
                if let p = byName?.resolve(text, line: Int(lines[i]), log: log) { parents.append(resolved: p) } else { parents.append(unknown: text) }
            default: parents.append(resolved: Int(found[i]))
            }
        }
        byName?.report(to: log)
        return parents
    }
}

extension ReferenceColumn {
    /// Appends a reference cell, resolved against `ids`.
    mutating func append(_ bytes: UnsafeBufferPointer<UInt8>, in ids: InternedStrings) {
        var last = _LastReference()
        append(bytes, in: ids, last: &last)
    }

    /// Appends a reference cell, resolved against `ids` unless it repeats the cell `last` saw.
    @inline(__always)
    mutating func append(_ bytes: UnsafeBufferPointer<UInt8>, in ids: InternedStrings, last: inout _LastReference) {
        if bytes.isEmpty {
            appendAbsent()
        } else if let i = last.index(of: bytes, in: ids) {
            append(resolved: i)
        } else {
            append(unknown: String(decoding: bytes, as: UTF8.self))
        }
    }
}

/// The last reference cell resolved and what it resolved to. Tables list the rows of one
/// organization or one region together, so a cell often repeats the one above it; comparing
/// a dozen bytes then saves a hash lookup that would miss the cache in a large table.
struct _LastReference {
    private var start: UnsafePointer<UInt8>?
    private var count = 0
    private var index: Int?

    /// The index of `cell` in `ids` (`nil` when `ids` lacks it); `cell` must stay in place
    /// until the next call (cells of the reader's text do).
    @inline(__always)
    mutating func index(of cell: UnsafeBufferPointer<UInt8>, in ids: InternedStrings) -> Int? {
        if cell.count == count, let start, let base = cell.baseAddress, _equalBytes(start, base, count) { return index }
        start = cell.baseAddress
        count = cell.count
        index = ids.index(ofUTF8: cell)
        return index
    }
}
