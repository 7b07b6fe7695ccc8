import KexieMachinery
import KexieModel

/// How strongly persons and organizations are tied (analyses contract, section 3).
///
/// - **tie(p, o)** = the largest `role_weights[role]` over p's active positions in o.
/// - **strength(o)** = Σ_p tie(p, o) for every active organization (0 without positions).
/// - **sectors(o)[s]** = Σ tie(p, o) over persons p of sector s; only non-zero sums are listed.
/// - **link(a, b)**, a ≠ b, unordered = Σ_p min(tie(p, a), tie(p, b)) + Σ weights of active
///   links between a and b in either direction (the weight column, else `link_weights[kind]`).
/// - **vertical(o)** = link(o, parent(o)) for an active organization whose parent is known,
///   active and not itself; `nil` otherwise. **weak attachments**: vertical(o) == 0.
/// - **single points**: (o, s, p) for each active o and sector s where exactly one person p
///   contributes (tie > 0) to sectors(o)[s].
/// - **overloaded**: persons with counting-role positions in more than `overload_threshold`
///   distinct active organizations (the counting roles of each organization's region level;
///   an organization whose region is unknown uses the committee roles).
/// - **expiring**: active positions whose effective end is in (D, D + `expiry_warning_days`].
/// - **islands**: connected components of the graph on active organizations whose edges are
///   active parent links and every pair with link > 0, except the components holding a root.
///   Single organizations count. Each island is sorted by id; islands by their first id.
///
/// Sums are taken in the order of person rows, then link rows, so results repeat to the bit.
///
/// Only `pairs` holds one entry per pair, and a person in k organizations makes k(k - 1)/2 of
/// them: they are computed when asked for (`pairs`), never to find islands or vertical
/// linkage, and a command checks `checkPairLimit` before it prints them.
public struct Linkage: Sendable, Equatable {
    /// The ties of one active organization.
    public struct Organization: Sendable, Equatable {
        /// The organization's row.
        public var organization: Int
        /// strength(o): the sum of its persons' ties.
        public var strength: Double
        /// (sector index in `Dataset.sectorNames`, sum), in sector order; non-zero sums only.
        public var sectors: [(sector: Int, sum: Double)]
        /// vertical(o): its link to its parent; `nil` without a known, active parent.
        public var vertical: Double?

        public static func == (a: Organization, b: Organization) -> Bool {
            a.organization == b.organization && a.strength == b.strength && a.vertical == b.vertical
                && a.sectors.elementsEqual(b.sectors) { $0 == $1 }
        }
    }
    /// Two organizations tied by shared persons or links.
    public struct Pair: Sendable, Equatable {
        /// The pair's organizations, `a` before `b` by id.
        public var a: Int
        /// The second organization of the pair.
        public var b: Int
        /// link(a, b).
        public var strength: Double
    }
    /// A sector of an organization to which exactly one person contributes.
    public struct SinglePoint: Sendable, Equatable {
        /// The organization's row.
        public var organization: Int
        /// The sector, an index into `Dataset.sectorNames`.
        public var sector: Int
        /// The one contributing person's row.
        public var person: Int
    }
    /// A person with counting-role posts in more organizations than `overload_threshold`.
    public struct Overload: Sendable, Equatable {
        /// The person's row.
        public var person: Int
        /// Distinct active organizations where the person holds a counting role.
        public var posts: Int
    }
    /// An active position whose term ends within `expiry_warning_days` after the as-of date.
    public struct Expiring: Sendable, Equatable {
        /// The position's row.
        public var position: Int
        /// Its effective end (`Dataset.positionEnds`).
        public var end: Day
    }

    /// Every active organization, sorted by id.
    public var organizations: [Organization]
    /// Every pair with link > 0, sorted by (a, b) ids: computed at each use unless the linkage
    /// was made `computingPairs` (call `checkPairLimit` first on data you do not trust).
    ///
    /// - Complexity: O(Σ k(k - 1)/2 over persons in k organizations + links), the pairs' count
    ///   in memory.
    public var pairs: [Pair] { _computedPairs ?? _pairInputs.pairs() }
    /// Sorted by id.
    public var weakAttachments: [Int]
    /// Sorted by (organization id, sector name).
    public var singlePoints: [SinglePoint]
    /// Sorted by person id.
    public var overloaded: [Overload]
    /// Sorted by (end, person id, organization id).
    public var expiring: [Expiring]
    /// Each sorted by id; sorted by first id.
    public var islands: [[Int]]
    /// The type of each organization row of the dataset (its column, shared, not copied).
    private let organizationTypes: [OrganizationType]
    /// What `pairs` are computed from.
    private let _pairInputs: _PairInputs
    /// The pairs, when computed with the linkage.
    private let _computedPairs: [Pair]?

