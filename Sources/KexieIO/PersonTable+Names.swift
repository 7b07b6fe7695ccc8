import KexieModel

extension PersonTable {
    /// Warns, once per distinct cell, where a person cell of positions.csv is no person's id
    /// but is a person's name, naming the person's id (or the ids of all who have that name, up
    /// to five). Person references are ids only (dataset.md, "References by name"): the
    /// position stays dangling.
    ///
    /// `column` is the positions' person column, `cells` its spans into `text`. The line given
    /// is the line the cell is on (the row's line unless a quoted cell before it spans lines).
    ///
    /// - Complexity: nothing when every cell is an id; else a scan of the names for each of
    ///   the first few distinct cells and an index after that (`_LazyNameIndex`), and one count
    ///   of line ends up to the last cell warned about.
    func _warnOfNamesGivenAsIDs(_ column: ReferenceColumn, cells: _DeferredReferences, text: UnsafeBufferPointer<UInt8>,
                                file: String, log: _DiagnosticSink) {
        let unknown = column.unknownRows
        guard !unknown.isEmpty else { return }
        let index = _LazyNameIndex()
        var found: [String: (rows: [Int], count: Int, firstRow: Int)] = [:]
        var order: [String] = []
        var checked = Set<String>()
        for (row, cell) in unknown {
            if var f = found[cell] {
                f.count += 1
                found[cell] = f
                continue
            }
            guard checked.insert(cell).inserted else { continue }
            let rows = index.rows(named: cell, in: names)
            guard !rows.isEmpty else { continue }
            found[cell] = (rows, 1, row)
            order.append(cell)
        }
        guard !order.isEmpty else { return }
        var lines = _LinesOfOffsets(text)
        for cell in order {
            guard let f = found[cell] else { continue }
            let line = lines.line(at: cells.offset(ofRow: f.firstRow))
            let rows = f.count == 1 ? "" : " (\(f.count) rows; the first is here)"
            log.warning(file, line: line, column: cells.column, Self._nameGivenAsID(cell, ids: f.rows.map { ids[$0] }) + rows)
        }
    }

    /// The warning's words.
    static func _nameGivenAsID(_ cell: String, ids: [String]) -> String {
        let listed = _NameMessages.list(Array(ids.indices)) { ids[$0] }
        let whose = ids.count == 1 ? "person \(listed)" : "\(ids.count) persons: \(listed)"
        return "person \"\(cell)\" is not a person id but the name of \(whose); person references are ids only: "
            + "write the id (the position is left dangling)"
    }
}

/// The lines of offsets into a text, for offsets asked in increasing order: each counts the
/// line ends from the one before (`_countLineEnds`, as `_CSVScanner` counts them).
struct _LinesOfOffsets {
    private let text: UnsafeBufferPointer<UInt8>
    private var offset = 0
    private var line = 1

    init(_ text: UnsafeBufferPointer<UInt8>) { self.text = text }

    /// The 1-based line of `target` (not before the offset asked before).
    mutating func line(at target: Int) -> Int {
        let end = min(max(target, offset), text.count)
        line += _countLineEnds(UnsafeBufferPointer(rebasing: text[offset ..< end]))
        offset = end
        return line
    }
}
