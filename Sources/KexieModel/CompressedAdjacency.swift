/// A static adjacency list in compressed sparse row (CSR) form.
///
/// The neighbours of node `v` are `targets[offsets[v] ..< offsets[v + 1]]`, in the order the
/// edges were given. Built once from an edge list by a counting sort.
///
/// - Invariant: `offsets.count == nodeCount + 1`, `offsets.first == 0`,
///   `offsets.last == targets.count`, and `offsets` is non-decreasing.
public struct CompressedAdjacency: Sendable, Equatable {
    /// Where each node's neighbours start in `targets`; one more entry than nodes.
    public private(set) var offsets: [Int32]
    /// Every node's neighbours, node after node.
    public private(set) var targets: [Int32]

    /// The number of source nodes.
    public var nodeCount: Int { offsets.count - 1 }
    /// The number of edges.
    public var edgeCount: Int { targets.count }

    /// Builds the adjacency of `nodeCount` nodes from edge `i` = `sources[i] → targets[i]`.
    /// Edges whose source is negative (an absent or unknown reference) are skipped.
    ///
    /// - Complexity: O(nodeCount + edges).
    public init(nodeCount: Int, sources: [Int32], targets edgeTargets: [Int32]) {
        precondition(sources.count == edgeTargets.count)
        var counts = [Int32](repeating: 0, count: nodeCount + 1)
        for s in sources where s >= 0 { counts[Int(s) + 1] += 1 }
        for v in 0..<nodeCount { counts[v + 1] += counts[v] }
        var cursor = counts
        var out = [Int32](repeating: 0, count: Int(counts[nodeCount]))
        for (s, t) in zip(sources, edgeTargets) where s >= 0 {
            out[Int(cursor[Int(s)])] = t
            cursor[Int(s)] += 1
        }
        self.offsets = counts
        self.targets = out
    }

    /// Builds the adjacency where the edges are `sources[i] → i` (for example the children of
    /// each region from the regions' parent column, or the positions of each person).
    public init(nodeCount: Int, groupingRowsBy sources: [Int32]) {
        self.init(nodeCount: nodeCount, sources: sources, targets: (0..<Int32(sources.count)).map { $0 })
    }

    /// The neighbours of `v`.
    @inlinable public subscript(v: Int) -> ArraySlice<Int32> {
        targets[Int(offsets[v]) ..< Int(offsets[v + 1])]
    }

    /// The number of neighbours of `v`.
    @inlinable public func degree(_ v: Int) -> Int { Int(offsets[v + 1] - offsets[v]) }
}
