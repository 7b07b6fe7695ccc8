import ArgumentParser
import KexieAnalysis
import KexieIO
import KexieModel
import KexieRender

/// The diagrams `kexie render` draws.
enum DiagramKind: String, ExpressibleByArgument, CaseIterable {
    case structure, coverage, linkage, ego, trend
}

extension DiagramFormat: ExpressibleByArgument {}
extension LayoutEngine: ExpressibleByArgument {}

extension Kexie {
    /// `kexie render KIND DATASET`: a diagram laid out and rendered by Graphviz in process.
    struct Render: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Draw a structure, coverage, linkage or ego diagram with Graphviz (svg, png, pdf, dot, json).",
            discussion: """
            structure: the association tree of a scope with blank spots as dashed placeholders, orphans apart, edge width by vertical linkage.
            coverage: each region under the scope filled by its coverage rate, labelled covered/total; missed targets marked.
            linkage: associations tied by shared persons and links (edge width by strength); weak attachments and islands highlighted.
            ego: the neighbourhood of one person or organization (--scope), to --ego-depth 1 or 2.
            trend: a line chart (SVG) of coverage over time, one line per district (--trend-level) or per level (--by level), from --from to --to by --step.
            """
        )

        @Argument(help: "structure, coverage, linkage, ego or trend.") var kind: DiagramKind
        @Argument(help: ArgumentHelp("A dataset folder.", valueName: "dataset")) var dataset: String
        @OptionGroup var options: DatasetOptions

        @Option(help: ArgumentHelp("A region or organization (ego: a person or organization) by id, or by name when that is unique.", valueName: "id-or-name"))
        var scope: String?

        @Option(help: ArgumentHelp("The lowest level drawn (district, township, village).", valueName: "level"))
        var depth: Level?

        @Option(help: ArgumentHelp("Layout engine (default: chosen by kind and size).", valueName: "engine"))
        var engine: LayoutEngine?

        @Option(help: ArgumentHelp("svg, png, pdf, dot or json (default: from the -o extension, else svg).", valueName: "format"))
        var format: DiagramFormat?

        @Option(name: .customLong("max-nodes"), help: ArgumentHelp("Collapse the deepest level above this many nodes (0: never).", valueName: "n"))
        var maxNodes = 2000

        @Flag(help: "linkage: add the key persons as small nodes.") var persons = false

        @Option(name: .customLong("ego-depth"), help: ArgumentHelp("ego: 1 or 2 steps out.", valueName: "n"))
        var egoDepth = 1

        @Option(name: .shortAndLong, help: ArgumentHelp("The output file (default, or -: standard output).", valueName: "file"))
        var output: String?

        @OptionGroup(title: "Trend") var trend: TrendChartOptions

        func validate() throws {
            if maxNodes < 0 { throw ValidationError("--max-nodes must be 0 or more") }
            if ![1, 2].contains(egoDepth) { throw ValidationError("--ego-depth is 1 or 2") }
            if kind == .ego && scope == nil { throw ValidationError("ego needs --scope: a person or organization id or name") }
            if OutputSink.file(output) == nil && [.png, .pdf].contains(resolvedFormat) && Console.stdoutIsTerminal {
                throw ValidationError("\(resolvedFormat.rawValue) is binary: give a file with -o")
            }
        }

        var resolvedFormat: DiagramFormat {
            if let format { return format }
            if let output, let ext = output.split(separator: ".").last, let f = DiagramFormat(rawValue: ext.lowercased()), output.contains(".") { return f }
            return .svg
        }

        func run() throws {
            if kind == .trend { return try write(trendChart()) }
            let loaded = try Console.load(dataset, rules: options.rules)
            let analysis = Analysis(loaded.dataset, asOf: options.date(for: loaded.dataset))
            let diagramOptions = DiagramOptions(maxNodes: maxNodes, depth: depth)
            let plan: DiagramPlan
            switch kind {
            case .structure:
                plan = analysis.structureDiagram(scope: try region(in: loaded.dataset), options: diagramOptions)
            case .coverage:
                plan = analysis.coverageDiagram(scope: try region(in: loaded.dataset), options: diagramOptions)
            case .linkage:
                try Console.checkPairLimit(analysis, path: dataset)
                plan = analysis.linkageDiagram(scope: try region(in: loaded.dataset), persons: persons, options: diagramOptions)
            case .ego:
                plan = try analysis.egoDiagram(center: egoCenter(in: loaded.dataset), depth: egoDepth, options: diagramOptions)
            case .trend:
                preconditionFailure("drawn by trendChart()")
            }
            for note in plan.notes(layingOutWith: engine ?? plan.engine) { Console.err("kexie: \(note)") }
            let format = resolvedFormat
            if format == .png || format == .pdf { FontCheck.warnIfNoCJKFont() }
            let bytes: [UInt8]
            do {
                bytes = try Graphviz.render(plan.diagram, engine: engine ?? plan.engine, format: format)
            } catch {
                // An engine this installation lacks is named on the command line (or the default is missing).
                if case .engineUnavailable = error { throw ValidationError("\(error)") }
                throw KexieCommandError.graphviz(error)
            }
            try write(bytes)
        }

        /// Writes the diagram to -o or standard output.
        private func write(_ bytes: [UInt8]) throws {
            try OutputSink.emit(bytes, to: output)
        }

        /// The --scope region: a region id, an organization id (its region), or a unique name.
        func region(in d: Dataset) throws -> Int? {
            try scope.map { try Lookup.region($0, option: "--scope", in: d, organizations: true) }
        }

        /// The --scope of an ego diagram: a person or an organization, by id or unique name.
        func egoCenter(in d: Dataset) throws -> EgoCenter {
            let scope = self.scope!
            if let p = d.persons.ids.index(of: scope) { return .person(p) }
            if let o = d.organizations.ids.index(of: scope) { return .organization(o) }
            let persons = (0..<d.persons.count).filter { d.persons.names[$0] == scope }
            let orgs = (0..<d.organizations.count).filter { d.organizations.names[$0] == scope }
            if persons.count + orgs.count == 1 { return persons.first.map(EgoCenter.person) ?? .organization(orgs[0]) }
            throw ValidationError(persons.count + orgs.count == 0
                ? "--scope \"\(scope)\": no person or organization has this id or name"
                : "--scope \"\(scope)\": \(persons.count + orgs.count) persons or organizations have this name; give the id")
        }
    }
}

/// Whether a font with Chinese glyphs is installed, for PNG and PDF output.
enum FontCheck {
    static func warnIfNoCJKFont() {
        if !Graphviz.hasChineseFont() {
            Console.err("kexie: warning: no font with Chinese glyphs is installed; Chinese text will show as boxes. Install one, e.g. `apt-get install fonts-wqy-microhei` (make run does).")
        }
    }
}
