
extension GraphExport {
    /// Writes `nodes.csv` for `neo4j-admin database import`: `:ID` (the graph id,
    /// `person:P01`), `:LABEL` (`Region`, `Organization`, `Person`, `Institution`), then a
    /// column per node attribute. Headers carry Neo4j types where a value is not a string
    /// (`active:boolean`, `founded:date`, `population:long`); an absent value is an empty cell.
    /// Cells are quoted as RFC 4180 has it and otherwise exact: unlike the analysis CSV files,
    /// no `'` is put before text a spreadsheet would take for a formula, so names read back as
    /// written.
    ///
    /// - Complexity: O(nodes × attributes) time, one sink chunk of memory.
    public static func writeNodesCSV<Failure>(_ graph: NetworkGraph, to sink: inout ByteSink<Failure>) throws(Failure) {
        sink.append(":ID,:LABEL")
        var row = _CSVRow(graph.nodeAttributes, into: &sink)
        try graph.forEachNode { (node, fields) throws(Failure) in
            sink.appendCSV((graph.id(node)))
            sink.append(",")
            sink.append(node.kind.neo4jLabel)
            row.write(fields, to: &sink)
            try sink.flushIfFull()
        }
        try sink.flush()
    }

    /// Writes `edges.csv` for `neo4j-admin database import`: `:START_ID`, `:END_ID`, `:TYPE`
    /// (the relation in capitals, `POSITION`), `id` (`position:17`), then a column per edge
    /// attribute, typed and quoted as in `nodes.csv`.
    ///
    /// - Complexity: O(edges × attributes) time, one sink chunk of memory.
    public static func writeEdgesCSV<Failure>(_ graph: NetworkGraph, to sink: inout ByteSink<Failure>) throws(Failure) {
        sink.append(":START_ID,:END_ID,:TYPE,id")
        var row = _CSVRow(graph.edgeAttributes, into: &sink)
        let types = Relation.allCases.map { Array(",\($0.neo4jType),".utf8) }
        try graph.forEachEdge { (edge, fields) throws(Failure) in
            sink.appendCSV((graph.id(edge.source)))
            sink.append(",")
            sink.appendCSV((graph.id(edge.target)))
            sink.append(bytes: types[edge.relation.rawValue])
            sink.appendEdgeID(edge)
            row.write(fields, to: &sink)
            try sink.flushIfFull()
        }
        try sink.flush()
    }
}

/// The attribute columns of a CSV file: writes the rest of the header, then places each
/// record's fields in their columns.
private struct _CSVRow {
    private var cells: [GraphValue?]

    /// Appends `,name[:type]` per attribute and ends the header line.
    init<Failure>(_ attributes: [GraphAttribute], into sink: inout ByteSink<Failure>) {
        for a in attributes {
            let type: String = switch a.type {
            case .string: ""
            case .long: ":long"
            case .double: ":double"
            case .boolean: ":boolean"
            case .date: ":date"
            }
            sink.append(",")
            sink.appendCSV((a.name + type))
        }
        sink.append("\n")
        cells = Array(repeating: nil, count: attributes.count)
    }

    /// Appends `,cell` per attribute (empty when absent) and ends the line.
    mutating func write<Failure>(_ fields: [GraphField], to sink: inout ByteSink<Failure>) {
        for f in fields { cells[f.attribute] = f.value }
        for i in cells.indices {
            sink.append(",")
            switch cells[i] {
            case nil: break
            case .string(let s)?: sink.appendCSV((s))
            case let value?: sink.appendPlain(value)
            }
            cells[i] = nil
        }
        sink.append("\n")
    }
}
