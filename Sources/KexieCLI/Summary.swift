import ArgumentParser
import KexieAnalysis
import KexieIO
import KexieOutput
import KexieModel

extension Kexie {
    /// `kexie summary DATASET`: what a dataset holds, in counts.
    struct Summary: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Count a dataset's regions (per level and kind), organizations (per type, active at the as-of date), persons, positions, links and institutions."
        )

        @Argument(help: ArgumentHelp("A dataset folder.", valueName: "dataset"))
        var dataset: String

        @OptionGroup var options: DatasetOptions

        @Option(name: .long, help: "Output format: table (for people) or json (for scripts).")
        var format: OutputFormat = .table

        func run() throws {
            let loaded = try Console.load(dataset, rules: options.rules)
            let summary = DatasetSummary(loaded.dataset, asOf: options.date(for: loaded.dataset))
            switch format {
            case .json: try Console.out(Self.json(summary).serialized())
            case .table: try Console.out(Self.table(summary))
            }
        }

        static func json(_ s: DatasetSummary) -> JSONValue {
            func count(_ c: DatasetSummary.Count) -> JSONValue { .object([("total", .int(c.total)), ("active", .int(c.active))]) }
            return .object([
                ("schema", .int(1)),
                ("dataset", .string(s.dataset)),
                ("as_of", .string(s.asOf.description)),
                ("regions", .object([
                    ("total", .int(s.regions)),
                    ("levels", .object(s.regionLevels.map { l in
                        (l.level.name, .object([
                            ("total", .int(l.total)),
                            ("kinds", .object(l.kinds.map { ($0.kind, .int($0.count)) })),
                        ]))
                    })),
                ])),
                ("organizations", .object([
                    ("total", .int(s.organizations.total)),
                    ("active", .int(s.organizations.active)),
                    ("types", .object(s.organizationTypes.map { ($0.type.name, count($0.count)) })),
                ])),
                ("persons", .int(s.persons)),
                ("positions", count(s.positions)),
                ("links", count(s.links)),
                ("institutions", .object([
                    ("total", .int(s.institutions)),
                    ("kinds", .object(s.institutionKinds.map { ($0.kind.name, .int($0.count)) })),
                ])),
            ])
        }

        static func table(_ s: DatasetSummary) -> String {
            var out = ["\(TerminalText.neutralized(s.dataset)) — as of \(s.asOf)", ""]
            var regions = TextTable([("level", .left), ("kind", .left), ("regions", .right)])
            for l in s.regionLevels {
                regions.add(["\(l.level.name) \(l.level.label)", "", Format.count(l.total)])
                for k in l.kinds { regions.add(["", k.kind, Format.count(k.count)]) }
            }
            regions.add(["all", "", Format.count(s.regions)])
            out += [regions.render(), ""]
            var orgs = TextTable([("organization type", .left), ("total", .right), ("active", .right)])
            for t in s.organizationTypes {
                orgs.add(["\(t.type.name) \(t.type.label)", Format.count(t.count.total), Format.count(t.count.active)])
            }
            orgs.add(["all", Format.count(s.organizations.total), Format.count(s.organizations.active)])
            out += [orgs.render(), ""]
            var other = TextTable([("table", .left), ("total", .right), ("active", .right)])
            other.add(["persons", Format.count(s.persons), ""])
            other.add(["positions", Format.count(s.positions.total), Format.count(s.positions.active)])
            other.add(["links", Format.count(s.links.total), Format.count(s.links.active)])
            other.add(["institutions", Format.count(s.institutions), ""])
            out.append(other.render())
            if !s.institutionKinds.isEmpty {
                out.append("  institutions by kind: " + s.institutionKinds.map { "\($0.kind.name) \(Format.count($0.count))" }.joined(separator: ", "))
            }
            return out.joined(separator: "\n")
        }
    }
}
