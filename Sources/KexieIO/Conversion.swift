/// One value the loader read in a form people write (a Chinese header or label, a date as
/// Excel shows it, a region's name, a full-width digit) and converted to the contract's
/// canonical form (dataset.md, "Tables as people keep them").
///
/// A load never converts silently: every conversion is counted, and the load's log ends
/// with one note per table and kind of conversion, with the count and the first place
/// (`DiagnosticLog.conversionNotes`). A load asked to keep them all
/// (`DatasetLoader.keepsEveryConversion`, for `kexie normalize`) also keeps each one.
public struct Conversion: Sendable, Equatable {
    /// What kind of form was converted. The raw values are stable: `normalize-log.csv` prints
    /// them in its `why` column.
    public enum Kind: String, Sendable, CaseIterable {
        /// A header name read as the contract's column name (`编码` → `id`, `ID` → `id`).
        case columnName = "column_name"
        /// Text changed by Unicode NFKC: full-width letters, digits and punctuation.
        case fullWidth = "full_width"
        /// A vocabulary value written as a Chinese label, part of a label, or in another case
        /// (`学校校长` → `school_principal`, `Chair` → `chair`).
        case label
        /// A date written in another form (`2019/3/5` → `2019-03-05`, `2020年11月` → `2020-11`).
        case dateForm = "date_form"
        /// A workbook's numeric date cell read by its date system (`43252` → `2018-06-01`).
        case serialDate = "serial_date"
        /// A workbook's numeric cell holding an integer, read as its digits (`1.2E+11` stored
        /// as a number → `120000000000`).
        case number
        /// A workbook's formula, read as its cached value.
        case formula
        /// A workbook's merged range, its value read in each of its cells.
        case mergedCell = "merged_cell"
        /// A region reference given by name or name path, resolved to the region's id.
        case regionName = "region_name"
        /// An organization reference given by name, resolved to the organization's id.
        case organizationName = "organization_name"
        /// A table read as tab-separated.
        case tabSeparated = "tab_separated"
        /// A workbook's sheet read as a table (`人员` → `persons`).
        case sheet
    }

    /// The table file as the user named it; for a sheet, the workbook (`book.xlsx`).
    public var file: String
    /// The sheet of workbook `file` the table is, or `nil` for a CSV table; `line` and
    /// `column` are then the sheet's row and column as Excel numbers them.
    public var sheet: String?
    /// 1-based line (row of a sheet); `nil` for a conversion of the whole table.
    public var line: Int?
    /// 1-based column; `nil` for a conversion of the whole table or row.
    public var column: Int?
    /// The contract's name of the column (`region`), when there is one.
    public var columnName: String?
    public var kind: Kind
    /// What the cell held.
    public var read: String
    /// What it was read as.
    public var became: String

    public init(_ kind: Kind, file: String, sheet: String? = nil, line: Int?, column: Int?, columnName: String?,
                read: String, became: String) {
        self.kind = kind
        self.file = file
        self.sheet = sheet
        self.line = line
        self.column = column
        self.columnName = columnName
        self.read = read
        self.became = became
    }
}

/// How many conversions of one kind one table had, and the first of them.
public struct ConversionCount: Sendable, Equatable {
    /// The first conversion of this kind in this table (in file order).
    public var first: Conversion
    /// How many there were, the first included.
    public var count: Int
}

extension DiagnosticLog {
    /// Counts `c`, and keeps it when the log keeps every conversion.
    public mutating func add(_ c: Conversion) {
        if keepsEveryConversion { everyConversion.append(c) }
        _count(ConversionCount(first: c, count: 1))
    }

    /// Adds another log's conversions after these (as if they had been found next).
    mutating func appendConversions(of other: DiagnosticLog) {
        if keepsEveryConversion { everyConversion.append(contentsOf: other.everyConversion) }
        for c in other.conversionCounts { _count(c) }
    }

    /// Adds `c.count` conversions to the count of `c.first`'s table and kind, which starts
    /// with `c` when it is the first of them.
    mutating func _count(_ c: ConversionCount) {
        let key = _ConversionKey(file: c.first.file, sheet: c.first.sheet, kind: c.first.kind)
        if let i = _conversionIndex[key] {
            conversionCounts[i].count += c.count
        } else {
            _conversionIndex[key] = conversionCounts.count
            conversionCounts.append(c)
        }
    }

    /// One note per table and kind of conversion: what was converted, how many times, and
    /// where the first one is, in the order first found.
    public var conversionNotes: [Diagnostic] {
        conversionCounts.map { c in
            let f = c.first
            let what = "\(c.count) \(_ConversionText.what(f.kind, count: c.count))"
            let example = f.kind == .tabSeparated ? "" : " (\(c.count > 1 ? "first: " : "")\"\(f.read)\" → \"\(f.became)\")"
            return Diagnostic(.note, file: f.file, sheet: f.sheet, line: f.line, column: f.column, what + example)
        }
    }
}

/// Conversions are counted per table and kind.
struct _ConversionKey: Hashable, Sendable {
    let file: String
    let sheet: String?
    let kind: Conversion.Kind
}

/// The words of the conversion notes.
enum _ConversionText {
    static func what(_ kind: Conversion.Kind, count: Int) -> String {
        let s = count == 1 ? "" : "s"
        switch kind {
        case .columnName: return "column name\(s) read as the contract's"
        case .fullWidth: return "cell\(s) with full-width characters read as half-width (Unicode NFKC)"
        // A table's labels may be in several columns (category and sector): the note names none.
        case .label: return "value\(s) given by Chinese label or in another case, read as the contract's key\(s)"
        case .dateForm: return "date\(s) in another form read as YYYY-MM-DD"
        case .serialDate: return "workbook date\(s) read by the workbook's date system"
        case .number: return "workbook number\(s) read as integer text"
        case .formula: return "formula\(s) read as the cached value"
        case .mergedCell: return "merged cell\(s) read as the value of the range"
        case .regionName: return "region\(s) given by name, resolved"
        case .organizationName: return "organization\(s) given by name, resolved"
        case .tabSeparated: return "table read as tab-separated (its header has tabs and no commas)"
        case .sheet: return "sheet read as this table"
        }
    }
}
