import ArgumentParser
import KexieModel

/// Options every command that loads a dataset shares.
struct DatasetOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("A rules file merged over the dataset's rules.yaml (repeatable; later files win).", valueName: "file"))
    var rules: [String] = []

    @Option(name: .customLong("as-of"), help: ArgumentHelp("The analysis date, YYYY-MM-DD (default: dataset.yaml as_of, else today).", valueName: "date"))
    var asOf: String?

    func validate() throws {
        if let asOf, Day(parsing: asOf) == nil {
            throw ValidationError("--as-of \"\(asOf)\" is not a date: expected YYYY-MM-DD, YYYY-MM or YYYY")
        }
    }

    /// The analysis date: `--as-of`, else the dataset's `as_of`, else today.
    func date(for dataset: Dataset) -> Day {
        if let asOf, let d = Day(parsing: asOf) { return d }
        return dataset.asOf ?? Today.day()
    }
}

/// Output format of commands that print data.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case table, json
}
