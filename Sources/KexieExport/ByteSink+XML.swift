extension ByteSink {
    /// Appends text escaped for XML 1.0, in attribute values and in content alike: `& < > " '`
    /// as entities; tab, line feed and carriage return as character references (so attribute
    /// normalization and line-end handling keep them). Characters XML 1.0 cannot carry at all
    /// (other C0 controls, U+FFFE, U+FFFF) become U+FFFD: the loader already rejects the
    /// controls, so only a U+FFFE/U+FFFF in the data is changed.
    mutating func appendXML(_ text: String) {
        append(text) { utf8, out in
            ByteSink.escape(utf8, into: &out) { i in
                switch utf8[i] {
                case UInt8(ascii: "&"): ("&amp;", 1)
                case UInt8(ascii: "<"): ("&lt;", 1)
                case UInt8(ascii: ">"): ("&gt;", 1)
                case UInt8(ascii: "\""): ("&quot;", 1)
                case UInt8(ascii: "'"): ("&apos;", 1)
                case 0x09: ("&#9;", 1)
                case 0x0A: ("&#10;", 1)
                case 0x0D: ("&#13;", 1)
                case 0x00..<0x20: ("\u{FFFD}", 1)
                case 0xEF where i + 2 < utf8.count && utf8[i + 1] == 0xBF && utf8[i + 2] >= 0xBE: ("\u{FFFD}", 3)
                default: nil
                }
            }
        }
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
