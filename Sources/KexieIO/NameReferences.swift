import KexieModel
import Synchronization

/// What a reference given by name matched.
enum _NameMatch: Sendable, Equatable {
    /// Exactly one row: the reference resolves to it.
    case one(Int)
    /// Every matching row, in row order (two or more): a data error.
    case several([Int])
    /// No row: the reference stays unresolved (the contract's version 1 finding).
    case none

    init(_ rows: [Int]) {
        switch rows.count {
        case 0: self = .none
        case 1: self = .one(rows[0])
        default: self = .several(rows)
        }
    }
}

/// A table whose rows a reference may name instead of giving an id (regions, organizations),
/// with what the messages about such references say of a row.
protocol _NameTargets: Sendable {
    /// The conversion a resolved name is recorded as.
    static var conversion: Conversion.Kind { get }
    /// `region`, `organization`.
    static var noun: String { get }
    /// `regions.csv`.
    static var table: String { get }
    var ids: InternedStrings { get }
    /// The rows `text` names (it is not an id).
    func match(_ text: String) -> _NameMatch
    /// Row `row`'s name.
    func name(_ row: Int) -> String
    /// Where row `row` sits, for telling rows of one name apart: a region's path from the top
    /// down (`天津市/南开区`), an organization's region.
    func place(_ row: Int) -> String
    /// The rows whose names are nearest to `text`, nearest first (at most three).
    func suggestions(for text: String) -> [Int]
    /// A reference by name that row `row` alone may match (`南开区/向阳路街道`), or `nil` when
    /// names cannot say more than the name.
    func pathExample(_ row: Int) -> String?
}

/// The rows of a name column by name, looked up by scanning the column for the first few
/// names and through an index after that; the index is built once, by whichever thread needs
/// it first. Tables and pieces of tables that refer to the same targets share one.
///
/// A canonical table whose references miss a few ids (dangling references: findings, not
/// names) so costs a few scans, and never an index of the whole column.
final class _LazyNameIndex: Sendable {
    /// Names looked up by scanning before the index is built.
    static let scansBeforeIndex = 8
    private let state = Mutex<(index: _NameIndex?, scans: Int)>((nil, 0))

    /// The rows of `column` (the same column on every call) named `name`, in row order.
    ///
    /// - Complexity: O(rows) for one of the first `scansBeforeIndex` calls, O(total name
    ///   length) once for the index, then O(length of `name` + rows found) expected.
    func rows(named name: String, in column: StringColumn) -> [Int] {
        let index: _NameIndex? = state.withLock { s in
            if let built = s.index { return built }
            if s.scans < Self.scansBeforeIndex {
                s.scans += 1
                return nil
            }
            let built = _NameIndex(column)
            s.index = built
            return built
        }
        return index?.rows(named: name) ?? _NameIndex.scan(column, for: name)
    }

    /// The index of `column` (the same column on every call), built now if it was not.
    func index(of column: StringColumn) -> _NameIndex {
        state.withLock { s in
            if let built = s.index { return built }
            let built = _NameIndex(column)
            s.index = built
            return built
        }
    }
}

/// Whether an unresolved reference reads as a name rather than as a mistyped id: it holds a
/// character that is not printable ASCII, a space or a "/". Only those get the warning with the
/// nearest names; an unknown id (`V43`, `120104999000`) stays the version 1 finding alone, so
/// canonical tables read as before and no frame is searched for names an id was never meant
/// to be near.
enum _NameShape {
    static func isName(_ text: String) -> Bool {
        text.utf8.contains { $0 >= 0x80 || $0 <= 0x20 || $0 == 0x2F }
    }
}

