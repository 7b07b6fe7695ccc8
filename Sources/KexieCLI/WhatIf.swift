import ArgumentParser
import KexieAnalysis
import KexieIO
import KexieModel
import KexieOutput

extension Kexie {
    /// `kexie whatif DATASET --remove-person ID… | --remove-organization ID… | --rank-persons`.
    struct WhatIfCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "whatif",
            abstract: "What breaks if persons leave or organizations go; which persons are single points of failure.",
            discussion: """
            --remove-person and --remove-organization compare the analysis as it is with the analysis without them (at the same date), \
            as kexie diff does: key-person gaps opened, sectors lost, new weak attachments and islands, strength moved, new orphans. \
            --rank-persons lists the persons whose departure alone would open key-person gaps (they are the only holder of a required \
            category in an association) or lose a sector, most gaps first.
            """
        )

        @Argument(help: ArgumentHelp("A dataset folder.", valueName: "dataset")) var dataset: String
        @OptionGroup var options: DatasetOptions

        @Option(name: .customLong("remove-person"), parsing: .upToNextOption, help: ArgumentHelp("Persons to remove, by id (repeatable).", valueName: "id"))
        var removePersons: [String] = []

        @Option(name: .customLong("remove-organization"), parsing: .upToNextOption, help: ArgumentHelp("Organizations to remove, by id (repeatable).", valueName: "id"))
        var removeOrganizations: [String] = []

        @Flag(name: .customLong("rank-persons"), help: "Rank the persons whose departure would open the most gaps.")
        var rankPersons = false

        @Option(parsing: .unconditional, help: ArgumentHelp("--rank-persons: at most N persons (default 20).", valueName: "n"))
        var top = 20

        @OptionGroup var output: DiffOutputOptions

        func validate() throws {
            if rankPersons == !(removePersons.isEmpty && removeOrganizations.isEmpty) {
                throw ValidationError("give --remove-person/--remove-organization IDs, or --rank-persons (one of the two)")
            }
            if top < 1 { throw ValidationError("--top must be at least 1") }
            if rankPersons && !output.failOn.isEmpty { throw ValidationError("--fail-on applies to --remove-person/--remove-organization, not --rank-persons") }
        }

        func run() throws {
            let d = try Console.load(dataset, rules: options.rules).dataset
            let analysis = Analysis(d, asOf: options.date(for: d))
            if rankPersons {
                var table = Array(analysis.soleKeyPersons().prefix(top)).table(analysis)
                table.title += " (top \(top))"
                try write(table, analysis)
                return
            }
            let persons = try removePersons.map { try row($0, in: d.persons.ids, what: "person", option: "--remove-person") }
            let orgs = try removeOrganizations.map { try row($0, in: d.organizations.ids, what: "organization", option: "--remove-organization") }
            try output.write(WhatIf(analysis, removingPersons: persons, removingOrganizations: orgs).diff)
        }

        private func row(_ id: String, in ids: InternedStrings, what: String, option: String) throws -> Int {
            guard let i = ids.index(of: id) else {
                throw ValidationError("\(option) \"\(id)\": no \(what) of \(dataset) has this id")
            }
            return i
        }

        /// The ranking in the chosen format (json: `{"schema", "dataset", "as_of", "sole_key_persons": [rows]}`).
        private func write(_ table: FindingTable, _ analysis: Analysis) throws {
            let name = analysis.dataset.name
            switch output.effectiveFormat {
            case .json:
                let doc = JSONValue.object([("schema", .int(1)), ("dataset", .string(name)), ("as_of", .string(analysis.asOf.description)),
                                            ("sole_key_persons", table.jsonRows)])
                try OutputSink.emit(Array((doc.serialized() + "\n").utf8), to: output.out)
            case .jsonl:
                try OutputSink.emit(Array(table.jsonLines(dataset: name).map { $0 + "\n" }.joined().utf8), to: output.out)
            case .csv, .xlsx:
                try output.emitTables(name, [table])
            case .table:
                try OutputSink.emit(Array("\(TerminalText.neutralized(name)) — as of \(analysis.asOf)\n\n\(table.text())".utf8), to: output.out)
            }
        }
    }
}
