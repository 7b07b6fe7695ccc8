#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import KexieWorkbook

/// Stage 1 of a load: the dataset folder and where each table of the contract is in it.
struct _LocatedTables: Sendable {
    /// The file of each table the dataset has, by table name (`regions` → `…/regions.csv.gz`);
    /// for a table in a workbook, the name its text is read under (`NAME.xlsx`, or
    /// `book.xlsx[区划]` for a sheet of the folder's one workbook).
    let files: [String: String]
    /// The tables that are workbooks or sheets, by table name.
    let sheets: [String: _SheetSource]

    /// Checks that `folder` is a folder and finds `NAME.csv`, `NAME.csv.gz` or `NAME.xlsx`
    /// (exactly one) for each table; or, in a folder with no table files and one workbook, the
    /// workbook's sheet for each table (`_WorkbookTables`). Fails (input missing) when the
    /// folder or a required table is not there; (data error) when a table is an old `.xls`
    /// or the folder's workbook cannot be read.
    init(folder: String, log: _DiagnosticSink) throws(_LoadFailure) {
        switch _FileSystem.entry(folder) {
        case .directory: break
        case .missing(let code):
            log.error(folder, "cannot open the dataset folder: \(_systemMessage(code))")
            throw _LoadFailure(.inputMissing)
        default:
            log.error(folder, "not a folder: a dataset is a folder of CSV tables (regions.csv, organizations.csv, …)")
            throw _LoadFailure(.inputMissing)
        }
        if let book = try _WorkbookTables.soleWorkbook(in: folder, log: log) {
            (files, sheets) = (book.files, book.sheets)
            return
        }
        var files: [String: String] = [:]
        var sheets: [String: _SheetSource] = [:]
        var missingRequired = false, oldBinary = false
        for name in DatasetLoader.tableNames {
            let forms = ["\(folder)/\(name).csv", "\(folder)/\(name).csv.gz", "\(folder)/\(name).xlsx"]
            let present = forms.filter(_exists)
            if present.count > 1 {
                let names = present.map { String($0.dropFirst(folder.count + 1)) }
                log.error(present[1], "both \(names.joined(separator: " and ")) exist: which one is table \(name)? Keep only one of them")
            } else if let file = present.first {
                files[name] = file
                if file.hasSuffix(".xlsx") { sheets[name] = .workbook(path: file) }
            } else if _exists("\(folder)/\(name).xls") {
                log.error("\(folder)/\(name).xls", _WorkbookText.oldBinary)
                oldBinary = true
            } else if name == "regions" || name == "organizations" {
                log.error(forms[0], "missing required table \(name).csv (or \(name).csv.gz, or \(name).xlsx)")
                missingRequired = true
            }
        }
        if missingRequired { throw _LoadFailure(oldBinary ? .dataError : .inputMissing) }
        if oldBinary { throw _LoadFailure(.dataError) }
        self.files = files
        self.sheets = sheets
    }
}

extension _LocatedTables {
    /// These tables with the sheet of table `name`, if it is one, already being read on a
    /// thread of its own: the frame thread reaches positions last, after regions and
    /// organizations, and a sheet's text does not depend on them (only its reading does).
    /// With the sheet made beside them the two cores stay busy.
    func readingAhead(_ name: String, keepingEveryConversion: Bool) -> _LocatedTables {
        guard let source = sheets[name] else { return self }
        var sheets = self.sheets
        sheets[name] = .readAhead(ReadAhead { _SheetRead(name, source, keepingEveryConversion: keepingEveryConversion) })
        return _LocatedTables(files: files, sheets: sheets)
    }

    private init(files: [String: String], sheets: [String: _SheetSource]) {
        self.files = files
        self.sheets = sheets
    }
}

/// Whether something is at `path`. A name that cannot be followed (a symbolic-link loop, a
/// permission problem) counts as present, so that reading it reports the real reason.
func _exists(_ path: String) -> Bool {
    if case .missing(let code) = _FileSystem.entry(path) { return code != ENOENT && code != ENOTDIR }
    return true
}

extension _FileSystem {
    /// The names in folder `path` (not `.` and `..`), or empty when it cannot be listed.
    static func names(in path: String) -> [String] {
        guard let dir = opendir(path) else { return [] }
        defer { closedir(dir) }
        var names: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names.sorted()
    }
}
