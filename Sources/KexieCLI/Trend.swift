import ArgumentParser
import KexieAnalysis
import KexieIO
import KexieModel
import KexieOutput

extension TrendStep: ExpressibleByArgument {}

/// The dates of a trend, shared by `kexie trend` and `kexie render trend`.
struct TrendRangeOptions: ParsableArguments {
    @Option(help: ArgumentHelp("The first date (default: the last day of the year before the earliest target falls due, else three years before the as-of date).", valueName: "date"))
    var from: String?

    @Option(help: ArgumentHelp("The last date (default: the as-of date).", valueName: "date"))
    var to: String?

    @Option(help: ArgumentHelp("month, quarter or year: the dates are --from, the period ends between, and --to.", valueName: "step"))
    var step: TrendStep = .month

    func validate() throws {
        if let from { _ = try parseDate(from, option: "--from") }
        if let to { _ = try parseDate(to, option: "--to") }
        if let from, let to, let f = Day(parsing: from), let t = Day(parsing: to), f > t {
            throw ValidationError("--from \(from) is after --to \(to)")
        }
    }

    /// The range for a dataset: the options, else the defaults.
    func range(for dataset: Dataset, options: DatasetOptions) throws -> (from: Day, to: Day) {
        let to = try self.to.map { try parseDate($0, option: "--to") } ?? options.date(for: dataset)
        let from = try self.from.map { try parseDate($0, option: "--from") } ?? min(Trend.defaultStart(dataset, asOf: to), to)
        guard from <= to else { throw ValidationError("--from \(from) is after the last date \(to)") }
        return (from, to)
    }
}

/// Formats of `kexie trend`.
enum TrendFormat: String, ExpressibleByArgument, CaseIterable {
    case table, json, csv, xlsx
}

extension Kexie {
    /// `kexie trend DATASET --from D --to D [--step month|quarter|year]`.
    struct TrendCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "trend",
            abstract: "Coverage per level and district, and the count of every finding family, over time.",
            discussion: "Each date's values are those of kexie analyze --as-of that date. Coverage comes from one sweep over the founding and dissolution dates; the finding counts run the analysis at each date (--coverage-only skips them)."
        )

        @Argument(help: ArgumentHelp("A dataset folder.", valueName: "dataset")) var dataset: String
        @OptionGroup var range: TrendRangeOptions
        @OptionGroup var options: DatasetOptions

        @Flag(name: .customLong("coverage-only"), help: "Coverage only, without the finding counts (one sweep instead of an analysis per date).")
        var coverageOnly = false

        @Option(help: ArgumentHelp("table (the default on a terminal), json (the default otherwise), csv (one file per table, needs --out) or xlsx (a workbook with a sheet per table; the default for --out FILE.xlsx).", valueName: "format"))
        var format: TrendFormat?

        @Option(name: [.customShort("o"), .long], help: ArgumentHelp("Write to this file (a folder for csv) instead of standard output.", valueName: "path"))
        var out: String?

        @Flag(name: .customLong("no-bom"), help: OutputSink.noBOMHelp)
        var noBOM = false

        func validate() throws {
            if format == .csv { try OutputSink.requireFolder(out, "--format csv writes one file per table: give a folder with --out DIR") }
            if effectiveFormat == .xlsx { try OutputSink.requireWorkbookTarget(out) }
        try OutputSink.checkNoBOM(noBOM, csv: effectiveFormat == .csv)
        }

        /// --format, else xlsx for --out FILE.xlsx, tables on a terminal, JSON otherwise.
        var effectiveFormat: TrendFormat {
            if let format { return format }
            if OutputSink.isWorkbook(out) { return .xlsx }
            return Console.stdoutIsTerminal && OutputSink.file(out) == nil ? .table : .json
        }

        func run() throws {
            let d = try Console.load(dataset, rules: options.rules).dataset
            let (from, to) = try range.range(for: d, options: options)
            let trend = Trend(d, from: from, to: to, step: range.step, findings: !coverageOnly)
            switch effectiveFormat {
            case .json:
                var w = JSONWriter()
                trend.writeJSON(to: &w)
                w.endLine()
                try OutputSink.emit(w.bytes, to: out)
            case .csv:
                try OutputSink.emitCSV([(d.name, trend.tables())], folder: out!, byteOrderMark: !noBOM)
            case .xlsx:
                try OutputSink.emitWorkbook([(d.name, trend.tables())], to: out)
            case .table:
                let text = "\(TerminalText.neutralized(d.name)) — \(from) to \(to) by \(range.step.rawValue)\n\n" + trend.tables().map { $0.text() }.joined(separator: "\n")
                try OutputSink.emit(Array(text.utf8), to: out)
            }
        }
    }
}
