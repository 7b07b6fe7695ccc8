import KexieAnalysis
import KexieModel

/// A diagram ready to render, with what was done to keep it drawable.
public struct DiagramPlan: Sendable {
    /// The diagram to render.
    public var diagram: Diagram
    /// The engine the builder suggests for this kind and size.
    public var engine: LayoutEngine
    /// Messages for the user (levels collapsed, nodes left out), to print on stderr.
    public var notes: [String]
    /// Why `engine` is not the kind's usual one ("… nodes: laid out with twopi rather than
    /// dot"), or nil: true only when the diagram is laid out with `engine`.
    public var engineNote: String? = nil

    /// The notes for a layout with `layoutEngine`: `notes`, then `engineNote` when
    /// `layoutEngine` is the suggested `engine` (`--engine dot` lays out with dot, whatever the
    /// size).
    public func notes(layingOutWith layoutEngine: LayoutEngine) -> [String] {
        guard let engineNote, layoutEngine == engine else { return notes }
        return notes + [engineNote]
    }
}

/// Options shared by the diagram builders.
public struct DiagramOptions: Sendable {
    /// Above this many nodes the deepest level is collapsed into summary nodes; 0 turns the
    /// guard off.
    public var maxNodes: Int
    /// The lowest level drawn (`nil`: the builder's default for the scope).
    public var depth: Level?
    /// At most this many ties are drawn in the linkage diagram, the strongest; 0 turns the
    /// guard off. Every drawn tie is an SVG path: 1,900 associations all tied to each other
    /// would be 1.8 million of them, half a gigabyte.
    public var maxEdges: Int

    /// Options with a node limit, a depth and an edge limit.
    public init(maxNodes: Int = 2000, depth: Level? = nil, maxEdges: Int = 5000) {
        self.maxNodes = maxNodes
        self.depth = depth
        self.maxEdges = maxEdges
    }
}

/// Node counts above which dot is too slow (about 0.5 s at 3,000 nodes, a minute at 30,000).
enum _Budget {
    static let dotNodes = 1500
}

extension Analysis {
    /// Regions of `scope`'s subtree down to `depth`, in depth-first order (children by id).
    func regionsBelow(_ scope: [Int], to depth: Level) -> [Int] {
        let regions = dataset.regions
        var out: [Int] = []
        var stack = scope.reversed().map { $0 }
        while let r = stack.popLast() {
            guard regions.levels[r] <= depth else { continue }
            out.append(r)
            let children = regions.ids.sortedByUTF8(dataset.regionChildren[r].map(Int.init))
            stack.append(contentsOf: children.reversed())
        }
        return out
    }

    /// The top units of the frame, by id.
    var topRegions: [Int] {
        dataset.regions.ids.sortedByUTF8((0..<dataset.regions.count).filter { dataset.regions.parents[$0] < 0 })
    }
}
