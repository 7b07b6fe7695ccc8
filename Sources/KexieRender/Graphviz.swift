import CGraphviz
import KexieMachinery
import Synchronization
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Output formats Graphviz renders a laid-out diagram to.
public enum DiagramFormat: String, Sendable, CaseIterable {
    /// SVG, PNG and PDF images; DOT and JSON with the layout's coordinates.
    case svg, png, pdf, dot, json
}

/// Graphviz layout engines.
public enum LayoutEngine: String, Sendable, CaseIterable {
    /// `dot` for trees and hierarchies; `twopi` (radial) and `sfdp` (force-directed, scalable)
    /// for large graphs; the others as Graphviz documents them.
    case dot, twopi, sfdp, neato, fdp, circo, osage
}

/// A failure inside Graphviz, with its own message.
public enum RenderError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The layout engine is not installed (its plugin is missing).
    case engineUnavailable(String, available: [String])
    /// Layout failed; Graphviz's message.
    case layout(String)
    /// Rendering failed; Graphviz's message.
    case render(String)
    /// DOT text did not parse; Graphviz's message.
    case parse(String)
    /// cgraph could not create an object of the graph (its memory ran out, say): which one
    /// (`node n12`, `cluster cluster3`, `edge e7`, `graph kexie`) and Graphviz's message.
    case build(String, message: String)

    public var description: String {
        switch self {
        case let .engineUnavailable(engine, available):
            "layout engine \"\(engine)\" is not available (available: \(available.joined(separator: ", ")))"
        case let .layout(message): "Graphviz could not lay out the diagram: \(message)"
        case let .render(message): "Graphviz could not render the diagram: \(message)"
        case let .parse(message): "Graphviz could not read the DOT text: \(message)"
        case let .build(object, message): "Graphviz could not create \(object) of the diagram: \(message)"
        }
    }
}

/// The in-process Graphviz library.
///
/// Graphviz keeps global state and is not thread-safe, so every call into it happens while
/// holding one process-wide lock; the context (which loads the plugins) is created once.
public enum Graphviz {
    private static let lock = Mutex<_Context?>(nil)

    /// Lays out `diagram` with `engine` and renders it as `format`.
    ///
    /// Labels and other attribute values are passed through the cgraph API with every
    /// backslash doubled, so `\N`, `\G` or `\l` in dataset text stays literal text.
    public static func render(_ diagram: Diagram, engine: LayoutEngine, format: DiagramFormat) throws(RenderError) -> [UInt8] {
        let result: Result<[UInt8], RenderError> = lock.withLock { context in
            if context == nil { context = _Context() }
            return context!.render(diagram, engine: engine, format: format)
        }
        return try result.get()
    }

    /// Reads DOT text with cgraph's parser, lays it out with `engine` and renders it as
    /// `format`: what `dot -Tsvg` does, in process (for checking DOT that kexie writes).
    public static func render(dot text: String, engine: LayoutEngine, format: DiagramFormat) throws(RenderError) -> [UInt8] {
        let result: Result<[UInt8], RenderError> = lock.withLock { context in
            if context == nil { context = _Context() }
            _ = agreseterrors()
            guard let graph = text.withCString({ agmemread($0) }) else { return .failure(.parse(_lastError())) }
            defer { agclose(graph) }
            return context!.render(graph, engine: engine, format: format)
        }
        return try result.get()
    }

    /// Whether a font with Chinese glyphs is installed: fontconfig lists one for `:lang=zh`
    /// (as `fc-list :lang=zh family` would). Without one, PNG and PDF output show Chinese text
    /// as boxes; SVG leaves fonts to its viewer.
    public static func hasChineseFont() -> Bool {
        // Under the lock: Graphviz's renderers use fontconfig too.
        lock.withLock { _ in kexie_has_font_matching(":lang=zh") != 0 }
    }

    /// The layout engines this installation has.
    public static func availableEngines() -> [String] {
        lock.withLock { context in
            if context == nil { context = _Context() }
            return context!.plugins(kind: "layout")
        }
    }
}

