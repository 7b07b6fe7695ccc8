import KexieWorkbook

/// A table's sheet read from its workbook: the workbook opened (for `NAME.xlsx`), the sheet
/// chosen and made into CSV text. Sendable and free of logging, so that it can be made on a
/// thread of its own ahead of the table's turn (`_SheetSource.readAhead`); `log` then tells
/// the table's sink what happened, in order.
struct _SheetRead: Sendable {
    var book: WorkbookFile?
    var sheet: WorkbookSheet?
    var text: SheetText?
    /// The first failure: the file (and sheet) it is about, and why.
    var failure: (file: String, sheet: String?, error: WorkbookReadError)?
    /// Sheets of `NAME.xlsx` left out, with why.
    var ignored: [(sheet: WorkbookSheet, why: String)] = []

    /// Reads table `name` from `source` (not `.readAhead`).
    init(_ name: String, _ source: _SheetSource, keepingEveryConversion: Bool) {
        switch source {
        case .sheet(let b, let s):
            (book, sheet) = (b, s)
        case .workbook(let path):
            do { book = try WorkbookFile(path: path) } catch {
                failure = (path, nil, error)
                return
            }
        case .readAhead(let ahead):
            self = ahead.wait()
            return
        }
        guard let book else { return }
        if sheet == nil {
            let choice = _WorkbookTables.sheet(for: name, in: book)
            (sheet, ignored) = (choice.sheet, choice.ignored)
        }
        guard let sheet else { return }
        do { text = try book.readSheet(sheet, keepingEveryConversion: keepingEveryConversion) } catch {
            failure = (book.path, sheet.name, error)
        }
    }
}

extension _OpenedTable {
    /// Reads table `name` from a workbook: its sheet made into CSV text (`SheetText`), read
    /// under the name `book.xlsx[sheet]` by the same reader as a CSV table, so that every
    /// check and conversion of the loader applies to it alike. The sheet read as the table and
    /// the cells the workbook held in another form (dates, numbers, formulas, merged ranges)
    /// are recorded as conversions.
    static func openSheet(
        _ name: String, _ source: _SheetSource, sink: _DiagnosticSink, progress: (@Sendable (String, Int) -> Void)?
    ) -> Opened {
        let read = _SheetRead(name, source, keepingEveryConversion: sink.log.keepsEveryConversion)
        for (other, why) in read.ignored { sink.log.add(Diagnostic(.note, file: read.book?.path, sheet: other.name, why)) }
        if let (file, sheet, error) = read.failure {
            sink.log.add(Diagnostic(.error, file: file, sheet: sheet, _WorkbookText.refusal(error)))
            let label = sheet.map { _SheetPlaces.label(workbook: file, sheet: $0) } ?? file
            return Opened(table: _OpenedTable(file: label, encoding: nil, ioFailed: error.kind == .io), reader: nil)
        }
        guard let book = read.book, let sheet = read.sheet, let text = read.text else {
            let path = read.book?.path ?? name
            sink.error(path, "the workbook has no visible sheet: table \(name) is its first visible sheet")
            return Opened(table: _OpenedTable(file: path, encoding: nil, ioFailed: false), reader: nil)
        }
        let label = _SheetPlaces.label(workbook: book.path, sheet: sheet.name)
        sink.converted(Conversion(.sheet, file: book.path, sheet: sheet.name, line: nil, column: nil, columnName: nil,
                                  read: sheet.name, became: name))
        for tally in text.conversions {
            func conversion(_ c: SheetCellConversion) -> Conversion {
                Conversion(_kind(c.kind), file: book.path, sheet: sheet.name, line: c.row, column: c.column, columnName: nil,
                           read: c.read, became: c.became)
            }
            sink.log.add(conversion(tally.first), count: tally.count, all: tally.all.map(conversion))
        }
        let places = _SheetPlaces(label: label, workbook: book.path, sheet: sheet.name, lineRows: text.lineRows)
        do {
            var reader = try _TableReader(file: label, bytes: text.text)
            reader.progress = progress
            return Opened(table: _OpenedTable(file: label, encoding: reader.encoding, ioFailed: false, sheet: places), reader: reader)
        } catch {
            // The scanner hands over the part's bytes as they are: a sheet that is not UTF-8.
            sink.log.add(Diagnostic(.error, file: book.path, sheet: sheet.name, error.message))
            return Opened(table: _OpenedTable(file: label, encoding: nil, ioFailed: false), reader: nil)
        }
    }

    private static func _kind(_ kind: SheetCellConversion.Kind) -> Conversion.Kind {
        switch kind {
        case .serialDate: .serialDate
        case .number: .number
        case .formula: .formula
        case .mergedCell: .mergedCell
        }
    }
}
