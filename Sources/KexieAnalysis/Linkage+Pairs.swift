import KexieModel

/// The pairs of organizations with link(a, b) > 0 (see `Linkage`), and the limit on them.
///
/// A person in k organizations ties k(k - 1)/2 pairs, so one person in 100,000 organizations
/// would ask for five billion: commands that print pairs check `Linkage.checkPairLimit` first,
/// and every other finding is computed without them.
extension Linkage {
    /// The most pairs a command prints: Σ a(a - 1)/2 over persons with a active positions, plus
    /// the active links, at most 10 million (about 0.6 GB while they are summed and sorted).
    public static let pairLimit = 10_000_000

    /// Too many pairs to list: the person with the most active positions, the bound, the limit.
    public struct PairLimitExceeded: Error, Sendable, Equatable, CustomStringConvertible {
        /// The id of the person with the most active positions (the first by row among equals).
        public var person: String
        /// That person's active positions.
        public var positions: Int
        /// Σ a(a - 1)/2 over persons, plus the active links.
        public var pairs: Int
        /// The limit exceeded.
        public var limit: Int

        public var description: String {
            "person \(person) holds \(positions) active positions, which with everyone else's make up to \(pairs) pairs of "
                + "organizations to list, more than the limit of \(limit); listing pairs (analyze, linkage, report, "
                + "render linkage) is refused — the other commands do not list pairs"
        }
    }

    /// Throws when listing the pairs of `d` at `activity` could exceed `limit` (see `pairLimit`);
    /// the bound counts positions, not organizations, so it is known before any pair is summed.
    ///
    /// - Complexity: O(persons + positions + links).
    public static func checkPairLimit(_ d: Dataset, activity: Activity, limit: Int = pairLimit) throws(PairLimitExceeded) {
        var held = [Int](repeating: 0, count: d.persons.count)
        let persons = d.positions.persons.indices
        for i in 0..<d.positions.count where activity.positions[i] { held[Int(persons[i])] += 1 }  // an active position's person resolves
        var bound = 0, busiest = 0
        for p in held.indices {
            bound = bound &+ held[p] &* (held[p] &- 1) / 2
            if held[p] > held[busiest] { busiest = p }
        }
        for i in 0..<d.links.count where activity.links[i] { bound &+= 1 }
        guard bound > limit, !held.isEmpty else { return }
        throw PairLimitExceeded(person: d.persons.ids[busiest], positions: held[busiest], pairs: bound, limit: limit)
    }
}

/// What `Linkage.pairs` is computed from: each person's ties, the active links, and the id
/// ranks the pairs are sorted by (arrays shared with the dataset and the linkage, not copied).
struct _PairInputs: Sendable {
    let ties: _Ties
    let linkFrom: [Int32], linkTo: [Int32], linkWeights: [Double], activeLinks: [Bool]
    let expected: Int
    let rank: [Int32]

    init(_ d: Dataset, activity: Activity, ties: _Ties, rank: [Int32]) {
        self.ties = ties
        (linkFrom, linkTo, linkWeights, activeLinks) = (d.links.from.indices, d.links.to.indices, d.linkWeights, activity.links)
        expected = ties.organization.count
        self.rank = rank
    }

    /// link(a, b) for every pair: shared persons first (person order), then links (row order).
    func pairSums() -> _PairSums {
        var pairSum = _PairSums(expected: expected)
        for p in 0..<(ties.start.count - 1) {
            let lo = Int(ties.start[p]), hi = Int(ties.start[p + 1])
            guard hi - lo > 1 else { continue }
            for i in lo..<hi {
                for j in (i + 1)..<hi {
                    let m = min(ties.value[i], ties.value[j])
                    if m > 0 { pairSum.add(m, Int(ties.organization[i]), Int(ties.organization[j])) }
                }
            }
        }
        for i in activeLinks.indices where activeLinks[i] {
            let a = Int(linkFrom[i]), b = Int(linkTo[i])  // an active link's ends resolve
            if a != b { pairSum.add(linkWeights[i], a, b) }
        }
        return pairSum
    }

    /// Every pair with link > 0, by the ids of (a, b).
    func pairs() -> [Linkage.Pair] {
        let pairSums = pairSums()
        var pairs: [Linkage.Pair] = []
        pairs.reserveCapacity(pairSums.count)
        pairSums.forEach { a, b, v in
            guard v > 0 else { return }
            pairs.append(rank[a] < rank[b] ? Linkage.Pair(a: a, b: b, strength: v) : Linkage.Pair(a: b, b: a, strength: v))
        }
        pairs.sort { x, y in x.a != y.a ? rank[x.a] < rank[y.a] : rank[x.b] < rank[y.b] }
        return pairs
    }
}
