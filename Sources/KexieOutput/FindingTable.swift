import KexieModel

/// One family of findings as rows and named columns: the shape shared by the JSON Lines, CSV
/// and text-table writers (the schema-1 JSON document has its own, fixed shape).
public struct FindingTable: Sendable {
    /// A cell: text, a count, a measure (`nil` when undefined), a flag or a list of names.
    public enum Cell: Sendable, Equatable {
        /// Text (an id, a name); `nil` is empty (JSON `null`).
        case text(String?)
        /// A count.
        case int(Int)
        /// A measure; `nil` when undefined.
        case double(Double?)
        /// A flag (`frontier`).
        case bool(Bool)
        /// Names (missing categories, island members): an array in JSON, joined elsewhere.
        case list([String])
        /// A share between 0 and 1: a plain number for scripts, a percentage for people.
        case rate(Double?)
        /// Named measures (sector sums): an object in JSON, `name=value; …` in CSV.
        case measures([(String, Double)])
        /// A date: `YYYY-MM-DD` text in JSON, CSV and tables, a date cell in a workbook.
        case date(Day)

        public static func == (a: Cell, b: Cell) -> Bool { a.json == b.json }

        var json: JSONValue {
            switch self {
            case .text(let s): s.map(JSONValue.string) ?? .null
            case .int(let i): .int(i)
            case .double(let d): d.map(JSONValue.double) ?? .null
            case .bool(let b): .bool(b)
            case .list(let l): .array(l.map(JSONValue.string))
            case .rate(let r): r.map(JSONValue.double) ?? .null
            case .measures(let m): .object(m.map { ($0.0, .double($0.1)) })
            case .date(let d): .string(d.description)
            }
        }

        /// The cell as people read it: rates as percentages, lists joined.
        public var display: String {
            switch self {
            case .text(let s): s ?? "—"
            case .int(let i): NumberFormat.grouped(i)
            case .double(let d): d.map { NumberFormat.short($0) } ?? "—"
            case .bool(let b): b ? "yes" : "no"
            case .list(let l): l.joined(separator: ", ")
            case .rate(let r): NumberFormat.percent(r)
            case .measures(let m): m.map { "\($0.0) \(NumberFormat.short($0.1))" }.joined(separator: ", ")
            case .date(let d): d.description
            }
        }

        /// The cell in a CSV file: plain numbers, lists joined with "; ".
        var csv: String {
            switch self {
            case .text(let s): s ?? ""
            case .int(let i): String(i)
            case .double(let d): d.map { "\($0)" } ?? ""
            case .bool(let b): b ? "true" : "false"
            case .list(let l): l.joined(separator: "; ")
            case .rate(let r): r.map { "\($0)" } ?? ""
            case .measures(let m): m.map { "\($0.0)=\($0.1)" }.joined(separator: "; ")
            case .date(let d): d.description
            }
        }

        var isNumeric: Bool {
            switch self {
            case .int, .double, .rate: true
            default: false
            }
        }
    }

    /// What one row of a table is; the raw value is the JSON Lines `kind` and the key of a
    /// view's list in its JSON document. A finding family's table is its `tableKind`.
    public enum Kind: String, Sendable, CaseIterable {
        /// Coverage of a level; of a district, one triple per level.
        case levelRate = "level_rate", districtRate = "district_rate"
        /// The coverage family's findings.
        case blankSpot = "blank_spot", keyPersonGap = "key_person_gap", ruralTechGap = "rural_tech_gap",
             societyGap = "society_gap", institutionGap = "institution_gap", target
        /// An orphan finding.
        case orphan
        /// The linkage family: an organization's ties, a pair, and the findings.
        case organization, pair, weakAttachment = "weak_attachment", singlePoint = "single_point", overloaded, expiring, island
        /// A change of a diff: a sector gained or lost, strength moved, a person joined or left.
        case sector, strength, person
        /// A person ranked by the gaps their departure opens (`whatif --rank-persons`).
        case soleKeyPerson = "sole_key_person"
        /// The count of every finding family at one date of a trend.
        case findingCounts = "finding_counts"
    }

    /// The analysis family: `coverage`, `orphans` or `linkage`.
    public var analysis: String
    /// What one row is.
    public var kind: Kind
    /// The CSV file the family is written to (`blank_spots.csv`).
    public var file: String
    /// A heading for people.
    public var title: String
    /// Column names, as JSON keys and CSV headers.
    public var columns: [String]
    /// The rows, each with one cell per column, in the order of the analysis.
    public var rows: [[Cell]] = []

    /// An empty table of one finding family.
    public init(analysis: String, kind: Kind, file: String, title: String, columns: [String]) {
        self.analysis = analysis
        self.kind = kind
        self.file = file
        self.title = title
        self.columns = columns
    }

    /// Appends a row; it must have one cell per column.
    public mutating func add(_ row: [Cell]) {
        precondition(row.count == columns.count, "a row of \(kind.rawValue) has \(row.count) cells for \(columns.count) columns")
        rows.append(row)
    }

    /// The table cut to the columns `names`, in that order. A name the table lacks is a
    /// mistake of the caller: debug builds stop on it, release builds leave it out.
    public func selecting(_ names: [String]) -> FindingTable {
        let indices = names.compactMap { name in
            let i = columns.firstIndex(of: name)
            assert(i != nil, "a table of \(kind.rawValue) has no column \(name)")
            return i
        }
        var t = self
        t.columns = indices.map { columns[$0] }
        t.rows = rows.map { row in indices.map { row[$0] } }
        return t
    }
}

/// Numbers as people read them in tables and reports.
public enum NumberFormat {
    /// `5933` → `5,933`.
    public static func grouped(_ n: Int) -> String {
        let digits = String(n.magnitude)
        var out = ""
        for (i, c) in digits.enumerated() {
            if i > 0, (digits.count - i) % 3 == 0 { out += "," }
            out.append(c)
        }
        return n < 0 ? "-" + out : out
    }

    /// A measure with at most three decimals, for people (`0.8`, `1.4`, `0.333`).
    public static func short(_ x: Double) -> String {
        var s = String(format3: x)
        while s.contains("."), s.hasSuffix("0") { s.removeLast() }
        if s.hasSuffix(".") { s.removeLast() }
        return s
    }

    /// A rate as a percentage with one decimal (`94.4%`); `—` when undefined.
    public static func percent(_ rate: Double?) -> String {
        guard let rate else { return "—" }
        let tenths = (rate * 1000).rounded()
        return "\(Int(tenths) / 10).\(Int(tenths) % 10)%"
    }
}

extension String {
    /// `x` rounded to three decimals, without Foundation.
    init(format3 x: Double) {
        let scaled = (x * 1000).rounded()
        let negative = scaled < 0
        let m = Int(scaled.magnitude)
        let frac = String(m % 1000)
        self = (negative ? "-" : "") + "\(m / 1000)." + String(repeating: "0", count: 3 - frac.count) + frac
    }
}