/// Owns the Graphviz context (`GVC_t`); freed when released.
final class _Context {
    let gvc: OpaquePointer

    init() {
        gvc = gvContext()
        // Keep Graphviz quiet on stderr; errors are collected through aglasterr() instead.
        _ = agseterr(AGMAX)
    }

    deinit { gvFreeContext(gvc) }

    func plugins(kind: String) -> [String] {
        var count: Int32 = 0
        guard let list = gvPluginList(gvc, kind, &count, nil) else { return [] }
        var names: [String] = []
        for i in 0..<Int(count) {
            guard let p = list[i] else { continue }
            // Entries look like "dot:dot"; keep the part before the colon.
            let name = String(cString: p).split(separator: ":").first.map(String.init) ?? ""
            if !names.contains(name) { names.append(name) }
            free(p)
        }
        free(list)
        return names
    }

    func render(_ diagram: Diagram, engine: LayoutEngine, format: DiagramFormat) -> Result<[UInt8], RenderError> {
        _ = agreseterrors()
        let graph: _Graph
        do {
            graph = try _Graph(diagram)
        } catch {
            return .failure(error)
        }
        return withExtendedLifetime(graph) { render(graph.pointer, engine: engine, format: format) }
    }

    /// Lays out and renders a graph built or read by cgraph.
    func render(_ graph: UnsafeMutablePointer<Agraph_t>, engine: LayoutEngine, format: DiagramFormat) -> Result<[UInt8], RenderError> {
        if gvLayout(gvc, graph, engine.rawValue) != 0 {
            let message = _lastError()
            let available = plugins(kind: "layout")
            if !available.contains(engine.rawValue) {
                return .failure(.engineUnavailable(engine.rawValue, available: available))
            }
            return .failure(.layout(message))
        }
        defer { gvFreeLayout(gvc, graph) }
        var data: UnsafeMutablePointer<CChar>?
        var length: UInt32 = 0
        var captured: UnsafeMutablePointer<CChar>?
        let status = kexie_render_data(gvc, graph, format.rawValue, &data, &length, &captured)
        defer { if let data { gvFreeRenderData(data) } }
        var messages = ""
        if let captured {
            messages = String(cString: captured)
            free(captured)
        }
        guard status == 0, let data else { return .failure(.render(_lastError())) }
        if let failure = _rendererFailure(in: messages) { return .failure(.render(failure)) }
        // Warnings that are not failures go to standard error, as Graphviz printed them.
        if !messages.isEmpty { _ = messages.withCString { write(STDERR_FILENO, $0, strlen($0)) } }
        guard length > 0 else { return .failure(.render("the \(format.rawValue) output is empty")) }
        let bytes = UnsafeRawBufferPointer(start: data, count: Int(length))
        return .success(Array(bytes))
    }
}

/// Owns one cgraph graph built from a `Diagram`; closed when released (also when building it
/// fails part-way: the graph is whole once `pointer` is set, and closing it frees the rest).
final class _Graph {
    let pointer: UnsafeMutablePointer<Agraph_t>

    init(_ diagram: Diagram) throws(RenderError) {
        pointer = try _create("graph", "kexie") { agopen($0, diagram.directed ? kexie_directed_graph() : kexie_undirected_graph(), kexie_discipline()) }
        for (k, v) in diagram.graphAttributes { _set(UnsafeMutableRawPointer(pointer), k, v) }
        for (k, v) in diagram.nodeDefaults { _withC(k) { k in _withC(v) { v in _ = agattr(pointer, Int32(AGNODE), k, v) } } }
        for (k, v) in diagram.edgeDefaults { _withC(k) { k in _withC(v) { v in _ = agattr(pointer, Int32(AGEDGE), k, v) } } }
        var subgraphs: [UnsafeMutablePointer<Agraph_t>] = []
        for (i, c) in diagram.clusters.enumerated() {
            let parent = c.parent.map { subgraphs[$0] } ?? pointer
            let sub = try _create("cluster", "cluster\(i)") { agsubg(parent, $0, 1) }
            for (k, v) in c.attributes { _set(UnsafeMutableRawPointer(sub), k, v) }
            subgraphs.append(sub)
        }
        var nodes: [UnsafeMutablePointer<Agnode_t>] = []
        for (i, n) in diagram.nodes.enumerated() {
            let owner = n.cluster.map { subgraphs[$0] } ?? pointer
            let node = try _create("node", "n\(i)") { agnode(owner, $0, 1) }
            for (k, v) in n.attributes { _set(UnsafeMutableRawPointer(node), k, v) }
            nodes.append(node)
        }
        for (i, e) in diagram.edges.enumerated() {
            let edge = try _create("edge", "e\(i)") { agedge(pointer, nodes[e.from], nodes[e.to], $0, 1) }
            for (k, v) in e.attributes { _set(UnsafeMutableRawPointer(edge), k, v) }
        }
    }