    /// The linkage of `d` at `asOf`; with `computingPairs`, its `pairs` are computed now
    /// (once, for a writer that prints them) instead of at each use.
    ///
    /// - Complexity: O(organizations + persons + positions + links), plus sorting the findings,
    ///   plus the pairs' when `computingPairs`.
    public init(_ d: Dataset, activity: Activity, asOf: Day, computingPairs: Bool = false) {
        let ties = _Ties(d, activity: activity)
        let totals = _SectorTotals(d, ties: ties)
        let rank = d.organizations.ids.utf8Ranks
        var byID = (0..<d.organizations.count).filter { activity.organizations[$0] }
        byID.sort { rank[$0] < rank[$1] }

        let organizations = Self.organizations(byID, d, activity: activity, totals: totals,
                                               vertical: Self.verticals(d, activity: activity, ties: ties))
        self.organizations = organizations
        weakAttachments = organizations.filter { $0.vertical == 0 }.map(\.organization)
        singlePoints = Self.singlePoints(byID, d, totals: totals)
        overloaded = Self.overloaded(d, activity: activity)
        expiring = Self.expiring(d, activity: activity, asOf: asOf)
        islands = Self.islands(byID, d, activity: activity, ties: ties, rank: rank)
        organizationTypes = d.organizations.types
        _pairInputs = _PairInputs(d, activity: activity, ties: ties, rank: rank)
        _computedPairs = computingPairs ? _pairInputs.pairs() : nil
    }

    public static func == (x: Linkage, y: Linkage) -> Bool {
        x.organizations == y.organizations && x.weakAttachments == y.weakAttachments && x.singlePoints == y.singlePoints
            && x.overloaded == y.overloaded && x.expiring == y.expiring && x.islands == y.islands
            && x.organizationTypes == y.organizationTypes && x.pairs == y.pairs
    }

    /// The active associations, least strength first (equal strengths in id order), of those
    /// whose organization row `included` accepts at most `limit` (`nil`: all).
    ///
    /// - Complexity: O(n + a log a) for the n active organizations and a associations among them.
    public func weakestAssociations(limit: Int? = nil, where included: (Int) -> Bool = { _ in true }) -> [Organization] {
        var entries = organizations.indices.filter { i in
            organizationTypes[organizations[i].organization] == .association && included(organizations[i].organization)
        }
        entries.sort { x, y in
            let sx = organizations[x].strength, sy = organizations[y].strength
            return sx != sy ? sx < sy : x < y  // entries are in id order
        }
        return entries.prefix(limit ?? entries.count).map { organizations[$0] }
    }

    /// vertical(o) = link(o, parent(o)) for every organization row whose parent is known, active
    /// and not itself (`nil` otherwise), summed as `pairs` sums: shared persons in person order,
    /// then links in row order. Each person's organizations are marked in `slot`, so a tie to
    /// the parent is found without listing pairs.
    ///
    /// - Complexity: O(organizations + ties + links).
    private static func verticals(_ d: Dataset, activity: Activity, ties: _Ties) -> [Double?] {
        let orgs = d.organizations
        var parent = [Int](repeating: -1, count: orgs.count)
        var vertical = [Double?](repeating: nil, count: orgs.count)
        for o in 0..<orgs.count where activity.organizations[o] {
            if let p = orgs.parents.target(o), p != o, activity.organizations[p] { (parent[o], vertical[o]) = (p, 0) }
        }
        var slot = [Int32](repeating: -1, count: orgs.count)  // ties index of o for the current person
        for p in 0..<d.persons.count {
            let lo = Int(ties.start[p]), hi = Int(ties.start[p + 1])
            guard hi - lo > 1 else { continue }
            for k in lo..<hi { slot[Int(ties.organization[k])] = Int32(k) }
            for k in lo..<hi {
                let o = Int(ties.organization[k]), up = parent[o]
                guard up >= 0, slot[up] >= lo, slot[up] < hi else { continue }
                let m = min(ties.value[k], ties.value[Int(slot[up])])
                if m > 0 { vertical[o]! += m }
            }
            for k in lo..<hi { slot[Int(ties.organization[k])] = -1 }
        }
        let links = d.links
        for i in 0..<links.count where activity.links[i] {
            let a = Int(links.from.indices[i]), b = Int(links.to.indices[i])  // an active link's ends resolve
            guard a != b else { continue }
            if parent[a] == b { vertical[a]! += d.linkWeights[i] }
            if parent[b] == a { vertical[b]! += d.linkWeights[i] }
        }
        return vertical
    }

