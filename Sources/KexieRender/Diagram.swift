/// A diagram to lay out: nodes, edges and nested clusters with Graphviz attributes, as plain
/// values. Building one touches no C; `Graphviz.render` turns it into bytes.
///
/// Node and cluster names given to Graphviz are synthetic (`n0`, `cluster3`), so dataset text
/// only ever reaches Graphviz as attribute values (labels, tooltips), never as graph syntax.
public struct Diagram: Sendable, Equatable {
    /// A node: a box, a placeholder or a summary, with its Graphviz attributes (`label`, `fillcolor` …).
    public struct Node: Sendable, Equatable {
        /// A stable key used by the builders to refer to the node (not passed to Graphviz).
        public var key: String
        /// Graphviz attributes in the order they are set.
        public var attributes: [(String, String)]
        /// Index into `clusters`, or `nil` for the top level.
        public var cluster: Int?

        /// A node with `key`, `attributes`, inside `cluster` (or at the top level).
        public init(key: String, attributes: [(String, String)], cluster: Int? = nil) {
            self.key = key
            self.attributes = attributes
            self.cluster = cluster
        }

        public static func == (a: Node, b: Node) -> Bool {
            a.key == b.key && a.cluster == b.cluster && a.attributes.elementsEqual(b.attributes) { $0 == $1 }
        }
    }

    /// An edge between two nodes, with its Graphviz attributes (`penwidth`, `style` …).
    public struct Edge: Sendable, Equatable {
        /// Indices into `nodes`.
        public var from: Int
        /// The head node's index.
        public var to: Int
        /// Graphviz attributes in the order they are set.
        public var attributes: [(String, String)]

        /// An edge from node `from` to node `to`.
        public init(from: Int, to: Int, attributes: [(String, String)] = []) {
            self.from = from
            self.to = to
            self.attributes = attributes
        }

        public static func == (a: Edge, b: Edge) -> Bool {
            a.from == b.from && a.to == b.to && a.attributes.elementsEqual(b.attributes) { $0 == $1 }
        }
    }

    /// A box around nodes and nested clusters (a region in the structure diagram).
    public struct Cluster: Sendable, Equatable {
        /// Graphviz attributes of the subgraph (`label`, `style` …).
        public var attributes: [(String, String)]
        /// Enclosing cluster, or `nil` for the top level. Must come earlier in `clusters`.
        public var parent: Int?

        /// A cluster inside `parent` (or at the top level).
        public init(attributes: [(String, String)], parent: Int? = nil) {
            self.attributes = attributes
            self.parent = parent
        }

        public static func == (a: Cluster, b: Cluster) -> Bool {
            a.parent == b.parent && a.attributes.elementsEqual(b.attributes) { $0 == $1 }
        }
    }

    /// Whether edges are arrows (`digraph`).
    public var directed: Bool
    /// Attributes of the whole graph (`rankdir`, `fontname` …).
    public var graphAttributes: [(String, String)]
    /// Defaults for every node and edge (font, shape, …).
    public var nodeDefaults: [(String, String)]
    /// Defaults for every edge.
    public var edgeDefaults: [(String, String)]
    /// The nodes, in the order added (Graphviz names them `n0`, `n1` …).
    public private(set) var nodes: [Node] = []
    /// The edges, in the order added.
    public private(set) var edges: [Edge] = []
    /// The clusters, each after its parent.
    public private(set) var clusters: [Cluster] = []
    private var index: [String: Int] = [:]

    /// An empty diagram with graph attributes and node and edge defaults.
    public init(directed: Bool = true, graphAttributes: [(String, String)] = [],
                nodeDefaults: [(String, String)] = [], edgeDefaults: [(String, String)] = []) {
        self.directed = directed
        self.graphAttributes = graphAttributes
        self.nodeDefaults = nodeDefaults
        self.edgeDefaults = edgeDefaults
    }

    /// Adds a node unless one with `key` exists; returns its index.
    @discardableResult
    public mutating func node(_ key: String, _ attributes: [(String, String)], cluster: Int? = nil) -> Int {
        if let i = index[key] { return i }
        nodes.append(Node(key: key, attributes: attributes, cluster: cluster))
        index[key] = nodes.count - 1
        return nodes.count - 1
    }

    /// The index of the node with `key`.
    public func node(_ key: String) -> Int? { index[key] }

    /// Adds an edge from node `from` to node `to`.
    public mutating func edge(_ from: Int, _ to: Int, _ attributes: [(String, String)] = []) {
        edges.append(Edge(from: from, to: to, attributes: attributes))
    }

    /// Adds a cluster; returns its index.
    public mutating func cluster(_ attributes: [(String, String)], parent: Int? = nil) -> Int {
        precondition(parent.map { $0 < clusters.count } ?? true, "a cluster's parent must exist")
        clusters.append(Cluster(attributes: attributes, parent: parent))
        return clusters.count - 1
    }

    public static func == (a: Diagram, b: Diagram) -> Bool {
        a.directed == b.directed && a.nodes == b.nodes && a.edges == b.edges && a.clusters == b.clusters
            && a.graphAttributes.elementsEqual(b.graphAttributes) { $0 == $1 }
            && a.nodeDefaults.elementsEqual(b.nodeDefaults) { $0 == $1 }
            && a.edgeDefaults.elementsEqual(b.edgeDefaults) { $0 == $1 }
    }
}
