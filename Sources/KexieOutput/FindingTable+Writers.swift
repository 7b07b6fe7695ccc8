import KexieMachinery
import KexieModel

extension FindingTable {
    /// One JSON object per row: `{"dataset", "analysis", "kind", column: value, …}`.
    public func jsonLines(dataset: String) -> [String] {
        rows.map { row in
            JSONValue.object([("dataset", .string(dataset)), ("analysis", .string(analysis)), ("kind", .string(kind.rawValue))]
                             + zip(columns, row).map { ($0, $1.json) }).serialized(indent: 0)
        }
    }

    /// The rows as objects keyed by column, for JSON views.
    public var jsonRows: JSONValue {
        .array(rows.map { row in .object(zip(columns, row).map { ($0, $1.json) }) })
    }

    /// The header line (with a leading `dataset` column) of this family's CSV file.
    public var csvHeader: String {
        var out = _ByteWriter()
        out.append(spreadsheetCell: "dataset")
        for c in columns {
            out.append(UInt8(ascii: ","))
            out.append(spreadsheetCell: c)
        }
        out.append(UInt8(ascii: "\n"))
        return out.text
    }

    /// The data lines of this family's CSV file, each starting with the dataset's name (its
    /// controls shown as escapes, as on a terminal: the loader refuses them in cells, and a
    /// name from dataset.yaml or code must not bring them into a spreadsheet).
    public func csvLines(dataset: String) -> String {
        var out = _ByteWriter()
        let dataset = TerminalText.neutralized(dataset)
        for row in rows {
            out.append(spreadsheetCell: dataset)
            for cell in row {
                out.append(UInt8(ascii: ","))
                if cell.isNumeric { out.append(cell.csv) } else { out.append(spreadsheetCell: cell.csv) }
            }
            out.append(UInt8(ascii: "\n"))
        }
        return out.text
    }

    /// The table for people: a heading, then at most `limit` rows (`nil`: all) and a line
    /// saying how many were left out.
    public func text(limit: Int? = nil) -> String {
        var out = "\(title) (\(NumberFormat.grouped(rows.count)))\n"
        guard !rows.isEmpty else { return out + "  none\n" }
        var table = TextTable(columns.enumerated().map { i, c in
            (c, rows.first.map { $0[i].isNumeric } == true ? .right : .left)
        })
        let shown = limit.map { min($0, rows.count) } ?? rows.count
        for row in rows.prefix(shown) { table.add(row.map(\.display)) }
        out += table.render().split(separator: "\n", omittingEmptySubsequences: false).map { "  " + $0 }.joined(separator: "\n") + "\n"
        if shown < rows.count { out += "  … and \(NumberFormat.grouped(rows.count - shown)) more\n" }
        return out
    }
}

/// Writing CSV cells for spreadsheets.
public enum CSV {
    /// A cell quoted when it holds a comma, quote or line break; a cell that a spreadsheet would
    /// run as a formula (starting with `=`, `+`, `-`, `@`, tab or CR) is prefixed with `'`.
    public static func field(_ s: String) -> String {
        var out = _ByteWriter(capacity: s.utf8.count &+ 8)
        out.append(spreadsheetCell: s)
        return out.text
    }

    /// A cell as RFC 4180 has it and nothing more: quoted (with quotes doubled) when it holds a
    /// comma, quote or line break, else as it is. For data that must read back exactly (exports).
    public static func quoted(_ s: String) -> String {
        var out = _ByteWriter(capacity: s.utf8.count &+ 8)
        out.append(csvCell: s)
        return out.text
    }
}

extension _ByteWriter {
    /// Appends a cell for spreadsheets (`CSV.field`): quoted as RFC 4180 has it, and prefixed
    /// with `'` when a spreadsheet would run it as a formula.
    mutating func append(spreadsheetCell s: String) {
        var s = s
        s.withUTF8 { utf8 in
            let formula = utf8.first.map { [UInt8(ascii: "="), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "@"), 0x09, 0x0D].contains($0) } ?? false
            append(csvCell: utf8, prefix: formula ? UInt8(ascii: "'") : nil)
        }
    }
}