    /// Strength, sectors and vertical of the active organizations `byID` (in id order).
    private static func organizations(_ byID: [Int], _ d: Dataset, activity: Activity, totals: _SectorTotals,
                                      vertical: [Double?]) -> [Organization] {
        let sectorCount = totals.sectorCount
        var organizations: [Organization] = []
        organizations.reserveCapacity(byID.count)
        for o in byID {
            // Labelled as the stored type, so that the array is not converted element by element.
            var sectors: [(sector: Int, sum: Double)] = []
            var nonZero = 0
            for s in 0..<sectorCount where totals.sum[o * sectorCount + s] != 0 { nonZero += 1 }
            sectors.reserveCapacity(nonZero)
            for s in 0..<sectorCount where totals.sum[o * sectorCount + s] != 0 {
                sectors.append((s, totals.sum[o * sectorCount + s]))
            }
            organizations.append(Organization(organization: o, strength: totals.strength[o], sectors: sectors, vertical: vertical[o]))
        }
        return organizations
    }

    /// The sectors of the active organizations `byID` with exactly one contributing person,
    /// by organization id, then sector name.
    private static func singlePoints(_ byID: [Int], _ d: Dataset, totals: _SectorTotals) -> [SinglePoint] {
        let sectorCount = totals.sectorCount
        let sectorOrderByName = (0..<sectorCount).sorted { utf8Less(d.sectorNames[$0], d.sectorNames[$1]) }
        var single: [SinglePoint] = []
        for o in byID {
            for s in sectorOrderByName where totals.contributors[o * sectorCount + s] == 1 {
                single.append(SinglePoint(organization: o, sector: s, person: Int(totals.lastContributor[o * sectorCount + s])))
            }
        }
        return single
    }

    /// Persons with counting-role posts in more distinct active organizations than
    /// `overload_threshold`, by person id.
    private static func overloaded(_ d: Dataset, activity: Activity) -> [Overload] {
        let orgs = d.organizations, positions = d.positions, rules = d.rules
        var countingAt = Level.allCases.map { level in Role.allCases.map { rules.countingRoles(at: level).contains($0) } }
        countingAt.append(Role.allCases.map { rules.countingRoles(at: nil).contains($0) })  // unknown region
        var overloaded: [Overload] = []
        var seen: [Int32] = []
        for p in 0..<d.persons.count {
            seen.removeAll(keepingCapacity: true)
            for pos in d.positionsByPerson[p] where activity.positions[Int(pos)] {
                let o = Int(positions.organizations.indices[Int(pos)])  // an active position's organization resolves
                let levelRow = orgs.regions.target(o).map { Int(d.regions.levels[$0].rawValue) } ?? Level.allCases.count
                if countingAt[levelRow][Int(positions.roles[Int(pos)].rawValue)], !seen.contains(Int32(o)) {
                    seen.append(Int32(o))
                }
            }
            if seen.count > rules.overloadThreshold { overloaded.append(Overload(person: p, posts: seen.count)) }
        }
        overloaded.sort { d.persons.ids.utf8Less($0.person, $1.person) }
        return overloaded
    }

    /// Active positions whose effective end is in (asOf, asOf + `expiry_warning_days`], by
    /// (end, person id, organization id).
    private static func expiring(_ d: Dataset, activity: Activity, asOf: Day) -> [Expiring] {
        let positions = d.positions
        let horizon = asOf.adding(days: d.rules.expiryWarningDays)
        var expiring: [Expiring] = []
        for i in 0..<positions.count where activity.positions[i] {
            let end = d.positionEnds[i]
            if end > asOf && end <= horizon && end.isSet { expiring.append(Expiring(position: i, end: end)) }
        }
        // An active position's person and organization resolve.
        func person(_ i: Int) -> Int { Int(positions.persons.indices[i]) }
        func organization(_ i: Int) -> Int { Int(positions.organizations.indices[i]) }
        expiring.sort { x, y in
            if x.end != y.end { return x.end < y.end }
            let px = person(x.position), py = person(y.position)
            if px != py { return d.persons.ids.utf8Less(px, py) }
            let ox = organization(x.position), oy = organization(y.position)
            if ox != oy { return d.organizations.ids.utf8Less(ox, oy) }
            return x.position < y.position
        }
        return expiring
    }

