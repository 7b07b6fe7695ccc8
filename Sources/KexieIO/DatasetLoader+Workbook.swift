import KexieWorkbook

/// Where a table in a workbook is.
enum _SheetSource: Sendable {
    /// `NAME.xlsx`: the workbook is the table; its sheet is chosen when it is opened
    /// (`_WorkbookTables.sheet(for:in:)`), on the thread that reads it.
    case workbook(path: String)
    /// A sheet of the folder's one workbook, opened once when the tables were located.
    case sheet(WorkbookFile, WorkbookSheet)
    /// One of the above already being read on a thread of its own (`_LocatedTables.readingAhead`).
    case readAhead(ReadAhead<_SheetRead>)
}

/// A dataset kept as one workbook (dataset.md, "Workbooks"): a folder holding one `.xlsx` and
/// no tables, with a sheet per table named by the table (`regions`, in any case) or in Chinese
/// (`区划`). Hidden sheets and sheets with other names are ignored, each with a note.
enum _WorkbookTables {
    /// The tables of the folder's one workbook, or `nil` when the folder holds a table file
    /// (then it is a folder of tables) or no workbook at all. Excel's lock files (`~$book.xlsx`)
    /// are not workbooks.
    ///
    /// - Throws: (data error) when the folder holds several workbooks, an old `.xls` and no
    ///   tables, or a workbook that cannot be read or lacks a required table's sheet.
    static func soleWorkbook(in folder: String, log: _DiagnosticSink) throws(_LoadFailure)
        -> (files: [String: String], sheets: [String: _SheetSource])?
    {
        let names = _FileSystem.names(in: folder).filter { !$0.hasPrefix("~$") && !$0.hasPrefix(".") }
        let tableFile = Set(DatasetLoader.tableNames.flatMap { ["\($0).csv", "\($0).csv.gz", "\($0).xlsx", "\($0).xls"] })
        if names.contains(where: tableFile.contains) { return nil }
        let books = names.filter { $0.lowercased().hasSuffix(".xlsx") }
        let old = names.filter { $0.lowercased().hasSuffix(".xls") }
        if books.isEmpty, let first = old.first {
            log.error("\(folder)/\(first)", _WorkbookText.oldBinary)
            throw _LoadFailure(.dataError)
        }
        guard let only = books.first else { return nil }
        guard books.count == 1 else {
            log.error(folder, "the folder holds \(books.count) workbooks (\(books.joined(separator: ", "))) and no tables: keep one "
                      + "workbook with a sheet per table, or name each workbook by its table (regions.xlsx, organizations.xlsx, …)")
            throw _LoadFailure(.dataError)
        }
        return try tables(of: "\(folder)/\(only)", log: log)
    }

    /// The sheet of each table in the workbook at `path`.
    private static func tables(of path: String, log: _DiagnosticSink) throws(_LoadFailure)
        -> (files: [String: String], sheets: [String: _SheetSource])
    {
        let book: WorkbookFile
        do { book = try WorkbookFile(path: path) } catch {
            log.error(path, _WorkbookText.refusal(error))
            throw _LoadFailure(error.kind == .io ? .ioError : .dataError)
        }
        var chosen: [String: WorkbookSheet] = [:]
        var ok = true
        for sheet in book.sheets {
            guard let table = table(named: sheet.name) else {
                log.log.add(Diagnostic(.note, file: path, sheet: sheet.name, _WorkbookText.otherSheet(sheet)))
                continue
            }
            guard sheet.visibility == .visible else {
                log.log.add(Diagnostic(.note, file: path, sheet: sheet.name, _WorkbookText.hiddenSheet(table)))
                continue
            }
            if let first = chosen[table] {
                log.log.add(Diagnostic(.error, file: path, sheet: sheet.name,
                                       "sheets \"\(first.name)\" and \"\(sheet.name)\" are both table \(table): which one? Keep only one of them"))
                ok = false
                continue
            }
            chosen[table] = sheet
        }
        for required in ["regions", "organizations"] where chosen[required] == nil {
            log.error(path, "missing required table \(required): the workbook has no visible sheet named \(required) or \(chineseName(required))")
            ok = false
        }
        guard ok else { throw _LoadFailure(.dataError) }
        var files: [String: String] = [:], sheets: [String: _SheetSource] = [:]
        for (table, sheet) in chosen {
            files[table] = _SheetPlaces.label(workbook: path, sheet: sheet.name)
            sheets[table] = .sheet(book, sheet)
        }
        return (files, sheets)
    }

    /// The table a sheet named `name` is (`regions`, `Regions`, `区划`), or `nil`.
    static func table(named name: String) -> String? {
        let key = name.trimmingBlanks()
        if let english = DatasetLoader.tableNames.first(where: { $0 == key.lowercased() }) { return english }
        return _ContractColumns.sheetNames.first { $0.name == key }?.table
    }

    static func chineseName(_ table: String) -> String {
        _ContractColumns.sheetNames.first { $0.table == table }?.name ?? table
    }

    /// The sheet of `NAME.xlsx` that is table `table`: its only visible sheet; else the visible
    /// sheet named by the table; else the first visible one; `nil` when no sheet is visible.
    /// The other sheets are ignored, each with why (for a note).
    static func sheet(for table: String, in book: WorkbookFile) -> (sheet: WorkbookSheet?, ignored: [(sheet: WorkbookSheet, why: String)]) {
        let visible = book.sheets.filter { $0.visibility == .visible && $0.part != nil }
        guard let pick = visible.first(where: { self.table(named: $0.name) == table }) ?? visible.first else { return (nil, []) }
        let ignored = book.sheets.filter { $0 != pick }.map { other in
            (other, other.visibility != .visible ? "hidden sheet, ignored" : "ignored: table \(table) is sheet \"\(pick.name)\"")
        }
        return (pick, ignored)
    }
}

/// The words of the loader's workbook messages, in one place.
enum _WorkbookText {
    /// Why an old binary `.xls` is not read, and what to do.
    static let oldBinary = WorkbookReadError.oldBinaryMessage

    static func refusal(_ error: WorkbookReadError) -> String { error.message }

    static func otherSheet(_ sheet: WorkbookSheet) -> String {
        let names = DatasetLoader.tableNames.map { "\($0)/\(_WorkbookTables.chineseName($0))" }.joined(separator: ", ")
        return "sheet ignored: its name is not a table's (\(names))\(sheet.visibility == .visible ? "" : "; it is also hidden")"
    }

    static func hiddenSheet(_ table: String) -> String {
        "hidden sheet ignored (it is named as table \(table); unhide it to read it)"
    }
}

extension String {
    /// Without the blanks at its ends (spaces, tabs, line breaks, ideographic spaces).
    func trimmingBlanks() -> String {
        let blank: (Character) -> Bool = { $0.isWhitespace }
        return String(drop(while: blank).reversed().drop(while: blank).reversed())
    }
}
