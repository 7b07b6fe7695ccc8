import KexieIO
import KexieOutput

extension GraphExport {
    /// Writes NetworkX's node-link JSON: `{"directed": true, "multigraph": true, "graph":
    /// {"name", "as_of"}, "nodes": [{"id", …attributes}], "edges": [{"source", "target", "key",
    /// …attributes}]}`, one node or edge per line. The edge list is under `edges`, the default
    /// of `networkx.node_link_graph` since NetworkX 3.6 (3.4 and 3.5 read it with
    /// `edges="edges"`, earlier versions with `link="edges"`). `key` is the edge id
    /// (`position:17`), so parallel edges stay apart. Numbers are JSON numbers, booleans JSON
    /// booleans, days `YYYY-MM-DD` strings.
    ///
    /// - Complexity: O(nodes + edges) time, one sink chunk of memory.
    public static func writeNodeLinkJSON(_ graph: NetworkGraph, to sink: inout ByteSink) throws(OutputError) {
        sink.append("{\"directed\": true, \"multigraph\": true, \"graph\": {\"name\": ")
        sink.appendJSON(graph.dataset.name)
        sink.append(", \"as_of\": \"\(graph.asOf)\"},\n\"nodes\": [\n")
        func members(_ fields: [GraphField], _ attributes: [GraphAttribute]) {
            for f in fields {
                sink.append(", ")
                sink.appendJSON(attributes[f.attribute].name)
                sink.append(": ")
                switch f.value {
                case .string(let s): sink.appendJSON(s)
                case .date(let d): sink.append("\"\(d)\"")
                case .long, .double, .boolean: sink.append(f.value.text)
                }
            }
        }
        var first = true
        try graph.forEachNode { (node, fields) throws(OutputError) in
            sink.append(first ? "{\"id\": " : ",\n{\"id\": ")
            first = false
            sink.appendJSON(graph.id(node))
            members(fields, graph.nodeAttributes)
            sink.append("}")
            try sink.flushIfFull()
        }
        sink.append("\n],\n\"edges\": [\n")
        first = true
        try graph.forEachEdge { (edge, fields) throws(OutputError) in
            sink.append(first ? "{\"source\": " : ",\n{\"source\": ")
            first = false
            sink.appendJSON(graph.id(edge.source))
            sink.append(", \"target\": ")
            sink.appendJSON(graph.id(edge.target))
            sink.append(", \"key\": \"\(edge.id)\"")
            members(fields, graph.edgeAttributes)
            sink.append("}")
            try sink.flushIfFull()
        }
        sink.append("\n]}\n")
    }
}

extension ByteSink {
    /// Appends a JSON string literal, escaped as the project's `JSONWriter` escapes.
    mutating func appendJSON(_ text: String) {
        JSONWriter.appendQuoted(text, to: &bytes)
    }
}
