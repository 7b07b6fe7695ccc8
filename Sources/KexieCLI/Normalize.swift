import ArgumentParser
import KexieIO

extension Kexie {
    /// `kexie normalize SRC --out DIR`: a roster as people keep it, rewritten in the contract's
    /// canonical form with the list of what was converted.
    struct Normalize: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Rewrite a dataset in the canonical form of the format contract, listing every conversion.",
            discussion: """
                Reads a dataset kept as people keep it (Chinese column names and labels, dates as Excel shows them, \
                region and organization names instead of ids, tab-separated tables, .xlsx workbooks) and writes it into \
                DIR as UTF-8 CSV tables with English column names and keys, ids and YYYY-MM-DD dates, plus \
                normalize-log.csv: one row per conversion (file, line, column, column_name, read, became, why). \
                Columns, rows and extra columns stay as they were; dataset.yaml and rules.yaml are copied. \
                A dataset with errors is not written (exit 65, the errors on stderr).
                """
        )

        @Argument(help: ArgumentHelp("The dataset folder to read.", valueName: "dataset"))
        var dataset: String

        @Option(name: [.short, .long], help: ArgumentHelp("The folder to write the canonical dataset into (made when missing; not the source).", valueName: "dir"))
        var out: String

        @Option(name: .long, help: ArgumentHelp("A rules file merged over the dataset's rules.yaml (repeatable).", valueName: "file"))
        var rules: [String] = []

        func run() throws {
            let normalizer = DatasetNormalizer(loader: DatasetLoader(rulesFiles: rules))
            let result: DatasetNormalizer.Result
            do {
                result = try normalizer.normalize(dataset, into: out)
            } catch {
                switch error {
                case .load(let failure): throw KexieCommandError.datasetNotLoaded(path: dataset, failure)
                case .output(let failure): throw KexieCommandError.output(failure)
                }
            }
            Console.printDiagnostics(result.loaded.log, includeWarnings: false)
            for t in result.tables {
                try Console.out("\(t.source) → \(out)/\(t.written) (\(Format.plural(t.rows, "row")))")
            }
            try Console.out("\(Format.plural(result.conversions, "conversion")) listed in \(out)/\(DatasetNormalizer.logFile)")
        }
    }
}