    deinit { agclose(pointer) }
}

/// The cgraph object `create` makes under `name`, or the reason it could not.
private func _create<Object>(_ kind: String, _ name: String,
                             _ create: (UnsafeMutablePointer<CChar>) -> UnsafeMutablePointer<Object>?) throws(RenderError) -> UnsafeMutablePointer<Object> {
    guard let object = _withC(name, create) else { throw .build("\(kind) \(name)", message: _lastError()) }
    return object
}

/// Sets an attribute, declaring it with an empty default first (as `agsafeset` does). Text
/// attributes are escaped so that they show literally: Graphviz reads `\N`, `\G`, `\l` … as
/// escapes (every backslash is doubled) and `&name;` as a character entity (`&` becomes `&amp;`).
/// Labels longer than `_maximumLabelCharacters` are cut with `…`: Graphviz shapes every label's
/// text with Pango before layout, and a name of megabytes (a pasted document) took minutes.
/// Characters XML cannot carry (U+FFFE, U+FFFF, C0 controls but tab and line breaks) become
/// U+FFFD in every value: Graphviz copies them into SVG, which then does not parse, and cairo
/// fails on them (`cairo: out of memory`, a nearly empty PDF).
private func _set(_ object: UnsafeMutableRawPointer, _ name: String, _ value: String) {
    var escaped = _ByteWriter.escaped(value, _XMLIllegalCharacters.self)
    if _textAttributes.contains(name), escaped.unicodeScalars.count > _maximumLabelCharacters {
        escaped = String(escaped.unicodeScalars.prefix(_maximumLabelCharacters - 1)) + "…"
    }
    if _textAttributes.contains(name), escaped.contains(where: { $0 == "\\" || $0 == "&" }) {
        escaped = escaped.replacing("\\", with: "\\\\").replacing("&", with: "&amp;")
    }
    _withC(name) { n in _withC(escaped) { v in _withC("") { d in _ = agsafeset(object, n, v, d) } } }
}

/// Labels and tooltips are cut to this many characters (Unicode scalars).
private let _maximumLabelCharacters = 500

/// Attributes whose values are text shown to people (and so come from the dataset).
private let _textAttributes: Set<String> = ["label", "xlabel", "headlabel", "taillabel", "tooltip", "comment"]

/// Calls `body` with a C string of `s`. cgraph's API takes `char *` but copies names and values
/// into its own string pool, so the pointer need not outlive the call.
private func _withC<R>(_ s: String, _ body: (UnsafeMutablePointer<CChar>) -> R) -> R {
    s.withCString { body(UnsafeMutablePointer(mutating: $0)) }
}

/// The failure a renderer reported on standard error, or nil. cairo reports a surface in an
/// error state (out of memory, invalid text) only as a line `cairo: …`, and Graphviz still
/// returns success with a document that is nearly empty.
private func _rendererFailure(in messages: String) -> String? {
    messages.split(separator: "\n").first { $0.hasPrefix("cairo: ") }.map(String.init)
}

private func _lastError() -> String {
    guard let message = aglasterr() else { return "unknown error" }
    defer { free(message) }
    return String(cString: message).trimmingCharacters()
}

private extension String {
    func trimmingCharacters() -> String {
        var s = Substring(self)
        while let last = s.last, last.isWhitespace { s.removeLast() }
        return String(s)
    }
}
