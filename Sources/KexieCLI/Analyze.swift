import ArgumentParser
import KexieAnalysis
import KexieIO
import KexieModel
import KexieOutput

/// Formats of the analysis commands.
enum AnalysisFormat: String, ExpressibleByArgument, CaseIterable {
    case table, json, jsonl, csv, xlsx

    /// The format when none is given: xlsx for an `--out` ending in `.xlsx`, tables on a
    /// terminal, JSON otherwise.
    static func implied(out: String?) -> AnalysisFormat {
        if OutputSink.isWorkbook(out) { return .xlsx }
        return Console.stdoutIsTerminal && OutputSink.file(out) == nil ? .table : .json
    }
}

/// Output options of the analysis commands.
struct AnalysisOutputOptions: ParsableArguments {
    @Option(help: ArgumentHelp("table (people; the default on a terminal), json (the default otherwise), jsonl (one finding per line), csv (one file per table, needs --out) or xlsx (a workbook with a sheet per table; the default for --out FILE.xlsx).", valueName: "format"))
    var format: AnalysisFormat?

    @Option(name: [.customShort("o"), .long], help: ArgumentHelp("Write to this file (a folder for csv) instead of standard output.", valueName: "path"))
    var out: String?

    @Flag(name: .customLong("no-bom"), help: OutputSink.noBOMHelp)
    var noBOM = false

    /// Finding families a nightly script fails on (`--fail-on blank-spots,orphans`).
    @Option(name: .customLong("fail-on"),
            help: ArgumentHelp("Exit with status 1 when findings of these families exist (comma-separated: \(FindingFamily.allCases.map(\.rawValue).joined(separator: ", "))).", valueName: "families"),
            transform: OutputSink.families)
    var failOn: [[FindingFamily]] = []

    func validate() throws {
        if format == .csv { try OutputSink.requireFolder(out, "--format csv writes one file per finding family: give a folder with --out DIR") }
        if effectiveFormat == .xlsx { try OutputSink.requireWorkbookTarget(out) }
        try OutputSink.checkNoBOM(noBOM, csv: effectiveFormat == .csv)
    }

    var effectiveFormat: AnalysisFormat { format ?? AnalysisFormat.implied(out: out) }

    /// Writes `text` to --out or standard output.
    func emit(_ text: String) throws {
        try emit(Array(text.utf8))
    }

    /// Writes UTF-8 bytes to --out or standard output.
    func emit(_ bytes: [UInt8]) throws {
        try OutputSink.emit(bytes, to: out)
    }

    /// Streams a document to --out (through a temporary file) or standard output: `body`
    /// writes it in pieces to the sink it is given.
    func emitStream(_ body: (@escaping (UnsafeBufferPointer<UInt8>) -> Void) throws(KexieCommandError) -> Void) throws {
        try OutputSink.stream(to: out, body)
    }

    /// Writes CSV files, one per family, into the --out folder.
    func emitCSV(_ perDataset: [(dataset: String, tables: [FindingTable])]) throws {
        try OutputSink.emitCSV(perDataset, folder: out!, byteOrderMark: !noBOM)
    }

    /// Writes a workbook, one sheet per family, to --out or standard output.
    func emitWorkbook(_ perDataset: [(dataset: String, tables: [FindingTable])]) throws {
        try OutputSink.emitWorkbook(perDataset, to: out)
    }

    /// Fails with `failOn` (status 1) when a --fail-on family has findings in any analysis.
    func applyFailOn(_ analyses: [Analysis]) throws(KexieCommandError) {
        let conditions = failOn.flatMap { $0 }
        let hit = conditions.filter { family in analyses.contains { $0.has(family) } }
        if !hit.isEmpty { throw .failOn(what: "findings", families: hit.map(\.rawValue)) }
    }
}

extension Substring {
    func trimmingSpaces() -> String {
        String(drop(while: { $0 == " " }).reversed().drop(while: { $0 == " " }).reversed())
    }
}

