import ArgumentParser
import KexieAnalysis
import KexieIO
import KexieModel
import KexieOutput

/// Changes a nightly script can fail on (`kexie diff … --fail-on new-blank-spots`): the families
/// of `kexie analyze --fail-on`, for findings that appeared, plus what only a change can show.
enum DiffFailCondition: String, CaseIterable, ExpressibleByArgument {
    case newBlankSpots = "new-blank-spots"
    case dissolved
    case newOrphans = "new-orphans"
    case newKeyPersonGaps = "new-key-person-gaps"
    case newlyMissedTargets = "newly-missed-targets"
    case weaker
    case lostSectors = "lost-sectors"
    case newWeakAttachments = "new-weak-attachments"
    case newIslands = "new-islands"
    case personsLeft = "persons-left"

    /// Whether the diff has changes of this family.
    func holds(for d: AnalysisDiff) -> Bool {
        switch self {
        case .newBlankSpots: !d.blankSpots.added.isEmpty
        case .dissolved: !d.organizations.removed.isEmpty
        case .newOrphans: !d.orphans.added.isEmpty
        case .newKeyPersonGaps: !d.keyPersonGaps.added.isEmpty
        case .newlyMissedTargets: d.targets.contains { $0.after.map { d.after.targets[$0].status == .missed } ?? false }
        case .weaker: d.moves.contains { $0.strengthDelta < 0 || ($0.verticalDelta ?? 0) < 0 }
        case .lostSectors: !d.sectors.removed.isEmpty
        case .newWeakAttachments: !d.weakAttachments.added.isEmpty
        case .newIslands: !d.islands.added.isEmpty
        case .personsLeft: !d.persons.removed.isEmpty
        }
    }
}

/// Output options of the commands that print a diff (`diff`, `whatif`).
struct DiffOutputOptions: ParsableArguments {
    @Option(help: ArgumentHelp("table (people; the default on a terminal), json (the default otherwise), jsonl (one change per line), csv (one file per family, needs --out) or xlsx (a workbook with a sheet per family; the default for --out FILE.xlsx).", valueName: "format"))
    var format: AnalysisFormat?

    @Option(name: [.customShort("o"), .long], help: ArgumentHelp("Write to this file (a folder for csv) instead of standard output.", valueName: "path"))
    var out: String?

    @Flag(name: .customLong("no-bom"), help: OutputSink.noBOMHelp)
    var noBOM = false

    @Option(name: .customLong("fail-on"),
            help: ArgumentHelp("Exit with status 1 when changes of these families exist (comma-separated: \(DiffFailCondition.allCases.map(\.rawValue).joined(separator: ", "))).", valueName: "families"),
            transform: OutputSink.families)
    var failOn: [[DiffFailCondition]] = []

    func validate() throws {
        if format == .csv { try OutputSink.requireFolder(out, "--format csv writes one file per family: give a folder with --out DIR") }
        if effectiveFormat == .xlsx { try OutputSink.requireWorkbookTarget(out) }
        try OutputSink.checkNoBOM(noBOM, csv: effectiveFormat == .csv)
    }

    var effectiveFormat: AnalysisFormat { format ?? AnalysisFormat.implied(out: out) }

    /// Writes tables in the format of a table family: CSV files into the --out folder, or a workbook.
    func emitTables(_ name: String, _ tables: [FindingTable]) throws {
        if effectiveFormat == .xlsx {
            try OutputSink.emitWorkbook([(name, tables)], to: out)
        } else {
            try OutputSink.emitCSV([(name, tables)], folder: out!, byteOrderMark: !noBOM)
        }
    }

    /// Writes the diff in the chosen format, then fails with `failOn` (status 1) when a
    /// --fail-on family has changes.
    func write(_ diff: AnalysisDiff) throws {
        let name = diff.after.dataset.name
        switch effectiveFormat {
        case .json:
            var w = JSONWriter()
            diff.writeJSON(to: &w)
            w.endLine()
            try OutputSink.emit(w.bytes, to: out)
        case .jsonl:
            try OutputSink.emit(Array(diff.tables().flatMap { $0.jsonLines(dataset: name) }.map { $0 + "\n" }.joined().utf8), to: out)
        case .csv, .xlsx:
            try emitTables(name, diff.tables())
        case .table:
            try OutputSink.emit(Array(diff.textReport().utf8), to: out)
        }
        let hit = failOn.flatMap { $0 }.filter { $0.holds(for: diff) }
        if !hit.isEmpty { throw KexieCommandError.failOn(what: "changes", families: hit.map(\.rawValue)) }
    }
}

/// Parses a date option, or fails with the forms allowed.
func parseDate(_ text: String, option: String) throws -> Day {
    guard let day = Day(parsing: text) else {
        throw ValidationError("\(option) \"\(text)\" is not a date: expected YYYY-MM-DD, YYYY-MM or YYYY")
    }
    return day
}

extension Kexie {
    /// `kexie diff DATASET --from D1 --to D2` or `kexie diff OLD NEW [--as-of D]`.
    struct Diff: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "What changed between two dates of a dataset, or between two versions of it.",
            discussion: """
            kexie diff DATASET --from D1 --to D2 compares the analyses of one dataset at two dates; kexie diff OLD NEW compares two versions, \
            both at --as-of when given, else each at its own as_of (dataset.yaml, else today). Findings are matched by id, never by row position: \
            blank spots opened and closed, organizations founded and dissolved, orphans new and resolved, key-person gaps opened and filled, \
            targets whose status changed, strength and vertical linkage moved (with the delta), sectors gained and lost, weak attachments and \
            islands new and resolved, persons who joined and left.
            """
        )

        @Argument(help: ArgumentHelp("A dataset folder (with --from and --to), or the old and the new version of one.", valueName: "dataset"))
        var datasets: [String]

        @Option(help: ArgumentHelp("One dataset: the earlier date.", valueName: "date")) var from: String?
        @Option(help: ArgumentHelp("One dataset: the later date.", valueName: "date")) var to: String?

        @OptionGroup var options: DatasetOptions
        @OptionGroup var output: DiffOutputOptions

        func validate() throws {
            switch datasets.count {
            case 1:
                guard let from, let to else { throw ValidationError("one dataset: give the two dates with --from DATE --to DATE (or give two datasets)") }
                if options.asOf != nil { throw ValidationError("one dataset: --from and --to are the dates; --as-of is for two datasets") }
                _ = try parseDate(from, option: "--from")
                _ = try parseDate(to, option: "--to")
            case 2:
                if from != nil || to != nil { throw ValidationError("two datasets are compared at one date: use --as-of, not --from/--to") }
            default:
                throw ValidationError("give one dataset with --from and --to, or two datasets (old and new); got \(datasets.count)")
            }
        }

        func run() throws {
            let diff: AnalysisDiff
            if datasets.count == 1 {
                let d = try Console.load(datasets[0], rules: options.rules).dataset
                diff = AnalysisDiff(from: Analysis(d, asOf: try parseDate(from!, option: "--from")),
                                    to: Analysis(d, asOf: try parseDate(to!, option: "--to")))
            } else {
                let old = try Console.load(datasets[0], rules: options.rules).dataset
                let new = try Console.load(datasets[1], rules: options.rules).dataset
                diff = AnalysisDiff(from: Analysis(old, asOf: options.date(for: old)), to: Analysis(new, asOf: options.date(for: new)))
            }
            try output.write(diff)
        }
    }
}
