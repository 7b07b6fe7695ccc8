import ArgumentParser
import KexieAnalysis
import KexieIO
import KexieModel
import KexieOutput

extension Kexie {
    /// `kexie analyze DATASET...`: every finding, for people or for scripts.
    struct Analyze: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run every analysis: coverage and blank spots, gaps, targets, orphans, linkage."
        )

        @Argument(help: ArgumentHelp("Dataset folders.", valueName: "dataset"))
        var datasets: [String]

        @OptionGroup var options: DatasetOptions

        func run() throws {
            var documents: [JSONValue] = []
            for path in datasets {
                let loaded = try Console.load(path, rules: options.rules)
                let analysis = Analysis(loaded.dataset, asOf: options.date(for: loaded.dataset))
                documents.append(analysis.jsonDocument())
            }
            Console.out((documents.count == 1 ? documents[0] : .array(documents)).serialized())
        }
    }
}
