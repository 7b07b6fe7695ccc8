import KexieModel

/// The frame as a tree, numbered for constant-time subtree tests.
///
/// Regions are numbered in depth-first pre-order from the top units; the subtree of `r` (r and
/// every region below it) is exactly the regions whose number lies in
/// `order[r] ..< end[r]`. Also records each region's district: its ancestor, or itself, at
/// level `district`.
///
/// - Invariant: the loader guarantees the frame is a forest (parents exist and sit higher).
/// - Complexity: O(regions) to build; `contains` and `district` are O(1).
public struct RegionTree: Sendable {
    /// Pre-order number of each region.
    public let order: [Int32]
    /// One past the largest pre-order number in each region's subtree.
    public let end: [Int32]
    /// The district of each region, or -1 when it has none (levels above district).
    public let districts: [Int32]

    /// Numbers the frame of `regions` whose children are `children`.
    public init(_ regions: RegionTable, children: CompressedAdjacency) {
        let n = regions.count
        var order = [Int32](repeating: 0, count: n)
        var end = [Int32](repeating: 0, count: n)
        var districts = [Int32](repeating: -1, count: n)
        var next: Int32 = 0
        // Explicit stack of (region, next child position) so that deep frames cannot overflow.
        var stack: [(node: Int, child: Int)] = []
        for top in 0..<n where regions.parents[top] < 0 {
            order[top] = next; next += 1
            districts[top] = regions.levels[top] == .district ? Int32(top) : -1
            stack.append((top, 0))
            while let (node, child) = stack.last {
                let kids = children[node]
                if child < kids.count {
                    stack[stack.count - 1].child += 1
                    let c = Int(kids[kids.startIndex + child])
                    order[c] = next; next += 1
                    districts[c] = regions.levels[c] == .district ? Int32(c) : districts[node]
                    stack.append((c, 0))
                } else {
                    end[node] = next
                    stack.removeLast()
                }
            }
        }
        self.order = order
        self.end = end
        self.districts = districts
    }

    /// Whether `region` is `ancestor` or lies below it.
    @inlinable public func contains(_ ancestor: Int, _ region: Int) -> Bool {
        order[ancestor] <= order[region] && order[region] < end[ancestor]
    }

    /// The district of `region`, if it has one.
    @inlinable public func district(of region: Int) -> Int? {
        districts[region] >= 0 ? Int(districts[region]) : nil
    }
}

extension RegionTable {
    /// The ancestor of `region` (or the region itself) at `level`, if there is one.
    /// - Complexity: O(depth) ≤ 6 steps.
    public func ancestor(of region: Int, at level: Level) -> Int? {
        var r = region
        while true {
            if levels[r] == level { return r }
            if levels[r] < level { return nil }
            guard let p = parent(r) else { return nil }
            r = p
        }
    }
}
