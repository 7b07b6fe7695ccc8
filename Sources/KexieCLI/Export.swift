import ArgumentParser
import KexieExport
import KexieIO
import KexieModel

extension GraphExportFormat: ExpressibleByArgument {}

extension Kexie {
    /// `kexie export DATASET --to FORMAT`: the whole network as one graph for Gephi, NetworkX,
    /// yEd, Neo4j or pandas.
    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write the whole network as one graph: GraphML, GEXF, node-link JSON, DOT, or Neo4j/pandas CSV.",
            discussion: """
            Nodes are every region, organization, person and institution (ids prefixed region:, organization:, person:, institution:; \
            attribute kind); edges every reference that resolves (attribute relation: region_parent, organization_parent, \
            organization_region, organization_institution, person_region, institution_region, position, link). \
            Organizations, positions and links carry active at the as-of date. References that do not resolve are counted on stderr. \
            csv writes nodes.csv and edges.csv into the -o folder.
            """
        )

        @Argument(help: ArgumentHelp("A dataset folder.", valueName: "dataset")) var dataset: String
        @OptionGroup var options: DatasetOptions

        @Option(name: .customLong("to"), help: ArgumentHelp("graphml, gexf, json, dot or csv (default: from the -o extension).", valueName: "format"))
        var format: GraphExportFormat?

        @Option(name: .shortAndLong, help: ArgumentHelp("The output file (csv: a folder; default: standard output).", valueName: "path"))
        var output: String?

        @Flag(help: "Do not report references that do not resolve.") var quiet = false

        func validate() throws {
            guard let format = resolvedFormat else {
                throw ValidationError("give the format with --to (\(GraphExportFormat.allCases.map(\.rawValue).joined(separator: ", ")))")
            }
            if format == .csv { try OutputSink.requireFolder(output, "--to csv writes nodes.csv and edges.csv: give a folder with -o DIR") }
        }

        /// --to, else the -o extension (`.graphml`, `.gexf`, `.json`, `.dot`, `.gv`).
        var resolvedFormat: GraphExportFormat? {
            if let format { return format }
            guard let output, let dot = output.lastIndex(of: "."), !output[dot...].contains("/") else { return nil }
            let ext = output[output.index(after: dot)...].lowercased()
            return ext == "gv" ? .dot : GraphExportFormat(rawValue: ext).flatMap { $0 == .csv ? nil : $0 }
        }

        func run() throws {
            let loaded = try Console.load(dataset, rules: options.rules)
            let graph = NetworkGraph(loaded.dataset, asOf: options.date(for: loaded.dataset))
            if !quiet, graph.skippedCount > 0 { Console.err("kexie: \(Self.skippedNote(graph))") }
            do {
                switch resolvedFormat! {
                case .csv:
                    // The two files appear together, when both are written.
                    let folder = output!
                    try OutputFile.makeFolder(folder)
                    let batch = OutputFile.Batch()
                    try Self.write(to: batch.stream(to: "\(folder)/nodes.csv")) { (sink) throws(OutputError) in try GraphExport.writeNodesCSV(graph, to: &sink) }
                    try Self.write(to: batch.stream(to: "\(folder)/edges.csv")) { (sink) throws(OutputError) in try GraphExport.writeEdgesCSV(graph, to: &sink) }
                    try batch.commit()
                case let format:
                    if let output = OutputSink.file(output) {
                        let stream = try OutputFile.Stream(path: output)
                        try Self.write(to: stream) { (sink) throws(OutputError) in try GraphExport.write(graph, as: format, to: &sink) }
                        try stream.commit()
                    } else {
                        var sink = ByteSink { (bytes) throws(OutputError) in try Console.writeOut(bytes) }
                        try GraphExport.write(graph, as: format, to: &sink)
                    }
                }
            } catch {
                throw KexieCommandError.output(error)
            }
        }

        /// Writes to an output stream through a sink (the caller commits it).
        static func write(to stream: OutputFile.Stream, _ body: (inout ByteSink<OutputError>) throws(OutputError) -> Void) throws(OutputError) {
            var sink = ByteSink<OutputError> { (bytes) throws(OutputError) in
                stream.write(bytes)
                if let failure = stream.failure { throw failure }
            }
            try body(&sink)
        }

        /// One line: how many references were left out, by relation.
        static func skippedNote(_ graph: NetworkGraph) -> String {
            let parts = Relation.allCases.filter { graph.skipped[$0.rawValue] > 0 }.map { r in
                Format.plural(graph.skipped[r.rawValue], r.skippedName)
            }
            return "\(Format.plural(graph.skippedCount, "reference")) that do not resolve made no edge (\(parts.joined(separator: ", ")))"
        }
    }
}
