import KexieModel

extension PersonTable {
    static let _schema = _TableSchema(
        table: "persons", required: ["id", "name", "category"], optional: ["sector", "workplace", "region"],
        codes: ["id", "region"])

    /// Reads `persons.csv`. Categories are a free vocabulary: a value outside the contract's list
    /// is kept, with one warning per distinct value naming the nearest known category. A sector
    /// must be one of the contract's sectors or one the rules' `sectors` map uses.
    ///
    /// Regions are read on another thread meanwhile, so the region cells wait in `pending` and
    /// the `regions` column stays empty until `_resolveRegions` fills it.
    static func _load(_ reader: inout _TableReader, rules: Rules, log: _DiagnosticSink, pending: inout _PendingRegions) -> PersonTable? {
        var table = PersonTable()
        let cells = _CellReader(file: reader.file, log: log)
        var lines: [Int32] = []
        var c: (id: _Column, name: _Column, category: _Column, sector: _Column, workplace: _Column, region: _Column)!
        var attributeFields: [Int] = []
        let knownCategories = KnownVocabulary.categories.map(\.name)
        var knownCategorySet = Set(knownCategories)
        knownCategorySet.formUnion(rules.sectors.keys)
        for rule in rules.keyPersons { knownCategorySet.formUnion(rule.categories) }
        var validSectors = KnownVocabulary.sectors.map(\.name)
        for s in Set(rules.sectors.values).sorted() where !validSectors.contains(s) { validSectors.append(s) }
        var categoryCells = _LabelledCells(known: knownCategorySet, labels: _ContractLabels.categories)
        var sectorCells = _LabelledCells(known: Set(validSectors), labels: _ContractLabels.sectors)
        var unknownCategories = _RepeatedWarnings()
        let rows = reader.estimatedRows
        table.ids.reserveCapacity(rows, bytesPerString: 8)
        table.names.reserveCapacity(rows: rows, bytesPerRow: 9)
        table.workplaces.reserveCapacity(rows: rows, bytesPerRow: 24)
        table.categories.reserveCapacity(rows)
        table.givenSectors.reserveCapacity(rows)
        pending.cells.reserveCapacity(rows)
        lines.reserveCapacity(rows)

        let ok = reader.read(_schema, log: log, header: { h in
            c = (_Column("id", h), _Column("name", h), _Column("category", h), _Column("sector", h),
                 _Column("workplace", h), _Column("region", h))
            table.attributes = AttributeColumns(names: h.attributes.map(\.name))
            attributeFields = h.attributes.map(\.field)
        }, rowWithNext: { row, next in
            let c = c!  // once per row: the captured optional would be copied at every use
            // The next id's slot, a row before it is inserted.
            if let next { table.ids.prefetch(utf8: next.bytes(c.id.field)) }
            guard _appendID(row, c.id, into: &table.ids, lines: &lines, cells: cells) else { return }
            table.names.append(utf8: row.bytes(c.name.field))
            let category = row.bytes(c.category.field)
            if category.isEmpty {
                table.categories.append(-1)
            } else {
                let (index, known) = categoryCells.index(category, row, c.category, names: &table.categoryNames, cells: cells)
                table.categories.append(Int32(index))
                if !known {
                    unknownCategories.add(table.categoryNames[index], line: row.line, column: c.category.field.map { $0 + 1 })
                }
            }
            let sector = row.bytes(c.sector.field)
            if sector.isEmpty {
                table.givenSectors.append(-1)
            } else {
                let (index, known) = sectorCells.index(sector, row, c.sector, names: &table.sectorNames, cells: cells)
                table.givenSectors.append(Int32(index))
                if !known {
                    let text = table.sectorNames[index]
                    cells.error(row, c.sector, "unknown sector \"\(text)\"" +
                                _ContractLabels.hint(for: text, keys: validSectors, spellings: _ContractLabels.sectors.map { ($0.0, $0.1) }) +
                                "; leave it empty to derive it from the category")
                }
            }
            table.workplaces.append(utf8: row.bytes(c.workplace.field))
            pending.cells.append(row.bytes(c.region.field), base: row.base)
            for (i, f) in attributeFields.enumerated() { table.attributes.append(column: i, utf8: row.bytes(f)) }
        })
        guard ok else { return nil }
        unknownCategories.flush(file: reader.file, log: log) { value in
            "category \"\(value)\" is not a known key-person category" +
                _ContractLabels.hint(for: value, keys: knownCategories, spellings: _ContractLabels.categories.map { ($0.0, $0.1) },
                                     listAllowed: false) + " (kept as written)"
        }
        pending.lines = lines
        pending.column = c.region.field.map { $0 + 1 }
        return table
    }

    /// Fills `regions` from the cells `_load` kept, against the regions' ids, or else by name
    /// (`_NameReferences`), and warns once per cell that is not a region (with the first line
    /// and the number of rows).
    ///
    /// - Complexity: O(total cell length) expected; names are looked up only for cells that
    ///   are not ids.
    mutating func _resolveRegions(_ pending: _PendingRegions, text: UnsafeBufferPointer<UInt8>, frame: _RegionNames,
                                  file: String, log: _DiagnosticSink) {
        regions = pending.cells.resolve(in: text, against: frame.ids)
        var names = _NameReferences(frame, file: file, columnName: "region", column: pending.column, unknownID: _unknownRegion)
        for (row, cell) in regions.unknownRows {
            if let r = names.resolve(cell, line: Int(pending.lines[row]), log: log) { regions.resolve(row, to: r) }
        }
        names.report(to: log)
    }
}

/// Persons' region cells waiting for the regions table, with what the warnings about them need.
struct _PendingRegions: Sendable {
    var cells = _DeferredReferences()
    /// The line of each person row.
    var lines: [Int32] = []
    /// The 1-based column of `region`, `nil` when the file has none.
    var column: Int?
}
