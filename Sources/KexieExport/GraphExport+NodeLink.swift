import KexieMachinery


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
    public static func writeNodeLinkJSON<Failure>(_ graph: NetworkGraph, to sink: inout ByteSink<Failure>) throws(Failure) {
        sink.append("{\"directed\": true, \"multigraph\": true, \"graph\": {\"name\": ")
        sink.appendJSON(graph.dataset.name)
        sink.append(", \"as_of\": \"\(graph.asOf)\"},\n\"nodes\": [\n")
        func keys(_ attributes: [GraphAttribute]) -> [[UInt8]] {
            attributes.map { a in
                var key = _ByteWriter()
                key.append(", ")
                key.append(jsonString: a.name)
                key.append(": ")
                return key.bytes
            }
        }
        let nodeKeys = keys(graph.nodeAttributes), edgeKeys = keys(graph.edgeAttributes)
        func members(_ fields: [GraphField], _ keys: [[UInt8]]) {
            for f in fields {
                sink.append(bytes: keys[f.attribute])
                switch f.value {
                case .string(let s): sink.appendJSON(s)
                case .date:
                    sink.append(byte: UInt8(ascii: "\""))
                    sink.appendPlain(f.value)
                    sink.append(byte: UInt8(ascii: "\""))
                case .long, .double, .boolean: sink.appendPlain(f.value)
                }
            }
        }
        var first = true
        try graph.forEachNode { (node, fields) throws(Failure) in
            sink.append(first ? "{\"id\": " : ",\n{\"id\": ")
            first = false
            sink.appendJSON(graph.id(node))
            members(fields, nodeKeys)
            sink.append("}")
            try sink.flushIfFull()
        }
        sink.append("\n],\n\"edges\": [\n")
        first = true
        try graph.forEachEdge { (edge, fields) throws(Failure) in
            sink.append(first ? "{\"source\": " : ",\n{\"source\": ")
            first = false
            sink.appendJSON(graph.id(edge.source))
            sink.append(", \"target\": ")
            sink.appendJSON(graph.id(edge.target))
            sink.append(", \"key\": \"")
            sink.appendEdgeID(edge)
            sink.append(byte: UInt8(ascii: "\""))
            members(fields, edgeKeys)
            sink.append("}")
            try sink.flushIfFull()
        }
        sink.append("\n]}\n")
    }
}
