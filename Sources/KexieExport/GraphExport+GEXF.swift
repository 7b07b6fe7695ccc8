
extension GraphExport {
    /// Writes GEXF 1.3: typed node and edge `<attributes>` (`string`, `long`, `double`,
    /// `boolean`; days are strings), a directed static graph, every node with its name as
    /// `label`, every edge with its id. An edge's `weight` is the GEXF `weight` attribute
    /// (Gephi's Weight column; NetworkX reads it as `weight`) rather than an attribute value;
    /// edges without one (the reference edges) take GEXF's default of 1. The dataset's name and
    /// as-of date are in `<meta><description>`.
    ///
    /// - Complexity: O(nodes + edges) time, one sink chunk of memory.
    public static func writeGEXF<Failure>(_ graph: NetworkGraph, to sink: inout ByteSink<Failure>) throws(Failure) {
        sink.append("""
            <?xml version="1.0" encoding="UTF-8"?>
            <gexf xmlns="http://gexf.net/1.3" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" \
            xsi:schemaLocation="http://gexf.net/1.3 http://gexf.net/1.3/gexf.xsd" version="1.3">
              <meta>
                <creator>kexie</creator>
                <description>
            """)
        sink.appendXML("\(graph.dataset.name) as of \(graph.asOf)")
        sink.append("</description>\n  </meta>\n  <graph defaultedgetype=\"directed\" mode=\"static\">\n")
        let weight = graph.edgeAttributes.firstIndex { $0.name == "weight" }
        func declare(_ domain: String, _ attributes: [GraphAttribute]) {
            sink.append("    <attributes class=\"\(domain)\" mode=\"static\">\n")
            for (i, a) in attributes.enumerated() where !(domain == "edge" && i == weight) {
                sink.append("      <attribute id=\"\(i)\" title=\"")
                sink.appendXML(a.name)
                sink.append("\" type=\"\(_typeName(a.type))\"/>\n")
            }
            sink.append("    </attributes>\n")
        }
        declare("node", graph.nodeAttributes)
        declare("edge", graph.edgeAttributes)

        let nodeValue = graph.nodeAttributes.indices.map { Array("<attvalue for=\"\($0)\" value=\"".utf8) }
        let edgeValue = graph.edgeAttributes.indices.map { Array("<attvalue for=\"\($0)\" value=\"".utf8) }
        func attvalues(_ fields: [GraphField], _ open: [[UInt8]], skipping skipped: Int?) {
            sink.append("<attvalues>")
            for f in fields where f.attribute != skipped {
                sink.append(bytes: open[f.attribute])
                sink.appendXML(f.value)
                sink.append("\"/>")
            }
            sink.append("</attvalues>")
        }
        sink.append("    <nodes count=\"\(graph.nodeCount)\">\n")
        try graph.forEachNode { (node, fields) throws(Failure) in
            sink.append("      <node id=\"")
            sink.appendXMLNodeID(node, in: graph)
            sink.append("\" label=\"")
            sink.appendXML(graph.label(node))
            sink.append("\">")
            attvalues(fields, nodeValue, skipping: nil)
            sink.append("</node>\n")
            try sink.flushIfFull()
        }
        sink.append("    </nodes>\n    <edges count=\"\(graph.edgeCount)\">\n")
        try graph.forEachEdge { (edge, fields) throws(Failure) in
            sink.appendXMLEdgeStart(edge, indent: "      ", in: graph)
            if let w = fields.first(where: { $0.attribute == weight }) {
                sink.append("\" weight=\"")
                sink.appendPlain(w.value)
            }
            sink.append("\">")
            attvalues(fields, edgeValue, skipping: weight)
            sink.append("</edge>\n")
            try sink.flushIfFull()
        }
        sink.append("    </edges>\n  </graph>\n</gexf>\n")
    }
}
