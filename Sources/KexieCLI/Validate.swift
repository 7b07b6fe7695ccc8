import ArgumentParser
import KexieIO

extension Kexie {
    /// `kexie validate DATASET...`: load each dataset and report every problem.
    struct Validate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check datasets against the format contract and list every error and warning.",
            discussion: "Diagnostics go to stderr as FILE:LINE:COLUMN: severity: message; one verdict line per dataset goes to stdout. Exit status: 0 all valid, 65 a data error, 66 a dataset or table missing, 74 a read failure."
        )

        @Argument(help: ArgumentHelp("Dataset folders.", valueName: "dataset"))
        var datasets: [String]

        @Option(name: .long, help: ArgumentHelp("A rules file merged over each dataset's rules.yaml (repeatable).", valueName: "file"))
        var rules: [String] = []

        func run() throws {
            try DatasetList.checkDistinct(datasets)
            var status = ExitStatus.ok
            for path in datasets {
                let progress = LoadProgress(enabled: Console.stderrIsTerminal)
                let loader = DatasetLoader(rulesFiles: rules, progress: progress.enabled ? progress.update : nil)
                let verdict: String
                do {
                    let loaded = try loader.load(path)
                    progress.finish()
                    Console.printTimings(loaded.timings)
                    Console.printDiagnostics(loaded.log, includeWarnings: true)
                    let d = loaded.dataset
                    var line = "\(path): valid — \(Format.count(d.regions.count)) regions, \(Format.count(d.organizations.count)) organizations, \(Format.count(d.persons.count)) persons, \(Format.count(d.positions.count)) positions, \(Format.count(d.links.count)) links, \(Format.count(d.institutions.count)) institutions"
                    if loaded.log.warningCount > 0 { line += "; \(Format.plural(loaded.log.warningCount, "warning"))" }
                    verdict = line
                } catch {
                    progress.finish()
                    Console.printDiagnostics(error.log, includeWarnings: true)
                    verdict = "\(path): invalid — \(Format.plural(error.log.errorCount, "error")), \(Format.plural(error.log.warningCount, "warning"))"
                    status = max(status, ExitStatus(error.kind))
                }
                try Console.out(verdict)
            }
            if status != .ok { throw KexieCommandError.datasetsInvalid(status) }
        }
    }
}
