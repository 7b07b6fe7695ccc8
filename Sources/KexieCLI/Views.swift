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
        switch output.effectiveFormat {
        case .json:
            let docs: [JSONValue] = results.map { r in
                .object([("schema", .int(1)), ("dataset", .string(r.analysis.dataset.name)), ("as_of", .string(r.analysis.asOf.description))]
                        + r.tables.map { ($0.kind.rawValue, $0.jsonRows) })
            }
            try output.emit((docs.count == 1 ? docs[0] : .array(docs)).serialized() + "\n")
        case .jsonl:
            try output.emit(zip(results, labels).flatMap { r, label in r.tables.flatMap { $0.jsonLines(dataset: label) } }.map { $0 + "\n" }.joined())
        case .csv:
            try output.emitCSV(zip(results, labels).map { ($1, $0.tables) })
        case .xlsx:
            try output.emitWorkbook(zip(results, labels).map { ($1, $0.tables) })
        case .table:
            try output.emit(results.map { r in
                "\(TerminalText.neutralized(r.analysis.dataset.name)) — as of \(r.analysis.asOf)\n\n" + r.tables.map { $0.text() }.joined(separator: "\n")
            }.joined(separator: "\n"))
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
