import KexieModel

/// A plain-text table for terminals, aligned by display width: a CJK character takes two
/// columns, so Chinese names line up under each other. Cells and titles are data: control,
/// line-break and bidirectional characters in them are shown as escapes
/// (`TerminalText.neutralized`), so no cell can move the cursor, colour the terminal or break
/// a row. A cell longer than `maximumCellCharacters` is cut with `…` (a terminal shows no
/// more, and measuring megabytes of a pasted name for every table took minutes).
public struct TextTable {
    /// How a column's cells are aligned; numbers go right.
    public enum Alignment: Sendable {
        /// Padded on the right: text.
        case left
        /// Padded on the left: numbers.
        case right
    }

    var columns: [(title: String, alignment: Alignment)]
    var rows: [[String]] = []

    /// Whether the table has no rows.
    public var isEmpty: Bool { rows.isEmpty }

    /// A table with these column headings and alignments.
    public init(_ columns: [(String, Alignment)]) {
        self.columns = columns.map { (title: TerminalText.neutralized($0.0), alignment: $0.1) }
    }

    /// Appends a row of one cell per column.
    public mutating func add(_ row: [String]) {
        precondition(row.count == columns.count)
        rows.append(row.map(Self.shown))
    }

    /// A cell as the table shows it: controls escaped, cut after `maximumCellCharacters`.
    static func shown(_ cell: String) -> String {
        guard cell.utf8.count > Self.maximumCellCharacters,
              let end = cell.unicodeScalars.index(cell.unicodeScalars.startIndex, offsetBy: Self.maximumCellCharacters, limitedBy: cell.unicodeScalars.endIndex),
              end < cell.unicodeScalars.endIndex else { return TerminalText.neutralized(cell) }
        return TerminalText.neutralized(String(cell.unicodeScalars[..<end])) + "…"
    }

    /// Characters (Unicode scalars) a cell shows at most.
    public static let maximumCellCharacters = 200

    /// The table with a heading, a rule and the rows, columns padded to their widest cell.
    ///
    /// - Complexity: O(cells).
    public func render() -> String {
        var lines: [String] = []
        _write(rows, shown: { $0 }) { lines.append($0) }
        return lines.joined(separator: "\n")
    }

    /// Writes the table as `render` makes it for `rows` (added to a table with these columns),
    /// each line after `indent` and with its line break, without holding the rows: they are
    /// traversed twice, once to measure the columns and once to print them.
    ///
    /// - Complexity: O(cells), twice.
    func stream<Rows: Collection>(_ rows: Rows, indent: String, to write: (String) -> Void) where Rows.Element == [String] {
        _write(rows, shown: Self.shown) { write(indent + $0 + "\n") }
    }

    /// The lines of the table (heading, rule, rows) for `rows`, each cell passed through
    /// `shown` on both traversals.
    private func _write<Rows: Collection>(_ rows: Rows, shown: (String) -> String, line write: (String) -> Void)
    where Rows.Element == [String] {
        let titleWidths = columns.map { DisplayWidth.of($0.title) }
        var widths = titleWidths
        for row in rows {
            for (i, cell) in row.enumerated() { widths[i] = max(widths[i], DisplayWidth.of(shown(cell))) }
        }
        func line(_ cells: [String]) -> String {
            var parts: [String] = []
            for (i, cell) in cells.enumerated() {
                // Each cell is measured again here rather than kept: a row's widths are few.
                let pad = String(repeating: " ", count: widths[i] - DisplayWidth.of(cell))
                parts.append(columns[i].alignment == .left ? cell + pad : pad + cell)
            }
            var s = parts.joined(separator: "  ")
            while s.hasSuffix(" ") { s.removeLast() }
            return s
        }
        write(line(columns.map(\.title)))
        write(widths.map { String(repeating: "─", count: $0) }.joined(separator: "  "))
        for row in rows { write(line(row.map(shown))) }
    }
}

/// Terminal column widths (East Asian Width: wide and fullwidth characters take two columns,
/// combining marks none).
public enum DisplayWidth {
    /// The columns `s` takes on a terminal.
    public static func of(_ s: String) -> Int {
        s.unicodeScalars.reduce(0) { $0 + of($1) }
    }

    /// The columns `u` takes on a terminal: 2, 1 or 0.
    public static func of(_ u: Unicode.Scalar) -> Int {
        let v = u.value
        if v == 0 { return 0 }
        if v < 0x300 { return 1 }
        if (0x300...0x36F).contains(v) || (0x200B...0x200F).contains(v) || (0xFE00...0xFE0F).contains(v) { return 0 }
        return wide.contains(where: { $0.contains(v) }) ? 2 : 1
    }

    /// Wide and fullwidth ranges (a constant, so measuring allocates nothing per character).
    private static let wide: [ClosedRange<UInt32>] = [
            0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF,
            0xA000...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60,
            0xFFE0...0xFFE6, 0x1F300...0x1F64F, 0x1F900...0x1F9FF, 0x20000...0x2FFFD, 0x30000...0x3FFFD,
    ]
}
