import KexieModel
import KexieWorkbook

extension FindingTable {
    /// The name of this table's sheet in a workbook: its CSV file's name without `.csv`
    /// (`blank_spots`), so that sheets and CSV files match one to one.
    public var sheetName: String { file.hasSuffix(".csv") ? String(file.dropLast(4)) : file }

    /// The sheets of a workbook holding the tables of one or more datasets: one sheet per
    /// table, in order, with the columns of the CSV file (`dataset` first, then the table's),
    /// the rows of each dataset in turn. Cells keep their type: counts and measures are
    /// numbers, rates numbers shown as percentages, dates date cells, flags booleans; lists
    /// and named measures are their CSV text.
    ///
    /// Every dataset's tables must match the first's, table by table (the same analysis).
    ///
    /// - Complexity: O(1) here; the cells are made as the sheets are written.
    package static func workbookSheets(_ perDataset: [(dataset: String, tables: [FindingTable])]) -> [_WorkbookSheet] {
        guard let first = perDataset.first else { return [] }
        return first.tables.indices.map { t in
            let parts = perDataset.map { (dataset: TerminalText.neutralized($0.dataset), table: $0.tables[t]) }
            // The sheet row where each dataset's rows start.
            var starts: [Int] = []
            var total = 0
            for part in parts {
                starts.append(total)
                total += part.table.rows.count
            }
            let table = first.tables[t]
            return _WorkbookSheet(name: table.sheetName, header: ["dataset"] + table.columns, rowCount: total) { i in
                var k = parts.count - 1
                while starts[k] > i { k -= 1 }
                let part = parts[k]
                return [.text(part.dataset)] + part.table.rows[i - starts[k]].map(\.workbookCell)
            }
        }
    }
}

extension FindingTable.Cell {
    /// The cell in a workbook (see `FindingTable.workbookSheets`).
    var workbookCell: _WorkbookCell {
        switch self {
        case .text(let s): s.map(_WorkbookCell.text) ?? .empty
        case .int(let i): .integer(i)
        case .double(let d): d.map(_WorkbookCell.number) ?? .empty
        case .bool(let b): .bool(b)
        case .rate(let r): r.map(_WorkbookCell.percent) ?? .empty
        case .list, .measures: .text(csv)
        case .date(let d):
            d.isSet ? .date(year: d.components.year, month: d.components.month, day: d.components.day) : .text(d.description)
        }
    }
}
