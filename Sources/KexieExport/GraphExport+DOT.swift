import KexieIO

extension GraphExport {
    /// Writes Graphviz DOT text: a `digraph` named after the dataset with `dataset` and `as_of`
    /// as graph attributes, a statement per node (its attributes plus `label`, the name, so that
    /// Graphviz shows names) and per edge (its attributes plus `id`). Every id and value is a
    /// quoted string, in Graphviz's escString notation: `\` written `\\`, `"` written `\"`, a
    /// line feed written `\n` — what Graphviz shows as the original text. Attribute names are
    /// quoted when they are not plain DOT identifiers or are DOT keywords.
    ///
    /// DOT has no types: numbers and booleans are their text. Graphviz reads some attribute names
    /// itself (`label`, `id`, and for `dot` layouts an edge's `weight`, which it rounds down to
    /// an integer); the others are kept as data.
    ///
    /// - Complexity: O(nodes + edges) time, one sink chunk of memory.
    public static func writeDOT(_ graph: NetworkGraph, to sink: inout ByteSink) throws(OutputError) {
        sink.append("digraph ")
        sink.appendDOT(graph.dataset.name)
        sink.append(" {\n  graph [dataset=")
        sink.appendDOT(graph.dataset.name)
        sink.append(", as_of=\"\(graph.asOf)\"];\n")
        let nodeNames = graph.nodeAttributes.map { Array(", \(_dotName($0.name))=".utf8) }
        let edgeNames = graph.edgeAttributes.map { Array(", \(_dotName($0.name))=".utf8) }
        func attributes(_ fields: [GraphField], _ names: [[UInt8]]) {
            for f in fields {
                sink.append(bytes: names[f.attribute])
                if case .string(let s) = f.value {
                    sink.appendDOT(s)
                } else {
                    sink.append(byte: UInt8(ascii: "\""))
                    sink.appendPlain(f.value)
                    sink.append(byte: UInt8(ascii: "\""))
                }
            }
        }
        try graph.forEachNode { (node, fields) throws(OutputError) in
            sink.append("  ")
            sink.appendDOT(graph.id(node))
            sink.append(" [label=")
            sink.appendDOT(graph.label(node))
            attributes(fields, nodeNames)
            sink.append("];\n")
            try sink.flushIfFull()
        }
        try graph.forEachEdge { (edge, fields) throws(OutputError) in
            sink.append("  ")
            sink.appendDOT(graph.id(edge.source))
            sink.append(" -> ")
            sink.appendDOT(graph.id(edge.target))
            sink.append(" [id=\"")
            sink.appendEdgeID(edge)
            sink.append(byte: UInt8(ascii: "\""))
            attributes(fields, edgeNames)
            sink.append("];\n")
            try sink.flushIfFull()
        }
        sink.append("}\n")
    }

    /// An attribute name as a DOT ID: as it is when it is a plain identifier and not a keyword,
    /// else quoted.
    static func _dotName(_ name: String) -> String {
        let plain = name.utf8.enumerated().allSatisfy { i, b in
            b == UInt8(ascii: "_") || (b | 0x20 >= UInt8(ascii: "a") && b | 0x20 <= UInt8(ascii: "z")) || b >= 0x80
                || (i > 0 && b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9"))
        }
        let keywords: Set<String> = ["node", "edge", "graph", "digraph", "subgraph", "strict"]
        if plain && !name.isEmpty && !keywords.contains(name.lowercased()) { return name }
        var sink = ByteSink()
        sink.appendDOT(name)
        return String(decoding: sink.bytes, as: UTF8.self)
    }
}

extension ByteSink {
    /// Appends a quoted DOT string in escString notation: `\` → `\\`, `"` → `\"`, LF → `\n`.
    mutating func appendDOT(_ text: String) {
        append(byte: UInt8(ascii: "\""))
        append(text) { utf8, out in
            ByteSink.escape(utf8, into: &out) { i in
                switch utf8[i] {
                case UInt8(ascii: "\\"): ("\\\\", 1)
                case UInt8(ascii: "\""): ("\\\"", 1)
                case 0x0A: ("\\n", 1)
                default: nil
                }
            }
        }
        append(byte: UInt8(ascii: "\""))
    }
}
