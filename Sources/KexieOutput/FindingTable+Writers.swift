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

    /// Hands each row's JSON Lines object (as `jsonLines` makes them, without the line
    /// break) to `body`, one at a time: a view of millions of rows never holds them all.
    public func forEachJSONLine(dataset: String, _ body: (String) -> Void) {
        let head: [(String, JSONValue)] = [("dataset", .string(dataset)), ("analysis", .string(analysis)), ("kind", .string(kind.rawValue))]
        for row in rows { body(JSONValue.object(head + zip(columns, row).map { ($0, $1.json) }).serialized(indent: 0)) }
    }

    /// The rows as objects keyed by column, for JSON views.
    public var jsonRows: JSONValue {
        .array(rows.map(jsonObject))
    }

    /// Writes the rows as `jsonRows` has them, one row at a time (the same bytes, without a
    /// tree of the whole table).
    public func writeJSONRows(_ w: inout JSONWriter) {
        w.array { w in for row in rows { w.value(jsonObject(row)) } }
    }

    private func jsonObject(_ row: [Cell]) -> JSONValue {
        .object(zip(columns, row).map { ($0, $1.json) })
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
        var out = ""
        writeText(limit: limit) { out += $0 }
        return out
    }

    /// Writes `text(limit:)` in pieces of about a line to `write`: the rows' cells are made
    /// twice (once to measure the columns, once to print them), so that a table of millions of
    /// rows is never held as text.
    ///
    /// - Complexity: O(cells shown).
    public func writeText(limit: Int? = nil, to write: (String) -> Void) {
        write("\(title) (\(NumberFormat.grouped(rows.count)))\n")
        guard !rows.isEmpty else { return write("  none\n") }
        let layout = TextTable(columns.enumerated().map { i, c in
            (c, rows.first.map { $0[i].isNumeric } == true ? .right : .left)
        })
        let shown = rows.prefix(limit.map { min($0, rows.count) } ?? rows.count)
        layout.stream(shown.lazy.map { $0.map(\.display) }, indent: "  ", to: write)
        if shown.count < rows.count { write("  … and \(NumberFormat.grouped(rows.count - shown.count)) more\n") }
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
