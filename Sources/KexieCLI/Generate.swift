import ArgumentParser
import Foundation
import KexieGenerate
import KexieIO
import KexieModel

extension GeneratorProfile: ExpressibleByArgument {}

extension Kexie {
    /// `kexie generate --frame REGIONS --out DIR`: a deterministic synthetic network over a frame.
    struct Generate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Lay a deterministic synthetic network over an administrative frame (for tests, demos and benchmarks).",
            discussion: "Writes regions.csv(.gz) (a copy of the frame), organizations, persons, positions, links, institutions and dataset.yaml into the folder. The same frame, seed and options give byte-identical files."
        )

        @Option(help: ArgumentHelp("The frame: a regions.csv or regions.csv.gz file.", valueName: "file"))
        var frame: String

        @Option(help: ArgumentHelp("The dataset folder to write (created if needed).", valueName: "dir"))
        var out: String

        @Option(parsing: .unconditional, help: "The random seed.", transform: Generate.seed)
        var seed: UInt64 = 2018
        @Option(help: "small, city or national: how dense the network on top of the frame is.") var profile: GeneratorProfile = .small
        @Option(name: .customLong("township-coverage"), help: ArgumentHelp("Share of townships with an association.", valueName: "rate"))
        var townshipCoverage: Double?
        @Option(name: .customLong("village-coverage"), help: ArgumentHelp("Share of villages with an association.", valueName: "rate"))
        var villageCoverage: Double?
        @Option(parsing: .unconditional, help: ArgumentHelp("Share of deliberate defects (missing, unknown, dissolved and looping parents, dangling rows …).", valueName: "share"))
        var anomalies: Double?
        @Option(name: .customLong("as-of"), help: ArgumentHelp("The as_of date written to dataset.yaml.", valueName: "date"))
        var asOf: String?
        @Flag(help: "No summary on stderr.") var quiet = false

        func validate() throws {
            for (name, value) in [("--township-coverage", townshipCoverage), ("--village-coverage", villageCoverage), ("--anomalies", anomalies)] {
                if let value, !(0...1).contains(value) { throw ValidationError("\(name) is a share between 0 and 1") }
            }
            if out == "-" { throw ValidationError("--out -: a dataset is a folder of files; standard output cannot hold it") }
            if let asOf, Day(parsing: asOf) == nil { throw ValidationError("--as-of \"\(asOf)\" is not a date (YYYY-MM-DD)") }
            if let asOf, let day = Day(parsing: asOf), day > GeneratorOptions.latestAsOf {
                throw ValidationError("--as-of \(asOf) is too late: generated terms end up to \(GeneratorOptions.daysAfterAsOf) days after it, and dates end at \(Day.latest); give \(GeneratorOptions.latestAsOf) or earlier")
            }
            if !(frame.hasSuffix(".csv") || frame.hasSuffix(".csv.gz")) {
                throw ValidationError("--frame must be a .csv or .csv.gz file of regions")
            }
        }

        /// `--seed`'s value, with what is wrong with one that is not a seed (a negative number).
        static func seed(_ text: String) throws -> UInt64 {
            guard let seed = UInt64(text) else { throw ValidationError("--seed is a whole number from 0 to \(UInt64.max), not \(text)") }
            return seed
        }

        func run() throws {
            let fm = FileManager.default
            guard fm.fileExists(atPath: frame) else { throw KexieCommandError.inputMissing(path: frame) }
            // The dataset carries its frame: copy it, then check it with the loader.
            let regionsName = frame.hasSuffix(".gz") ? "regions.csv.gz" : "regions.csv"
            do {
                try OutputFile.makeFolder(out)
                // Every table is written anew as NAME.csv (regions in the frame's form): another
                // form left from before would make the folder hold a table twice.
                let stale = ["regions.csv", "regions.csv.gz"] + DatasetLoader.tableNames.dropFirst().map { "\($0).csv.gz" }
                for stale in stale where fm.fileExists(atPath: "\(out)/\(stale)") {
                    try fm.removeItem(atPath: "\(out)/\(stale)")
                }
                // The copy goes through OutputFile too, so an interrupted run leaves no partial frame.
                let frameBytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: frame)))
                try frameBytes.withUnsafeBufferPointer { (b) throws(OutputError) in try OutputFile.write(b, to: "\(out)/\(regionsName)") }
                try OutputFile.write("id,name,type,region,parent\n", to: "\(out)/organizations.csv")
            } catch {
                throw KexieCommandError.outputFolder(out, error)
            }
            let loaded = try Console.load(out, rules: [])
            var options = GeneratorOptions(seed: seed, profile: profile)
            if let townshipCoverage { options.townshipCoverage = townshipCoverage }
            if let villageCoverage { options.villageCoverage = villageCoverage }
            if let anomalies { options.anomalyShare = anomalies }
            if let asOf, let day = Day(parsing: asOf) { options.asOf = day }
            let summary: GenerationSummary
            do {
                summary = try NetworkGenerator(frame: loaded.dataset.regions, options: options).write(to: out)
            } catch {
                throw KexieCommandError.output(error)
            }
            if !quiet {
                Console.err("kexie: wrote \(out): \(Format.count(loaded.dataset.regions.count)) regions, \(Format.count(summary.organizations)) organizations, \(Format.count(summary.persons)) persons, \(Format.count(summary.positions)) positions, \(Format.count(summary.links)) links, \(Format.count(summary.institutions)) institutions")
            }
        }
    }
}
