import KexieModel

extension RegionTable {
    static let _schema = _TableSchema(table: "regions", required: ["id", "name", "level", "parent"], optional: ["kind"],
                                      codes: ["id", "parent"])

    /// Reads `regions.csv` and checks the frame: unique ids, known levels, valid kinds at the
    /// township and village levels (inferred from the name when empty), parents that exist and
    /// sit at a higher level, and no parent loops.
    static func _load(_ reader: inout _TableReader, log: _DiagnosticSink) -> RegionTable? {
        var table = RegionTable()
        let cells = _CellReader(file: reader.file, log: log)
        var lines: [Int32] = []
        var parentText = StringColumn()
        var columns: _RegionColumns!
        var attributeFields: [Int] = []
        var kinds = _RegionKindCells()
        var unknownLevels = Set<Int>()  // rows whose level-dependent checks are skipped
        let rows = reader.estimatedRows
        table.ids.reserveCapacity(rows, bytesPerString: 12)
        table.names.reserveCapacity(rows: rows, bytesPerRow: 18)
        parentText.reserveCapacity(rows: rows, bytesPerRow: 12)
        lines.reserveCapacity(rows)

        let knownLevels = _VocabularyMatcher<Level>()
        let ok = reader.read(_schema, log: log, header: { h in
            columns = (_Column("id", h), _Column("name", h), _Column("level", h), _Column("parent", h), _Column("kind", h))
            table.attributes = AttributeColumns(names: h.attributes.map(\.name))
            attributeFields = h.attributes.map(\.field)
        }, rowWithNext: { row, next in
            let columns = columns!  // once per row: the captured optional would be copied at every use
            // The next id's slot, a row before it is inserted.
            if let next { table.ids.prefetch(utf8: next.bytes(columns.id.field)) }
            guard _appendID(row, columns.id, into: &table.ids, lines: &lines, cells: cells) else { return }
            table.names.append(utf8: row.bytes(columns.name.field))
            let known = cells.vocabulary(row, columns.level, knownLevels)
            if known == nil { unknownLevels.insert(table.levels.count) }
            table.levels.append(known ?? .village)
            parentText.append(utf8: row.bytes(columns.parent.field))
            let kind = kinds.kind(row, columns, level: known, names: &table.kindNames, cells: cells)
            table.kinds.append(UInt16(truncatingIfNeeded: kind))
            for (i, f) in attributeFields.enumerated() { table.attributes.append(column: i, utf8: row.bytes(f)) }
        })
        guard ok else { return nil }

        // Parents, now that every id is known.
        let file = reader.file
        let parentField = columns.parent.field.map { $0 + 1 }
        resolveParents(&table, parentText, lines: lines, file: file, column: parentField, unknownLevels: unknownLevels, log: log)
        reportLoops(table.parents, ids: table.ids, lines: lines, file: file, column: parentField, log: log)
        return table
    }

    /// Fills `table.parents` from the parent cells, by id or else by name (`_RegionParentNames`),
    /// reporting unknown and ambiguous parents and parents that do not sit at a higher level
    /// (unless either level is unknown, already an error).
    private static func resolveParents(_ table: inout RegionTable, _ parentText: StringColumn, lines: [Int32], file: String,
                                       column parentField: Int?, unknownLevels: Set<Int>, log: _DiagnosticSink) {
        let found = table.ids.indices(ofRowsOf: parentText)
        // Names only when a cell is not an id: a canonical frame never builds the index.
        let byName = _hasUnknown(found) ? _RegionParentNames(found: found, text: parentText, names: table.names) : nil
        table.parents = [Int32](repeating: ReferenceColumn.absent, count: table.count)
        for i in 0..<table.count where found[i] != ReferenceColumn.absent {
            var parent = found[i]
            if parent == ReferenceColumn.unknown {
                guard let p = parentByName(i, byName, table, parentText, line: Int(lines[i]), file: file, column: parentField, log: log)
                else { continue }
                parent = Int32(p)
            }
            let p = Int(parent)
            table.parents[i] = parent
            if table.levels[p] >= table.levels[i], unknownLevels.isEmpty || !(unknownLevels.contains(i) || unknownLevels.contains(p)) {
                let relation = table.levels[p] == table.levels[i] ? "at the same level as" : "below"
                log.error(file, line: Int(lines[i]), column: parentField,
                          "parent \"\(table.ids[p])\" is a \(table.levels[p].name), \(relation) this \(table.levels[i].name); a parent must sit at a higher level (\(Level.names.joined(separator: " > ")))")
            }
        }
    }

    /// The parent row of row `i`, whose parent cell is not an id, by name (the conversion
    /// recorded); `nil` after reporting a name of several regions or of none.
    private static func parentByName(_ i: Int, _ byName: _RegionParentNames?, _ table: RegionTable, _ parentText: StringColumn,
                                     line: Int, file: String, column: Int?, log: _DiagnosticSink) -> Int? {
        let text = parentText[i]
        switch byName?.matches[i] ?? .none {
        case .one(let p):
            log.converted(Conversion(.regionName, file: file, line: line, column: column, columnName: "parent",
                                     read: text, became: table.ids[p]))
            return p
        case .several(let rows):
            log.error(file, line: line, column: column, _NameMessages.ambiguousParent(
                text, matches: rows, describe: { byName?.describe($0, ids: table.ids) ?? table.ids[$0] },
                example: rows.first.flatMap { byName?.example($0) }))
        case .none:
            let kept = log.log.errorCount < log.log.limit && _NameShape.isName(text)
            log.error(file, line: line, column: column,
                      _NameMessages.unknownParent(text, nearest: kept ? byName?.nearest(to: text, ids: table.ids) ?? [] : []))
        }
        return nil
    }

