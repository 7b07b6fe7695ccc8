import ArgumentParser
import KexieIO
import KexieOutput
import KexieWorkbook

/// Where a command's data goes: a file (`--out`, written as `OutputFile` says: usually to a
/// temporary name that is renamed) or standard output (no `--out`, or `--out -`); CSV tables
/// into a folder, all appearing together. A failure to write is `KexieCommandError.output`.
enum OutputSink {
    /// The file `--out`/`-o` names, or `nil` for standard output (none given, or `-`).
    static func file(_ out: String?) -> String? {
        out == "-" ? nil : out
    }

    /// Checks that `--out`/`-o` names a folder for an output of several files: `explanation`
    /// says which, as a usage error, when none is given or it is `-`.
    static func requireFolder(_ out: String?, _ explanation: String) throws {
        guard let out else { throw ValidationError(explanation) }
        if out == "-" { throw ValidationError("\(explanation) (standard output, -, cannot hold several files)") }
    }

    /// Writes UTF-8 bytes to `out`, or to standard output when it is `nil` or `-`.
    static func emit(_ bytes: [UInt8], to out: String?) throws(KexieCommandError) {
        do {
            if let out = file(out) {
                try bytes.withUnsafeBufferPointer { (b) throws(OutputError) in try OutputFile.write(b, to: out) }
            } else {
                try Console.writeOut(bytes)
            }
        } catch {
            throw .output(error)
        }
    }

    /// Streams a document to `out` (through a temporary file) or standard output: `body`
    /// writes it in pieces to the sink it is given.
    /// A `body` that throws leaves a file target as it was (the stream is discarded unpublished).
    static func stream(
        to out: String?, _ body: (@escaping (UnsafeBufferPointer<UInt8>) -> Void) throws(KexieCommandError) -> Void
    ) throws(KexieCommandError) {
        let stream: OutputFile.Stream
        do {
            stream = try file(out).map { (path) throws(OutputError) in try OutputFile.Stream(path: path) }
                ?? OutputFile.Stream(standardOutputNamed: "standard output")
        } catch {
            throw .output(error)
        }
        try body { stream.write($0) }
        do { try stream.commit() } catch { throw .output(error) }
    }

    /// Whether `out` names a workbook (`.xlsx`, any case).
    static func isWorkbook(_ out: String?) -> Bool {
        out?.lowercased().hasSuffix(".xlsx") ?? false
    }

    /// Checks that a workbook has somewhere to go: a file, or standard output when it is not a
    /// terminal (a workbook's bytes are not for a screen).
    static func requireWorkbookTarget(_ out: String?) throws {
        if file(out) == nil, Console.stdoutIsTerminal {
            throw ValidationError("--format xlsx writes a workbook: give a file with --out FILE.xlsx (or redirect standard output to a file)")
        }
    }

    /// The help of `--no-bom`, which the commands with CSV tables for people share.
    static let noBOMHelp = ArgumentHelp("csv: no UTF-8 byte-order mark at the start of each file (by default there is one, so that Excel in a Chinese locale reads the file as UTF-8).")

    /// Refuses `--no-bom` with a format other than csv (an option that would be ignored).
    static func checkNoBOM(_ noBOM: Bool, csv: Bool) throws {
        if noBOM && !csv { throw ValidationError("--no-bom applies to --format csv") }
    }

    /// The UTF-8 byte-order mark that CSV files for people start with: Excel in a Chinese
    /// locale reads a CSV file without one as GBK, and the Chinese names come out garbled.
    static let byteOrderMark = "\u{FEFF}"

    /// Writes one CSV file per table into `folder`, the rows of every dataset in turn, each
    /// starting with the dataset's name, and each file with `byteOrderMark` first unless told
    /// not to (`--no-bom`). The files appear together, when all are written
    /// (`OutputFile.Batch`): a failed or interrupted run leaves the old ones.
    static func emitCSV(_ perDataset: [(dataset: String, tables: [FindingTable])], folder: String, byteOrderMark: Bool) throws(KexieCommandError) {
        do {
            try OutputFile.makeFolder(folder)
            guard let first = perDataset.first else { return }
            let batch = OutputFile.Batch()
            for (i, table) in first.tables.enumerated() {
                var text = (byteOrderMark ? Self.byteOrderMark : "") + table.csvHeader
                for entry in perDataset { text += entry.tables[i].csvLines(dataset: entry.dataset) }
                try batch.write(text, to: "\(folder)/\(table.file)")
            }
            try batch.commit()
        } catch {
            throw .output(error)
        }
    }

    /// Writes one workbook to `out` (standard output when nil or `-`), a sheet per table with
    /// the columns of the CSV files (`FindingTable.workbookSheets`). Sheets too large for a
    /// workbook are `limitExceeded`, naming the sheet and pointing to csv.
    static func emitWorkbook(_ perDataset: [(dataset: String, tables: [FindingTable])], to out: String?) throws(KexieCommandError) {
        do {
            try OutputFile.write(workbook: _WorkbookWriter(sheets: FindingTable.workbookSheets(perDataset)), to: file(out))
        } catch let error as _WorkbookWriteError {
            if case .archive = error { throw .output(error) }
            throw .limitExceeded(path: file(out) ?? "standard output", error)
        } catch {
            throw .output(error)
        }
    }

    /// The families named in a `--fail-on` list (comma-separated), or a usage error naming the
    /// allowed ones.
    static func families<F: RawRepresentable & CaseIterable>(_ text: String) throws -> [F] where F.RawValue == String {
        try text.split(separator: ",").map { part in
            let name = part.trimmingSpaces()
            guard let c = F(rawValue: name) else {
                throw ValidationError("--fail-on: unknown family \"\(name)\" (allowed: \(F.allCases.map(\.rawValue).joined(separator: ", ")))")
            }
            return c
        }
    }
}
