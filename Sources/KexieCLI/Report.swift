import ArgumentParser
import KexieAnalysis
import KexieIO
import KexieModel
import KexieRender
import KexieReport

/// Report formats.
enum ReportFormat: String, CaseIterable {
    case html, md, ipynb

    var file: String {
        switch self {
        case .html: "report.html"
        case .md: "report.md"
        case .ipynb: "report.ipynb"
        }
    }
}

extension Kexie {
    /// `kexie report DATASET --out DIR`: the whole analysis for people, as HTML, Markdown and a
    /// Jupyter notebook with the diagrams inline.
    struct Report: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write the whole analysis as report.html, report.md and report.ipynb with figures/*.svg.",
            discussion: "The files are deterministic (the as-of date and a SHA-256 of the input identify the run) and written only once everything is computed, into a new folder that replaces the --out folder whole when complete. The --out folder must be new or hold only a report's files."
        )

        @Argument(help: ArgumentHelp("A dataset folder.", valueName: "dataset")) var dataset: String
        @OptionGroup var options: DatasetOptions

        @Option(help: ArgumentHelp("The folder to write the report into (created if needed).", valueName: "dir"))
        var out: String

        @Option(help: ArgumentHelp("Comma-separated formats: html, md, ipynb (default: all three).", valueName: "formats"),
                transform: { text in
                    try text.split(separator: ",").map { part in
                        guard let f = ReportFormat(rawValue: part.trimmingSpaces()) else {
                            throw ValidationError("--format: unknown format \"\(part)\" (allowed: html, md, ipynb)")
                        }
                        return f
                    }
                })
        var format: [ReportFormat] = ReportFormat.allCases

        @Option(help: ArgumentHelp("Only this district (a region id or unique name; a region below it selects its district).", valueName: "id-or-name"))
        var scope: String?

        @Option(name: .customLong("max-nodes"), help: ArgumentHelp("Nodes per structure diagram before its deepest level is collapsed.", valueName: "n"))
        var maxNodes = 150

        @Flag(help: "No progress on stderr.") var quiet = false

        func validate() throws {
            if maxNodes < 0 { throw ValidationError("--max-nodes must be 0 or more") }
            if out == "-" { throw ValidationError("--out -: a report is a folder of files; standard output cannot hold it") }
        }

        func run() throws {
            try Self.checkReplaceable(out)
            let progress = Progress(enabled: !quiet && Console.stderrIsTerminal)
            progress.step("loading \(dataset)")
            let loaded = try Console.load(dataset, rules: options.rules)
            let d = loaded.dataset
            progress.finish()
            let region = try scope.map { try Lookup.region($0, option: "--scope", in: d) }
            progress.step("analysing")
            let analysis = Analysis(d, asOf: options.date(for: d))
            try Console.checkPairLimit(analysis, path: dataset)
            let command = Self.displayedCommand(CommandLine.arguments.dropFirst())
            let document: ReportDocument
            do {
                document = try analysis.report(
                    ReportOptions(command: command, contentHash: loaded.contentHash(rulesFiles: options.rules), scope: region, maxNodes: maxNodes),
                    progress: { progress.step($0) })
            } catch {
                progress.finish()
                throw KexieCommandError.graphviz(error)
            }
            progress.step("writing \(out)")
            let kept: String?
            do {
                kept = try write(document)
            } catch {
                progress.finish()
                throw KexieCommandError.output(error)
            }
            progress.finish()
            if let kept { Console.err("kexie: warning: the previous report, kept as \(kept), holds files a report does not write") }
            if !quiet { Console.err("kexie: wrote \(format.map { "\(out)/\($0.file)" }.joined(separator: ", ")) and \(document.figures.count) figures") }
        }

        /// Writes the report into a new folder that replaces `out` whole (`OutputFile.Folder`),
        /// so that the folder always holds one run's report; returns where the previous report
        /// was kept if it could not be removed.
        private func write(_ document: ReportDocument) throws(OutputError) -> String? {
            let folder = try OutputFile.Folder(replacing: out)
            try folder.makeFolder("figures")
            for figure in document.figures {
                try figure.svg.withUnsafeBufferPointer { (b) throws(OutputError) in try folder.write(b, to: "figures/\(figure.name)") }
            }
            for f in format {
                let text = switch f {
                case .html: document.html()
                case .md: document.markdown()
                case .ipynb: document.notebook()
                }
                try Array(text.utf8).withUnsafeBufferPointer { (b) throws(OutputError) in try folder.write(b, to: f.file) }
            }
            return try folder.commit(disposable: Self.isReportEntry)
        }

        /// Whether `relative` (a folder's with a trailing `/`) is something a report writes:
        /// its three documents, `figures/` and the SVG files in it. A report replaces its folder
        /// whole, so it is only written where nothing else would be lost.
        static func isReportEntry(_ relative: String) -> Bool {
            if ReportFormat.allCases.contains(where: { $0.file == relative }) || relative == "figures/" { return true }
            let figure = relative.dropFirst("figures/".count)
            return relative.hasPrefix("figures/") && figure.hasSuffix(".svg") && !figure.contains("/")
        }

        /// Refuses (a usage error) an existing `--out` folder that holds anything a report does
        /// not write, before any work: replacing it would remove those files.
        static func checkReplaceable(_ out: String) throws {
            let foreign = OutputFile.Folder.foreignEntries(in: out, disposable: isReportEntry)
            guard !foreign.isEmpty else { return }
            let shown = foreign.sorted().prefix(3).joined(separator: ", ") + (foreign.count > 3 ? " … (\(foreign.count) in all)" : "")
            throw ValidationError("--out \(out): the folder holds \(shown), which a report does not write; a report replaces its whole folder, so give a new folder or one that holds only a report")
        }

        /// The command shown in the report: the arguments as given, but the output folder as `.`
        /// and without `--quiet`, so the same report repeats to the byte wherever it is written.
        static func displayedCommand(_ arguments: ArraySlice<String>) -> String {
            var shown: [String] = []
            var skipNext = false
            for a in arguments {
                if skipNext { skipNext = false; continue }
                if a == "--out" { skipNext = true; continue }
                if a.hasPrefix("--out=") || a == "--quiet" { continue }
                shown.append(shellQuoted(a))
            }
            return (["kexie"] + shown + ["--out", "."]).joined(separator: " ")
        }

        static func shellQuoted(_ s: String) -> String {
            let safe = s.unicodeScalars.allSatisfy { $0.properties.isAlphabetic || $0.properties.numericType != nil || "-_./=,:@".unicodeScalars.contains($0) }
            return safe && !s.isEmpty ? s : "'" + s.split(separator: "'", omittingEmptySubsequences: false).joined(separator: "'\\''") + "'"
        }
    }
}

/// One line of progress on stderr, rewritten in place; silent when disabled.
final class Progress {
    private let enabled: Bool
    private var shown = false

    init(enabled: Bool) { self.enabled = enabled }

    func step(_ text: String) {
        guard enabled else { return }
        Console.errRaw("\r\u{1B}[Kkexie: \(TerminalText.neutralized(text))…")  // the text may hold a region's name
        shown = true
    }

    func finish() {
        guard enabled, shown else { return }
        Console.errRaw("\r\u{1B}[K")
        shown = false
    }
}
