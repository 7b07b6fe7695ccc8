import KexieModel

/// One problem found in the input, with where it is.
///
/// Printed in the compiler style editors understand:
/// `datasets/x/organizations.csv:12:3: error: unknown type "assocation" in column "type" — …`;
/// in a workbook's sheet, as Excel names a cell: `datasets/x/book.xlsx[人员]!B7: error: …`
/// (a whole row `!7:7`).
public struct Diagnostic: Sendable, Equatable, CustomStringConvertible {
    /// How serious a diagnostic is; its raw value is the word printed (`error`, `warning`, `note`).
    public enum Severity: String, Sendable {
        /// The input breaks the contract; nothing is analysed.
        case error
        /// The input is usable but probably not what was meant.
        case warning
        /// Information about how the input was read (e.g. a GB18030 table).
        case note
    }

    /// How serious it is.
    public var severity: Severity
    /// The file as the user named it (dataset path joined with the file name).
    public var file: String?
    /// The sheet of workbook `file` the diagnostic is in, or `nil` outside a workbook; `line`
    /// and `column` are then the sheet's row and column as Excel numbers them (column 1 is A).
    public var sheet: String?
    /// 1-based line; the header row is line 1.
    public var line: Int?
    /// 1-based column (field number in a CSV row, character column in YAML).
    public var column: Int?
    /// What was wrong and what is allowed, in one line.
    public var message: String

    /// A diagnostic at `file:line:column` (each optional).
    public init(_ severity: Severity, file: String?, line: Int? = nil, column: Int? = nil, _ message: String) {
        self.init(severity, file: file, sheet: nil, line: line, column: column, message)
    }

    /// A diagnostic in `sheet` of workbook `file`, at sheet row `line` and column `column`
    /// (each optional); a `nil` sheet makes the plain `file:line:column` form.
    public init(_ severity: Severity, file: String?, sheet: String?, line: Int? = nil, column: Int? = nil, _ message: String) {
        self.severity = severity
        self.file = file
        self.sheet = sheet
        self.line = line
        self.column = column
        self.message = message
    }

    public var description: String {
        var place = file ?? "kexie"
        if let sheet {
            place += "[\(sheet)]"
            if let line { place += "!" + (column.map { Self.columnLetters($0) + "\(line)" } ?? "\(line):\(line)") }
        } else if let line {
            place += ":\(line)"
            if let column { place += ":\(column)" }
        }
        // Messages quote the input; a quoted control character must not reach the terminal raw.
        return "\(TerminalText.neutralized(place)): \(severity.rawValue): \(TerminalText.neutralized(message))"
    }
}

extension Diagnostic {
    /// A sheet column's letters as Excel shows them (1 → A, 27 → AA); the number itself when
    /// it is not positive.
    public static func columnLetters(_ column: Int) -> String {
        guard column > 0 else { return String(column) }
        var n = column, letters: [UInt8] = []
        while n > 0 {
            n -= 1
            letters.append(UInt8(ascii: "A") + UInt8(n % 26))
            n /= 26
        }
        return String(decoding: letters.reversed(), as: UTF8.self)
    }
}

/// The diagnostics of one load. Keeps the first `limit` errors and warnings in order and counts
/// the rest, so a file with a million bad rows reports quickly and still says how many there were.
public struct DiagnosticLog: Sendable {
    /// Diagnostics kept, in the order found.
    public internal(set) var diagnostics: [Diagnostic] = []
    /// Errors found, kept or not.
    public private(set) var errorCount = 0
    /// Warnings found, kept or not.
    public private(set) var warningCount = 0
    /// How many errors, then warnings, are kept at most.
    public let limit: Int
    /// Whether every conversion is kept in `everyConversion` (else they are only counted).
    public let keepsEveryConversion: Bool
    /// Every conversion of the load in file order, when `keepsEveryConversion`; else empty.
    public internal(set) var everyConversion: [Conversion] = []
    /// The conversions per table and kind, in the order first found (see ``Conversion``).
    public internal(set) var conversionCounts: [ConversionCount] = []
    /// Where each table and kind is in `conversionCounts`.
    var _conversionIndex: [_ConversionKey: Int] = [:]

    /// An empty log keeping at most `limit` errors and `limit` warnings, and every conversion
    /// when `keepingEveryConversion`.
    public init(limit: Int = 50, keepingEveryConversion: Bool = false) {
        self.limit = limit
        self.keepsEveryConversion = keepingEveryConversion
    }

    /// Whether any error was recorded.
    public var hasErrors: Bool { errorCount > 0 }
    /// Errors counted but not kept.
    public var omittedErrors: Int { max(0, errorCount - limit) }
    /// Warnings counted but not kept.
    public var omittedWarnings: Int { max(0, warningCount - limit) }

    /// Counts `d` and keeps it while under the limit of its severity (notes are always kept).
    public mutating func add(_ d: Diagnostic) {
        switch d.severity {
        case .error:
            errorCount += 1
            if errorCount <= limit { diagnostics.append(d) }
        case .warning:
            warningCount += 1
            if warningCount <= limit { diagnostics.append(d) }
        case .note:
            diagnostics.append(d)
        }
    }

    /// Appends another log's diagnostics after these (as if they had been found next),
    /// keeping the limits and counting what the other log counted but did not keep.
    public mutating func append(contentsOf other: DiagnosticLog) {
        for d in other.diagnostics { add(d) }
        errorCount += other.omittedErrors
        warningCount += other.omittedWarnings
        appendConversions(of: other)
    }

    /// Adds an error at `file:line:column`.
    public mutating func error(_ file: String?, line: Int? = nil, column: Int? = nil, _ message: String) {
        add(Diagnostic(.error, file: file, line: line, column: column, message))
    }

    /// Adds a warning at `file:line:column`.
    public mutating func warning(_ file: String?, line: Int? = nil, column: Int? = nil, _ message: String) {
        add(Diagnostic(.warning, file: file, line: line, column: column, message))
    }

    /// Adds a note about `file`.
    public mutating func note(_ file: String?, _ message: String) {
        add(Diagnostic(.note, file: file, message))
    }
}

/// What the logs of a load keep: how many errors and warnings, and whether every conversion.
struct _LogPolicy: Sendable {
    let limit: Int
    let keepsEveryConversion: Bool

    init(limit: Int, keepsEveryConversion: Bool = false) {
        self.limit = limit
        self.keepsEveryConversion = keepsEveryConversion
    }

    /// An empty log of this policy.
    func newLog() -> DiagnosticLog { DiagnosticLog(limit: limit, keepingEveryConversion: keepsEveryConversion) }
}

/// The log of a load in progress, shared by the readers of its files.
final class _DiagnosticSink {
    var log: DiagnosticLog
    init(_ policy: _LogPolicy) { log = policy.newLog() }
    /// A sink that goes on where `log` stopped (its limit, its counts): for diagnostics found
    /// after a log came back from another thread.
    init(continuing log: DiagnosticLog) { self.log = log }

    func error(_ file: String?, line: Int? = nil, column: Int? = nil, _ message: String) {
        log.error(file, line: line, column: column, message)
    }
    func warning(_ file: String?, line: Int? = nil, column: Int? = nil, _ message: String) {
        log.warning(file, line: line, column: column, message)
    }
    func note(_ file: String?, _ message: String) { log.note(file, message) }
    func converted(_ c: Conversion) { log.add(c) }
}
