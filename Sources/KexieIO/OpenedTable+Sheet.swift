import KexieWorkbook

extension _OpenedTable {
    /// Reads table `name` from a workbook: its sheet made into CSV text (`SheetText`), read
    /// under the name `book.xlsx[sheet]` by the same reader as a CSV table, so that every
    /// check and conversion of the loader applies to it alike. The sheet read as the table and
    /// the cells the workbook held in another form (dates, numbers, formulas, merged ranges)
    /// are recorded as conversions.
    static func openSheet(
        _ name: String, _ source: _SheetSource, sink: _DiagnosticSink, progress: (@Sendable (String, Int) -> Void)?
    ) -> Opened {
        let book: WorkbookFile, sheet: WorkbookSheet
        switch source {
        case .sheet(let b, let s):
            (book, sheet) = (b, s)
        case .workbook(let path):
            do { book = try WorkbookFile(path: path) } catch {
                sink.error(path, _WorkbookText.refusal(error))
                return Opened(table: _OpenedTable(file: path, encoding: nil, ioFailed: error.kind == .io), reader: nil)
            }
            guard let s = _WorkbookTables.sheet(for: name, in: book, log: sink) else {
                return Opened(table: _OpenedTable(file: path, encoding: nil, ioFailed: false), reader: nil)
            }
            sheet = s
        }
        let label = _SheetPlaces.label(workbook: book.path, sheet: sheet.name)
        let text: SheetText
        do { text = try book.readSheet(sheet, keepingEveryConversion: sink.log.keepsEveryConversion) } catch {
            sink.log.add(Diagnostic(.error, file: book.path, sheet: sheet.name, _WorkbookText.refusal(error)))
            return Opened(table: _OpenedTable(file: label, encoding: nil, ioFailed: error.kind == .io), reader: nil)
        }
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
            // libxml2 hands over UTF-8 only; a sheet's text always decodes.
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