/// The reference cells of one column of one table that were not ids (dataset.md, "References
/// by name"): each resolves by name when it names exactly one target row (the conversion is
/// recorded), and is otherwise kept unresolved and noted, once per distinct cell, for
/// `report`: a name of several rows is a data error listing up to five of them; a name of
/// none gets a warning with the nearest names. An id always wins: callers look a cell up as an
/// id first and come here only when that fails.
///
/// - Complexity: one match per distinct cell (`_NameTargets.match`), remembered; a cell that
///   repeats costs a dictionary lookup.
struct _NameReferences: Sendable {
    // An existential, not a generic parameter: a generic struct captured by the row handlers
    // would check its requirements at run time on every load.
    let targets: any _NameTargets
    let file: String
    let columnName: String
    /// 1-based; `nil` when the file has no such column.
    let column: Int?
    /// The warning of a cell that is not an id and not name-shaped (`_NameShape`), when the
    /// table warned of unknown ids before names were read (persons' and institutions' regions).
    let unknownID: (@Sendable (String) -> String)?
    private var outcomes: [String: _NameMatch] = [:]
    private var issues = _NameIssues()

    init(_ targets: any _NameTargets, file: String, columnName: String, column: Int?,
         unknownID: (@Sendable (String) -> String)? = nil) {
        self.targets = targets
        self.file = file
        self.columnName = columnName
        self.column = column
        self.unknownID = unknownID
    }

    /// The row `text` (not an id of the targets) names, its conversion recorded at `line`; or
    /// `nil`, noted for `report`.
    mutating func resolve(_ text: String, line: Int, log: _DiagnosticSink) -> Int? {
        let match: _NameMatch
        if let known = outcomes[text] {
            match = known
        } else {
            match = targets.match(text)
            outcomes[text] = match
        }
        switch match {
        case .one(let row):
            log.converted(Conversion(type(of: targets).conversion, file: file, line: line, column: column, columnName: columnName,
                                     read: text, became: targets.ids[row]))
            return row
        case .several(let rows):
            issues.add(text, line: line, .ambiguous(rows))
        case .none:
            if _NameShape.isName(text) {
                issues.add(text, line: line, .unresolved)
            } else if unknownID != nil {
                issues.add(text, line: line, .unknownID)
            }
        }
        return nil
    }

    /// Appends a cell that is not an id of the targets to `refs`: resolved by name, or unknown.
    @inline(never)
    mutating func append(byName bytes: UnsafeBufferPointer<UInt8>, line: Int, to refs: inout ReferenceColumn,
                         log: _DiagnosticSink) {
        let text = String(decoding: bytes, as: UTF8.self)
        if let row = resolve(text, line: line, log: log) { refs.append(resolved: row) } else { refs.append(unknown: text) }
    }

    /// Takes in the notes of a later piece of the same column (pieces of one table).
    mutating func append(contentsOf later: _NameReferences) { issues.append(contentsOf: later.issues) }

    /// Reports what did not resolve, once per distinct cell, at its first row, in the order
    /// first found. Nearest names are looked for only for a warning the log will keep.
    func report(to log: _DiagnosticSink) {
        for (text, entry) in issues.entries {
            let rows = entry.count == 1 ? "" : " (\(entry.count) rows; the first is here)"
            switch entry.kind {
            case .ambiguous(let matches):
                log.error(file, line: entry.line, column: column,
                          _NameMessages.ambiguous(text, column: columnName, matches: matches, targets: targets) + rows)
            case .unresolved:
                let kept = log.log.warningCount < log.log.limit
                let near = kept ? targets.suggestions(for: text) : []
                log.warning(file, line: entry.line, column: column,
                            _NameMessages.unresolved(text, column: columnName, nearest: near, targets: targets) + rows)
            case .unknownID:
                if let unknownID { log.warning(file, line: entry.line, column: column, unknownID(text) + rows) }
            }
        }
    }
}

extension ReferenceColumn {
    /// Appends a reference cell: an id of `ids` (unless it repeats the cell `last` saw), else
    /// given by name through `names` (the path taken only when a cell is not an id).
    @inline(__always)
    mutating func append(_ bytes: UnsafeBufferPointer<UInt8>, in ids: InternedStrings, last: inout _LastReference,
                         names: inout _NameReferences, line: Int, log: _DiagnosticSink) {
        if bytes.isEmpty {
            appendAbsent()
        } else if let i = last.index(of: bytes, in: ids) {
            append(resolved: i)
        } else {
            names.append(byName: bytes, line: line, to: &self, log: log)
        }
    }
}

