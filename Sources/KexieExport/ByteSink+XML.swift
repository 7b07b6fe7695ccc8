import KexieMachinery

extension ByteSink {
    /// Appends text escaped for XML 1.0, in attribute values and in content alike
    /// (`_XMLEscaping`: `& < > " '` as entities, tab, line feed and carriage return as
    /// character references, U+FFFD for what XML 1.0 cannot carry; the loader already rejects
    /// the controls, so only a U+FFFE/U+FFFF in the data is changed).
    mutating func appendXML(_ text: String) {
        append(text, escaping: _XMLEscaping.self)
    }

    /// Appends a value as XML text: strings escaped, everything else as its plain text.
    mutating func appendXML(_ value: GraphValue) {
        if case .string(let s) = value { appendXML(s) } else { appendPlain(value) }
    }

    /// Appends a node's graph id (`person:P01`), escaped for XML.
    mutating func appendXMLNodeID(_ node: NodeRef, in graph: NetworkGraph) {
        append(node.kind.prefix)
        appendXML(graph.originalID(node))
    }

    /// `<edge id="…" source="…" target="…` (GraphML and GEXF alike), left open for the
    /// format's own attributes.
    mutating func appendXMLEdgeStart(_ edge: GraphEdge, indent: String, in graph: NetworkGraph) {
        append(indent)
        append("<edge id=\"")
        appendEdgeID(edge)
        append("\" source=\"")
        appendXMLNodeID(edge.source, in: graph)
        append("\" target=\"")
        appendXMLNodeID(edge.target, in: graph)
    }
}
