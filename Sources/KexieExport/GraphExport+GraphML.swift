
extension GraphExport {
    /// Writes GraphML: a `<key>` per attribute with its type (`string`, `long`, `double`,
    /// `boolean`; days are strings), a directed `<graph>` with the dataset's name and as-of date
    /// as graph data, then every node and edge. Nodes also get `label` (the name, else the id),
    /// the key Gephi takes labels from and yEd's properties mapper offers. Edges carry their id
    /// (`position:17`), which NetworkX keeps as the edge's `id`.
    ///
    /// - Complexity: O(nodes + edges) time, one sink chunk of memory.
    public static func writeGraphML<Failure>(_ graph: NetworkGraph, to sink: inout ByteSink<Failure>) throws(Failure) {
        sink.append("""
            <?xml version="1.0" encoding="UTF-8"?>
            <graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" \
            xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">

            """)
        func key(_ id: String, _ domain: String, _ attribute: GraphAttribute) {
            sink.append("  <key id=\"\(id)\" for=\"\(domain)\" attr.name=\"")
            sink.appendXML(attribute.name)
            sink.append("\" attr.type=\"\(_typeName(attribute.type))\"/>\n")
        }
        key("g0", "graph", GraphAttribute("dataset", .string))
        key("g1", "graph", GraphAttribute("as_of", .string))
        for (i, a) in graph.nodeAttributes.enumerated() { key("n\(i)", "node", a) }
        key("nlabel", "node", GraphAttribute("label", .string))
        for (i, a) in graph.edgeAttributes.enumerated() { key("e\(i)", "edge", a) }
        sink.append("  <graph id=\"G\" edgedefault=\"directed\">\n    <data key=\"g0\">")
        sink.appendXML(graph.dataset.name)
        sink.append("</data>\n    <data key=\"g1\">\(graph.asOf)</data>\n")

        let nodeData = graph.nodeAttributes.indices.map { Array("<data key=\"n\($0)\">".utf8) }
        let edgeData = graph.edgeAttributes.indices.map { Array("<data key=\"e\($0)\">".utf8) }
        let close = Array("</data>".utf8)
        func data(_ open: [[UInt8]], _ fields: [GraphField]) {
            for f in fields {
                sink.append(bytes: open[f.attribute])
                sink.appendXML(f.value)
                sink.append(bytes: close)
            }
        }
        try graph.forEachNode { (node, fields) throws(Failure) in
            sink.append("    <node id=\"")
            sink.appendXMLNodeID(node, in: graph)
            sink.append("\">")
            data(nodeData, fields)
            sink.append("<data key=\"nlabel\">")
            sink.appendXML(graph.label(node))
            sink.append("</data></node>\n")
            try sink.flushIfFull()
        }
        try graph.forEachEdge { (edge, fields) throws(Failure) in
            sink.appendXMLEdgeStart(edge, indent: "    ", in: graph)
            sink.append("\">")
            data(edgeData, fields)
            sink.append("</edge>\n")
            try sink.flushIfFull()
        }
        sink.append("  </graph>\n</graphml>\n")
    }

    /// The GraphML `attr.type` of an attribute (GEXF uses the same names).
    static func _typeName(_ type: GraphValueType) -> String {
        switch type {
        case .string, .date: "string"
        case .long: "long"
        case .double: "double"
        case .boolean: "boolean"
        }
    }
}
