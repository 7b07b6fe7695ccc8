/// Disjoint sets of the rows 0..<n (a union-find): `union(a, b)` merges the sets holding a
/// and b; `find(x)` names the set holding x by its smallest row, so the name of a set does not
/// depend on the order of the unions.
///
/// - Invariant: `parent[x] <= x`, and `parent[r] == r` exactly for the smallest row r of each set.
/// - Complexity: `find` and `union` take amortized O(log n) (path compression, no ranks).
struct _UnionFind {
    private var parent: [Int]

    /// n singleton sets.
    init(count n: Int) {
        parent = Array(0..<n)
    }

    /// The smallest row of the set holding `x`.
    mutating func find(_ x: Int) -> Int {
        var r = x
        while parent[r] != r { r = parent[r] }
        var y = x
        while parent[y] != r { let next = parent[y]; parent[y] = r; y = next }
        return r
    }

    /// Merges the sets holding `a` and `b`.
    mutating func union(_ a: Int, _ b: Int) {
        let ra = find(a), rb = find(b)
        if ra != rb { parent[max(ra, rb)] = min(ra, rb) }
    }
}
