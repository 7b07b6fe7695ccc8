import ArgumentParser
import KexieAnalysis
import KexieIO
import KexieModel
import KexieOutput

/// Filters of the daily views.
struct ViewFilterOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Only findings in this district (its id, or its exact name when that is unique).", valueName: "id-or-name"))
    var district: String?

    @Option(help: ArgumentHelp("Only blank spots, key-person gaps and rates of this level (e.g. township, village).", valueName: "level"))
    var level: Level?

    @Flag(name: .customLong("frontier-only"), help: "Only frontier blank spots (the association above exists).")
    var frontierOnly = false

    // Unconditional: `--top -5` is a value that validate() refuses, not a missing value.
    @Option(parsing: .unconditional, help: ArgumentHelp("At most N rows per list.", valueName: "n"))
    var top: Int?

    func validate() throws {
        if let top, top < 1 { throw ValidationError("--top must be at least 1") }
    }

    /// The filter for one dataset; a district that matches no region, or a name that matches
    /// several, is a usage error.
    func filter(for dataset: Dataset) throws -> FindingFilter {
        let district = try self.district.map { try Lookup.region($0, option: "--district", in: dataset, level: .district) }
        return FindingFilter(district: district, level: level, frontierOnly: frontierOnly)
    }
}

extension Level: ExpressibleByArgument {
    public init?(argument: String) { self.init(name: argument) }
    public static var allValueStrings: [String] { names }
}

/// What the three views share: load, analyse, filter, write.
protocol AnalysisView: ParsableCommand {
    var datasets: [String] { get }
    var options: DatasetOptions { get }
    var output: AnalysisOutputOptions { get }
    var filters: ViewFilterOptions { get }
    /// The view's tables for one analysis.
    func tables(_ analysis: Analysis, _ filter: FindingFilter) -> [FindingTable]
    /// Whether the tables list pairs of organizations (checked against `Linkage.pairLimit`).
    var listsPairs: Bool { get }
}

extension AnalysisView {
    var listsPairs: Bool { false }

    /// One dataset's JSON document: schema, dataset, as-of date, then each table's rows.
    private static func writeDocument(_ r: (analysis: Analysis, tables: [FindingTable]), _ w: inout JSONWriter) {
        w.object { w in
            w.key("schema"); w.int(1)
            w.key("dataset"); w.string(r.analysis.dataset.name)
            w.key("as_of"); w.string(r.analysis.asOf.description)
            for t in r.tables {
                w.key(string: t.kind.rawValue)
                t.writeJSONRows(&w)
            }
        }
    }

    func run() throws {
        try DatasetList.checkDistinct(datasets)
        var analyses: [Analysis] = []
        var results: [(analysis: Analysis, tables: [FindingTable])] = []
        for path in datasets {
            let loaded = try Console.load(path, rules: options.rules)
            let analysis = Analysis(loaded.dataset, asOf: options.date(for: loaded.dataset))
            if listsPairs { try Console.checkPairLimit(analysis, path: path) }
            var tables = tables(analysis, try filters.filter(for: loaded.dataset))
            if let top = filters.top {
                for i in tables.indices { tables[i].rows = Array(tables[i].rows.prefix(top)) }
            }
            analyses.append(analysis)
            results.append((analysis, tables))
        }
        let labels = DatasetList.labels(names: analyses.map(\.dataset.name), paths: datasets)
        // Each format is streamed, a row at a time: a view lists up to millions of pairs.
        switch output.effectiveFormat {
        case .json:
            try output.emitStream { sink in
                var w = JSONWriter(sink: sink)
                if results.count == 1 { Self.writeDocument(results[0], &w) } else { w.array { w in for r in results { Self.writeDocument(r, &w) } } }
                w.endLine()
                w.finish()
            }
        case .jsonl:
            try output.emitStream { sink in
                var out = BufferedText(sink)
                for (r, label) in zip(results, labels) {
                    for t in r.tables { t.forEachJSONLine(dataset: label) { out.write($0); out.write("\n") } }
                }
                out.flush()
            }
        case .csv:
            try output.emitCSV(zip(results, labels).map { ($1, $0.tables) })
        case .xlsx:
            try output.emitWorkbook(zip(results, labels).map { ($1, $0.tables) })
        case .table:
            try output.emitStream { sink in
                var out = BufferedText(sink)
                for (k, r) in results.enumerated() {
                    if k > 0 { out.write("\n") }
                    out.write("\(TerminalText.neutralized(r.analysis.dataset.name)) — as of \(r.analysis.asOf)\n\n")
                    for (i, t) in r.tables.enumerated() {
                        if i > 0 { out.write("\n") }
                        t.writeText { out.write($0) }
                    }
                }
                out.flush()
            }
        }
        try output.applyFailOn(analyses)
    }
}

