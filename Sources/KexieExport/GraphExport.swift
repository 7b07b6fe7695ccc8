
/// The formats `kexie export` writes.
public enum GraphExportFormat: String, Sendable, CaseIterable {
    /// GraphML with typed keys (NetworkX `read_graphml`, Gephi, yEd).
    case graphml
    /// GEXF 1.3 with typed attributes (Gephi, NetworkX `read_gexf`).
    case gexf
    /// NetworkX node-link JSON (`node_link_graph`).
    case json
    /// Graphviz DOT text.
    case dot
    /// `nodes.csv` and `edges.csv` for `neo4j-admin database import` and pandas.
    case csv
}

/// Writers of a `NetworkGraph` in each export format, one file per format. Each streams into a
/// `ByteSink`, flushing between records, and builds no document in memory.
public enum GraphExport {
    /// Writes `graph` in a single-file `format` (every format but `csv`, which is two files:
    /// see `writeNodesCSV` and `writeEdgesCSV`).
    public static func write<Failure>(_ graph: NetworkGraph, as format: GraphExportFormat, to sink: inout ByteSink<Failure>) throws(Failure) {
        switch format {
        case .graphml: try writeGraphML(graph, to: &sink)
        case .gexf: try writeGEXF(graph, to: &sink)
        case .json: try writeNodeLinkJSON(graph, to: &sink)
        case .dot: try writeDOT(graph, to: &sink)
        case .csv: preconditionFailure("csv is two files: use writeNodesCSV and writeEdgesCSV")
        }
        try sink.flush()
    }
}
