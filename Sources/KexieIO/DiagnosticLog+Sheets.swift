import KexieWorkbook

/// Where the lines of a sheet's CSV text are in the sheet: the loader reads a sheet as the CSV
/// text `SheetText` makes of it, under the name `label` (`book.xlsx[人员]`), and its
/// diagnostics name text lines and fields; `_assemble` moves them to the sheet's rows and
/// columns (a field's number is its column's, field 1 being column A).
struct _SheetPlaces: Sendable {
    /// The name the sheet's text is read under (`book.xlsx[人员]`).
    let label: String
    let workbook: String
    let sheet: String
    /// The sheet row of each text line (see `SheetText.lineRows`).
    let lineRows: [Int32]

    /// The sheet row of text line `line`.
    func row(_ line: Int?) -> Int? {
        guard let line else { return nil }
        return line >= 1 && line <= lineRows.count ? Int(lineRows[line - 1]) : line
    }

    /// The name a sheet's text is read under.
    static func label(workbook: String, sheet: String) -> String { "\(workbook)[\(sheet)]" }
}

extension DiagnosticLog {
    /// This log with the diagnostics and conversions of the sheets in `places` (by label)
    /// moved to their sheet rows and columns. Counts and limits stay as they are.
    ///
    /// - Complexity: O(diagnostics kept + conversions kept).
    func relocating(_ places: [String: _SheetPlaces]) -> DiagnosticLog {
        guard !places.isEmpty else { return self }
        var log = self
        log.diagnostics = diagnostics.map { d in
            guard d.sheet == nil, let file = d.file, let p = places[file] else { return d }
            return Diagnostic(d.severity, file: p.workbook, sheet: p.sheet, line: p.row(d.line), column: d.column, d.message)
        }
        func moved(_ c: Conversion) -> Conversion {
            guard c.sheet == nil, let p = places[c.file] else { return c }
            return Conversion(c.kind, file: p.workbook, sheet: p.sheet, line: p.row(c.line), column: c.column,
                              columnName: c.columnName, read: c.read, became: c.became)
        }
        log.everyConversion = everyConversion.map(moved)
        log.conversionCounts = []
        log._conversionIndex = [:]
        for c in conversionCounts { log._count(ConversionCount(first: moved(c.first), count: c.count)) }
        return log
    }

    /// Counts `count` conversions like `c` (the first of them `c`), keeping `all` when the log
    /// keeps every conversion: a sheet's tally added in one step.
    mutating func add(_ c: Conversion, count: Int, all: [Conversion]) {
        if keepsEveryConversion {
            for one in all { add(one) }
            return
        }
        _count(ConversionCount(first: c, count: count))
    }
}