/// The references of a column that did not resolve, once per distinct cell, in the order first
/// found, with the first line and the number of rows.
struct _NameIssues: Sendable {
    enum Kind: Sendable {
        /// The name of several rows (all of them, in row order).
        case ambiguous([Int])
        /// Name-shaped, and the name of no row.
        case unresolved
        /// Id-shaped, and the id of no row.
        case unknownID
    }
    struct Entry: Sendable {
        var count: Int
        let line: Int
        let kind: Kind
    }
    private var byText: [String: Int] = [:]
    private(set) var entries: [(text: String, entry: Entry)] = []

    mutating func add(_ text: String, line: Int, _ kind: Kind) {
        if let i = byText[text] {
            entries[i].entry.count += 1
        } else {
            byText[text] = entries.count
            entries.append((text, Entry(count: 1, line: line, kind: kind)))
        }
    }

    /// Takes in `later`'s notes as if found after these.
    mutating func append(contentsOf later: _NameIssues) {
        for (text, entry) in later.entries {
            if let i = byText[text] {
                entries[i].entry.count += entry.count
            } else {
                byText[text] = entries.count
                entries.append((text, entry))
            }
        }
    }
}

/// The messages about references given by name, in one place (issue 14 moves them to a
/// catalogue).
enum _NameMessages {
    /// At most this many rows are listed for a name of several.
    static let listed = 5

    /// `120104001000 (天津市/南开区/向阳路街道)`.
    static func candidate<T: _NameTargets>(_ row: Int, _ targets: T) -> String { "\(targets.ids[row]) (\(targets.place(row)))" }

    /// The first `listed` of `matches`, described, then how many more there are.
    static func list(_ matches: [Int], _ describe: (Int) -> String) -> String {
        let list = matches.prefix(listed).map(describe).joined(separator: ", ")
        return list + (matches.count > listed ? ", and \(matches.count - listed) more" : "")
    }

    /// How to name one region of several: by id, or by a name path (`example`) when there is one.
    static func fix(_ example: String?) -> String {
        example.map { "write the id, or a name path from an ancestor down (\"\($0)\")" } ?? "write the id"
    }

    static func ambiguous<T: _NameTargets>(_ text: String, column: String, matches: [Int], targets: T) -> String {
        let noun = T.noun
        return "\(noun) \"\(text)\" in column \"\(column)\" is the name of \(matches.count) \(noun)s: "
            + "\(list(matches) { candidate($0, targets) }); a name must match exactly one \(noun): "
            + fix(matches.first.flatMap { targets.pathExample($0) })
    }

    static func unresolved<T: _NameTargets>(_ text: String, column: String, nearest: [Int], targets: T) -> String {
        let near = nearest.map { "\"\(targets.name($0))\" (\(targets.ids[$0]), \(targets.place($0)))" }
        let hint = near.isEmpty ? "" : " — did you mean \(near.joined(separator: " or "))?"
        return "\(T.noun) \"\(text)\" in column \"\(column)\" is neither an id nor a name in \(T.table), "
            + "left unresolved: write the id or the exact name\(hint)"
    }

    /// A region parent (regions.csv) that names several regions.
    static func ambiguousParent(_ text: String, matches: [Int], describe: (Int) -> String, example: String?) -> String {
        "parent \"\(text)\" is the name of \(matches.count) regions: \(list(matches, describe)); "
            + "a name must match exactly one region: \(fix(example))"
    }

    /// A region parent (regions.csv) that is neither an id nor a name.
    static func unknownParent(_ text: String, nearest: [String]) -> String {
        guard _NameShape.isName(text) else {
            return "unknown parent \"\(text)\": no region has this id (the frame must be complete)"
        }
        let hint = nearest.isEmpty ? "" : " — did you mean \(nearest.joined(separator: " or "))?"
        return "unknown parent \"\(text)\": no region has this id or name\(hint) (the frame must be complete)"
    }
}