extension Kexie {
    /// `kexie gaps`: coverage, blank spots, key-person and other gaps, targets.
    struct Gaps: AnalysisView {
        static let configuration = CommandConfiguration(
            abstract: "Coverage, blank spots, key-person, rural-technical, society and institution gaps, and targets.")
        @Argument(help: ArgumentHelp("Dataset folders.", valueName: "dataset")) var datasets: [String]
        @OptionGroup var options: DatasetOptions
        @OptionGroup var filters: ViewFilterOptions
        @OptionGroup var output: AnalysisOutputOptions

        func tables(_ analysis: Analysis, _ filter: FindingFilter) -> [FindingTable] { analysis.coverageTables(filter).all }
    }

    /// `kexie orphans`: organizations cut off from the tree, empty shells, dangling references.
    struct Orphans: AnalysisView {
        static let configuration = CommandConfiguration(
            abstract: "Organizations cut off from the tree, empty shells, unaffiliated persons and dangling references.")
        @Argument(help: ArgumentHelp("Dataset folders.", valueName: "dataset")) var datasets: [String]
        @OptionGroup var options: DatasetOptions
        @OptionGroup var filters: ViewFilterOptions
        @OptionGroup var output: AnalysisOutputOptions

        func tables(_ analysis: Analysis, _ filter: FindingFilter) -> [FindingTable] { analysis.orphanTables(filter) }
    }

    /// `kexie linkage`: tie strength, pairs, weak attachments, single points, overload, expiring terms, islands.
    struct Linkage: AnalysisView {
        static let configuration = CommandConfiguration(
            abstract: "Tie strength of organizations, ties between them, weak attachments, single points of failure, overloaded persons, terms ending soon and islands.")
        @Argument(help: ArgumentHelp("Dataset folders.", valueName: "dataset")) var datasets: [String]
        @OptionGroup var options: DatasetOptions
        @OptionGroup var filters: ViewFilterOptions
        @OptionGroup var output: AnalysisOutputOptions

        @Option(help: ArgumentHelp("Only the N weakest associations (least strength first) in the organization list.", valueName: "n"))
        var weakest: Int?

        func validate() throws {
            if let weakest, weakest < 1 { throw ValidationError("--weakest must be at least 1") }
        }

        var listsPairs: Bool { true }

        func tables(_ analysis: Analysis, _ filter: FindingFilter) -> [FindingTable] {
            var tables = analysis.linkageTables(filter)
            if let weakest { tables.organizations = analysis.weakestAssociationsTable(filter, limit: weakest) }
            return tables.all
        }
    }
}

/// Text gathered into pieces of about a megabyte before it goes to a sink that writes to a
/// file descriptor (a write per line of a million-row table would be a million system calls).
struct BufferedText {
    private var bytes: [UInt8] = []
    private let sink: (UnsafeBufferPointer<UInt8>) -> Void

    init(_ sink: @escaping (UnsafeBufferPointer<UInt8>) -> Void) {
        self.sink = sink
        bytes.reserveCapacity(1 << 20)
    }

    mutating func write(_ text: String) {
        bytes.append(contentsOf: text.utf8)
        if bytes.count >= 1 << 20 { flush() }
    }

    /// Hands what is gathered to the sink; call it once more at the end.
    mutating func flush() {
        bytes.withUnsafeBufferPointer { sink($0) }
        bytes.removeAll(keepingCapacity: true)
    }
}
