import Foundation

/// A workbook as openpyxl reads it (`Tests/Oracle/dump_xlsx.py`): an independent reading of the
/// .xlsx files kexie writes, compared cell by cell in the tests.
public struct WorkbookDump: Sendable {
    /// A cell as openpyxl typed it.
    public enum Cell: Sendable, Equatable, CustomStringConvertible {
        case text(String)
        case number(Double)
        /// A number whose format shows a percentage.
        case percent(Double)
        /// A date cell (a serial number with a date format), as `YYYY-MM-DD`.
        case date(String)
        case bool(Bool)

        public var description: String {
            switch self {
            case .text(let s): "text(\(s))"
            case .number(let d): "number(\(d))"
            case .percent(let d): "percent(\(d))"
            case .date(let s): "date(\(s))"
            case .bool(let b): "bool(\(b))"
            }
        }
    }

    /// One sheet.
    public struct Sheet: Sendable {
        public var name: String
        /// `visible` or `hidden`.
        public var state: String
        /// The top-left cell of the unfrozen part (`A2` below a frozen header), or nil.
        public var freeze: String?
        /// Custom column widths by column letter.
        public var widths: [String: Double]
        /// Whether each cell of row 1 is bold.
        public var bold: [Bool]
        /// Data validations: type, formula1, sqref, error style.
        public var validations: [[String]]
        /// The rows, trailing empty cells and rows left out; nil for an empty cell.
        public var rows: [[Cell?]]
    }

    /// The sheets, in order.
    public var sheets: [Sheet]

    /// The sheet named `name`.
    public subscript(name: String) -> Sheet? { sheets.first { $0.name == name } }

    /// Whether python3 with openpyxl is installed (`make deps` installs it).
    public static let isAvailable: Bool = (try? runBinary("/usr/bin/env", ["python3", "-c", "import openpyxl"]).status) == 0

    /// Reads the workbook at `path` with openpyxl.
    public static func read(_ path: String) throws -> WorkbookDump {
        let script = Repository.root.appendingPathComponent("Tests/Oracle/dump_xlsx.py").path
        let r = try runBinary("/usr/bin/env", ["python3", script, path])
        guard r.status == 0 else { throw DumpError(message: "openpyxl could not read \(path): \(r.stderr)") }
        guard let json = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [[String: Any]] else {
            throw DumpError(message: "dump_xlsx.py printed no list of sheets")
        }
        return WorkbookDump(sheets: try json.map(sheet))
    }

    /// A failure to read a workbook back.
    public struct DumpError: Error, CustomStringConvertible {
        public var message: String
        public var description: String { message }
    }

    private static func sheet(_ o: [String: Any]) throws -> Sheet {
        let rows = (o["rows"] as? [[Any]] ?? []).map { row in row.map(cell) }
        return Sheet(name: o["name"] as? String ?? "", state: o["state"] as? String ?? "", freeze: o["freeze"] as? String,
                     widths: o["widths"] as? [String: Double] ?? [:], bold: o["bold"] as? [Bool] ?? [],
                     validations: (o["validations"] as? [[Any]] ?? []).map { $0.map { "\($0)" } }, rows: rows)
    }

    private static func cell(_ value: Any) -> Cell? {
        guard let pair = value as? [Any], pair.count == 2, let tag = pair[0] as? String else { return nil }
        switch tag {
        case "s": return .text(pair[1] as? String ?? "")
        case "d": return .date(pair[1] as? String ?? "")
        case "b": return .bool(pair[1] as? Bool ?? false)
        case "p": return .percent((pair[1] as? String).flatMap(Double.init) ?? .nan)
        default: return .number((pair[1] as? String).flatMap(Double.init) ?? .nan)
        }
    }
}
