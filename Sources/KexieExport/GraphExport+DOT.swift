import KexieMachinery

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
    public static func writeDOT<Failure>(_ graph: NetworkGraph, to sink: inout ByteSink<Failure>) throws(Failure) {
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
        try graph.forEachNode { (node, fields) throws(Failure) in
            sink.append("  ")
            sink.appendDOT(graph.id(node))
            sink.append(" [label=")
            sink.appendDOT(graph.label(node))
            attributes(fields, nodeNames)
            sink.append("];\n")
            try sink.flushIfFull()
        }
        try graph.forEachEdge { (edge, fields) throws(Failure) in
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
        return "\"" + _ByteWriter.escaped(name, _DOTEscaping.self) + "\""
    }
}

extension ByteSink {
    /// Appends a quoted DOT string in escString notation (`_DOTEscaping`).
    mutating func appendDOT(_ text: String) {
        append(byte: UInt8(ascii: "\""))
        append(text, escaping: _DOTEscaping.self)
        append(byte: UInt8(ascii: "\""))
    }
}

/// A DOT quoted string's content in Graphviz's escString notation: `\` → `\\`, `"` → `\"`,
/// LF → `\n`; every other byte is copied.
enum _DOTEscaping: _Escaping {
    @inline(__always)
    static func marked(_ w: _ByteWord) -> UInt64 { w.bytes(equalTo: 0x5C) | w.bytes(equalTo: 0x22) | w.bytes(equalTo: 0x0A) }

    @inline(__always)
    static func isMarked(_ b: UInt8) -> Bool { b == 0x5C || b == 0x22 || b == 0x0A }

    static func replacement(_ bytes: UnsafeBufferPointer<UInt8>, at i: Int) -> _Replacement? {
        switch bytes[i] {
        case UInt8(ascii: "\\"): _Replacement("\\\\")
        case UInt8(ascii: "\""): _Replacement("\\\"")
        case 0x0A: _Replacement("\\n")
        default: nil
        }
    }
}