    /// The components of active organizations (joined by active parent links and by pairs with
    /// link > 0) that hold no root, each by id, by first id. Every term of a link is > 0 (role
    /// weights ≥ 0, link weights > 0), so a pair has link > 0 exactly when a person has ties > 0
    /// to both or an active link joins them: joining each person's organizations with tie > 0
    /// in a chain, and each link's ends, gives the components of `pairs` without listing them.
    ///
    /// - Complexity: O(organizations + ties + links), near enough (union–find).
    private static func islands(_ byID: [Int], _ d: Dataset, activity: Activity, ties: _Ties, rank: [Int32]) -> [[Int]] {
        let orgs = d.organizations
        var components = _UnionFind(count: orgs.count)
        for o in 0..<orgs.count where activity.organizations[o] {
            if let p = orgs.parents.target(o), p != o, activity.organizations[p] { components.union(o, p) }
        }
        for p in 0..<d.persons.count {
            var first = -1
            for k in Int(ties.start[p])..<Int(ties.start[p + 1]) where ties.value[k] > 0 {
                let o = Int(ties.organization[k])
                if first < 0 { first = o } else { components.union(first, o) }
            }
        }
        let links = d.links
        for i in 0..<links.count where activity.links[i] {
            components.union(Int(links.from.indices[i]), Int(links.to.indices[i]))  // an active link's ends resolve
        }
        var rootComponent = Set<Int>()
        for o in 0..<orgs.count where activity.organizations[o] && orgs.types[o] == .association {
            if let r = orgs.regions.target(o), d.regions.parent(r) == nil { rootComponent.insert(components.find(o)) }
        }
        var members: [Int: [Int]] = [:]
        for o in byID {
            let c = components.find(o)
            if !rootComponent.contains(c) { members[c, default: []].append(o) }
        }
        return members.values.sorted { rank[$0[0]] < rank[$1[0]] }  // members are in id order
    }
}

/// The ties of every person, grouped by person in person-row order: person p has the
/// organizations `organization[start[p]..<start[p + 1]]`, tie(p, o) in `value` beside them.
struct _Ties {
    /// `persons.count + 1` offsets into `organization` and `value`.
    var start: [Int32]
    /// The organizations (rows) of each person's active positions, each once per person.
    var organization: [Int32]
    /// tie(p, o) for the organization beside it.
    var value: [Double]

    init(_ d: Dataset, activity: Activity) {
        let positions = d.positions
        var start = [Int32](repeating: 0, count: d.persons.count + 1)
        var organization: [Int32] = []
        var value: [Double] = []
        // Where o is in `organization` for the current person (a slot from before `first` is
        // another person's): finding it costs O(1), not a scan of the person's organizations.
        var slot = [Int32](repeating: -1, count: d.organizations.count)
        for p in 0..<d.persons.count {
            let first = organization.count
            for pos in d.positionsByPerson[p] where activity.positions[Int(pos)] {
                let o = positions.organizations.indices[Int(pos)]  // an active position's organization resolves
                let w = d.rules.weight(of: positions.roles[Int(pos)])
                let k = Int(slot[Int(o)])
                if k >= first {
                    value[k] = max(value[k], w)
                } else {
                    slot[Int(o)] = Int32(organization.count)
                    organization.append(o)
                    value.append(w)
                }
            }
            start[p + 1] = Int32(organization.count)
        }
        self.start = start
        self.organization = organization
        self.value = value
    }
}

/// strength(o) and sectors(o) summed in person order, with what single points need: flat
/// tables per (organization, sector) at `o * sectorCount + s`.
struct _SectorTotals {
    /// `Dataset.sectorNames.count`.
    let sectorCount: Int
    /// strength(o) per organization row.
    var strength: [Double]
    /// sectors(o)[s].
    var sum: [Double]
    /// The persons with tie > 0 that contribute to sectors(o)[s].
    var contributors: [Int32]
    /// The last of them (person row), -1 when none.
    var lastContributor: [Int32]

    init(_ d: Dataset, ties: _Ties) {
        let n = d.organizations.count, sectorCount = d.sectorNames.count
        var strength = [Double](repeating: 0, count: n)
        var sum = [Double](repeating: 0, count: n * sectorCount)
        var contributors = [Int32](repeating: 0, count: n * sectorCount)
        var lastContributor = [Int32](repeating: -1, count: n * sectorCount)
        for p in 0..<d.persons.count {
            let s = Int(d.personSectors[p])
            for k in Int(ties.start[p])..<Int(ties.start[p + 1]) {
                let o = Int(ties.organization[k]), t = ties.value[k]
                strength[o] += t
                sum[o * sectorCount + s] += t
                if t > 0 {
                    contributors[o * sectorCount + s] += 1
                    lastContributor[o * sectorCount + s] = Int32(p)
                }
            }
        }
        self.sectorCount = sectorCount
        self.strength = strength
        self.sum = sum
        self.contributors = contributors
        self.lastContributor = lastContributor
    }
}