extension Kexie {
    /// `kexie analyze DATASET...`: every finding, for people or for scripts.
    struct Analyze: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run every analysis: coverage and blank spots, gaps, targets, orphans and linkage.",
            discussion: "json is the schema-1 document (an array of documents for several datasets); jsonl, csv and xlsx carry a dataset column. csv and xlsx have the same tables and columns: a file, or a sheet, per table."
        )

        @Argument(help: ArgumentHelp("Dataset folders.", valueName: "dataset"))
        var datasets: [String]

        @OptionGroup var options: DatasetOptions
        @OptionGroup var output: AnalysisOutputOptions

        func run() throws {
            try DatasetList.checkDistinct(datasets)
            let loaded = try datasets.map { try (path: $0, dataset: Console.load($0, rules: options.rules).dataset) }
            let analyses: [Analysis]
            switch output.effectiveFormat {
            case .json:
                analyses = try analyzeWritingJSON(loaded)
            case .jsonl:
                analyses = try analyze(loaded)
                let labels = DatasetList.labels(names: analyses.map(\.dataset.name), paths: datasets)
                try timedWrite {
                    try output.emit(zip(analyses, labels).flatMap { a, label in a.allTables().flatMap { $0.jsonLines(dataset: label) } }.map { $0 + "\n" }.joined())
                }
            case .csv:
                analyses = try analyze(loaded)
                let labels = DatasetList.labels(names: analyses.map(\.dataset.name), paths: datasets)
                try timedWrite { try output.emitCSV(zip(analyses, labels).map { ($1, $0.allTables()) }) }
            case .xlsx:
                analyses = try analyze(loaded)
                let labels = DatasetList.labels(names: analyses.map(\.dataset.name), paths: datasets)
                try timedWrite { try output.emitWorkbook(zip(analyses, labels).map { ($1, $0.allTables()) }) }
            case .table:
                analyses = try analyze(loaded)
                try timedWrite { try output.emit(analyses.map { $0.textReport() }.joined(separator: "\n")) }
            }
            try output.applyFailOn(analyses)
        }

        /// The JSON document, written while the analyses run (`Analysis.analyzeWritingJSON`).
        private func analyzeWritingJSON(_ loaded: [(path: String, dataset: Dataset)]) throws -> [Analysis] {
            var analyses: [Analysis] = []
            var timings = PhaseTimings()
            try output.emitStream { (sink) throws(KexieCommandError) in
                var w = JSONWriter(sink: sink)
                func analyzeWriting(_ d: (path: String, dataset: Dataset), to w: inout JSONWriter) throws(KexieCommandError) {
                    do {
                        analyses.append(try Analysis.analyzeWritingJSON(d.dataset, asOf: options.date(for: d.dataset), to: &w))
                    } catch {
                        throw .limitExceeded(path: d.path, error)
                    }
                }
                if loaded.count == 1 {
                    try analyzeWriting(loaded[0], to: &w)
                } else {
                    var refused: KexieCommandError?  // the array's body cannot throw
                    w.array { w in
                        for d in loaded where refused == nil {
                            do throws(KexieCommandError) { try analyzeWriting(d, to: &w) } catch { refused = error }
                        }
                    }
                    if let refused { throw refused }
                }
                w.endLine()
                w.finish()
            }
            timings.lap("analyses and writing, overlapped")
            for a in analyses { Console.printTimings(a.timings) }
            Console.printTimings(timings)
            return analyses
        }

        /// The analyses, refused before any is printed if one's pairs could exceed the limit.
        private func analyze(_ loaded: [(path: String, dataset: Dataset)]) throws -> [Analysis] {
            try loaded.map { d in
                let analysis = Analysis(d.dataset, asOf: options.date(for: d.dataset))
                try Console.checkPairLimit(analysis, path: d.path)
                Console.printTimings(analysis.timings)
                return analysis
            }
        }

        private func timedWrite(_ write: () throws -> Void) throws {
            var timings = PhaseTimings()
            defer { timings.lap("write"); Console.printTimings(timings) }
            try write()
        }
    }
}