    /// Reports each loop of parent links once, at the line of its first row.
    private static func reportLoops(_ parents: [Int32], ids: InternedStrings, lines: [Int32], file: String, column: Int?, log: _DiagnosticSink) {
        // 0 unvisited, 1 on the current path, 2 done.
        var state = [UInt8](repeating: 0, count: parents.count)
        var path: [Int] = []
        for start in parents.indices where state[start] == 0 {
            var v = start
            path.removeAll(keepingCapacity: true)
            while v >= 0, state[v] == 0 {
                state[v] = 1
                path.append(v)
                v = Int(parents[v])
            }
            if v >= 0, state[v] == 1, let at = path.firstIndex(of: v) {
                let loop = Array(path[at...])
                let first = loop.min()!
                let chain = (loop + [loop[0]]).map { ids[$0] }.joined(separator: " → ")
                log.error(file, line: Int(lines[first]), column: column,
                          "the parent chain loops: \(chain); the frame must be a tree")
            }
            for u in path { state[u] = 2 }
        }
    }
}

/// The columns of regions.csv (a row handler copies them once per row).
typealias _RegionColumns = (id: _Column, name: _Column, level: _Column, parent: _Column, kind: _Column)

/// The `kind` cells of regions.csv: each row's kind, from the cell (an English kind in any case,
/// or its Chinese label: `_ContractLabels.regionKinds`), or inferred from the name when the cell
/// is empty; a kind not allowed at the row's level is an error and reads as the fallback kind.
/// A row whose level is unknown (already an error) takes its kind as written, unchecked.
struct _RegionKindCells {
    /// By `kind index * 8 + level`: whether the kind was written in the file and is valid at
    /// that level. A frame repeats a handful of kinds over hundreds of thousands of rows, so a
    /// kind accepted once is matched in place after that.
    private var accepted: [Bool] = []

    /// The kind index of `row` (interned into `names`); `level` is `nil` when it is unknown.
    @inline(__always)
    mutating func kind(_ row: _Row, _ columns: _RegionColumns,
                       level: Level?, names: inout InternedStrings, cells: _CellReader) -> Int {
        let bytes = row.bytes(columns.kind.field)
        let rank = level.map { Int($0.rawValue) } ?? 7  // levels rank 0...5; 7 for an unknown one
        if !bytes.isEmpty, let known = names.index(ofUTF8: bytes),
           known &* 8 &+ rank < accepted.count, accepted[known &* 8 &+ rank] {
            return known
        }
        return firstOfItsKind(row, columns, bytes: bytes, level: level, names: &names, cells: cells)
    }

    /// A kind not matched in place: inferred, checked against the level, interned.
    private mutating func firstOfItsKind(
        _ row: _Row, _ columns: _RegionColumns,
        bytes: UnsafeBufferPointer<UInt8>, level: Level?, names: inout InternedStrings, cells: _CellReader
    ) -> Int {
        var kind: String
        var isAccepted = false
        if bytes.isEmpty {
            kind = RegionKinds.inferred(fromName: row.string(columns.name.field))
        } else {
            kind = String(decoding: bytes, as: UTF8.self)
            isAccepted = true
            if let level, let allowed = RegionKinds.allowed(at: level), !allowed.contains(kind), kind != RegionKinds.fallback {
                let valid = allowed + [RegionKinds.fallback]
                if let key = _ContractLabels.value(kind, known: Set(valid), labels: _ContractLabels.regionKinds) {
                    cells.converted(.label, row, columns.kind, read: kind, became: key)
                    kind = key
                    isAccepted = false  // the cell is a spelling: converted again in each row
                } else {
                    cells.error(row, columns.kind, "unknown kind \"\(kind)\" for a \(level.name) region" +
                                _ContractLabels.hint(for: kind, keys: valid, spellings: _ContractLabels.regionKinds.map { ($0.0, $0.1) }) +
                                "; leave it empty to infer it from the name")
                    kind = RegionKinds.fallback
                    isAccepted = false
                }
            }
        }
        let kindIndex = names.insert(kind).index
        if kindIndex == LoadLimits.regionKinds {  // reported once; the load fails, so the index kept does not matter
            cells.error(row, columns.kind, "more than \(LoadLimits.regionKinds) distinct kinds; a frame may use at most \(LoadLimits.regionKinds)")
        }
        if isAccepted {
            let key = kindIndex &* 8 &+ (level.map { Int($0.rawValue) } ?? 7)
            if key >= accepted.count { accepted += repeatElement(false, count: key + 1 - accepted.count) }
            accepted[key] = true
        }
        return kindIndex
    }
}

/// Whether a looked-up column has a `ReferenceColumn.unknown` row.
///
/// - Complexity: O(n), without a branch per row (the count vectorises).
func _hasUnknown(_ found: [Int32]) -> Bool {
    found.withUnsafeBufferPointer { rows in
        var n = 0
        for v in rows { n &+= v == ReferenceColumn.unknown ? 1 : 0 }
        return n > 0
    }
}
