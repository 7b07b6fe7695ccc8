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
    /// Every pair with link > 0, sorted by (a, b) ids.
    public var pairs: [Pair]
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

    /// The linkage of `d` at `asOf`.
    ///
    /// - Complexity: O(organizations + persons + positions + links + the pairs shared persons
    ///   create), plus sorting the findings.
    public init(_ d: Dataset, activity: Activity, asOf: Day) {
        let orgs = d.organizations, positions = d.positions, rules = d.rules
        let n = orgs.count

        // Ties, grouped by person in person-row order: (organization, tie) per person.
        var tieStart = [Int32](repeating: 0, count: d.persons.count + 1)
        var tieOrg: [Int32] = []
        var tieValue: [Double] = []
        for p in 0..<d.persons.count {
            let first = tieOrg.count
            for pos in d.positionsByPerson[p] where activity.positions[Int(pos)] {
                let o = Int32(positions.organizations.target(Int(pos))!)
                let w = rules.weight(of: positions.roles[Int(pos)])
                if let k = tieOrg[first...].firstIndex(of: o) {
                    tieValue[k] = max(tieValue[k], w)
                } else {
                    tieOrg.append(o)
                    tieValue.append(w)
                }
            }
            tieStart[p + 1] = Int32(tieOrg.count)
        }

        // Strength and sectors, summed in person order.
        let sectorCount = d.sectorNames.count
        var strength = [Double](repeating: 0, count: n)
        // Flat per (organization, sector) tables: sum of ties, persons with tie > 0, the last one.
        var sectorSum = [Double](repeating: 0, count: n * sectorCount)
        var contributors = [Int32](repeating: 0, count: n * sectorCount)
        var lastContributor = [Int32](repeating: -1, count: n * sectorCount)
        for p in 0..<d.persons.count {
            let s = Int(d.personSectors[p])
            for k in Int(tieStart[p])..<Int(tieStart[p + 1]) {
                let o = Int(tieOrg[k]), t = tieValue[k]
                strength[o] += t
                sectorSum[o * sectorCount + s] += t
                if t > 0 {
                    contributors[o * sectorCount + s] += 1
                    lastContributor[o * sectorCount + s] = Int32(p)
                }
            }
        }

        // Pairs: shared persons first (person order), then links (row order).
        var pairSum = _PairSums(expected: tieOrg.count)
        for p in 0..<d.persons.count {
            let lo = Int(tieStart[p]), hi = Int(tieStart[p + 1])
            guard hi - lo > 1 else { continue }
            for i in lo..<hi {
                for j in (i + 1)..<hi {
                    let m = min(tieValue[i], tieValue[j])
                    if m > 0 { pairSum.add(m, Int(tieOrg[i]), Int(tieOrg[j])) }
                }
            }
        }
        let links = d.links
        for i in 0..<links.count where activity.links[i] {
            let a = links.from.target(i)!, b = links.to.target(i)!
            if a != b { pairSum.add(d.linkWeights[i], a, b) }
        }
        func link(_ a: Int, _ b: Int) -> Double { pairSum[a, b] }

        // Per organization: strength, sectors, vertical; weak attachments; single points.
        let rank = orgs.ids.utf8Ranks
        var byID = (0..<n).filter { activity.organizations[$0] }
        byID.sort { rank[$0] < rank[$1] }
        var organizations: [Organization] = []
        organizations.reserveCapacity(byID.count)
        var weak: [Int] = []
        var single: [SinglePoint] = []
        let sectorOrderByName = (0..<sectorCount).sorted { utf8Less(d.sectorNames[$0], d.sectorNames[$1]) }
        for o in byID {
            var vertical: Double?
            if let p = orgs.parents.target(o), p != o, activity.organizations[p] {
                vertical = link(o, p)
                if vertical == 0 { weak.append(o) }
            }
            // Labelled as the stored type, so that the array is not converted element by element.
            var sectors: [(sector: Int, sum: Double)] = []
            var nonZero = 0
            for s in 0..<sectorCount where sectorSum[o * sectorCount + s] != 0 { nonZero += 1 }
            sectors.reserveCapacity(nonZero)
            for s in 0..<sectorCount where sectorSum[o * sectorCount + s] != 0 {
                sectors.append((s, sectorSum[o * sectorCount + s]))
            }
            for s in sectorOrderByName where contributors[o * sectorCount + s] == 1 {
                single.append(SinglePoint(organization: o, sector: s, person: Int(lastContributor[o * sectorCount + s])))
            }
            organizations.append(Organization(organization: o, strength: strength[o], sectors: sectors, vertical: vertical))
        }

        var pairs: [Pair] = []
        pairs.reserveCapacity(pairSum.count)
        pairSum.forEach { a, b, v in
            guard v > 0 else { return }
            pairs.append(rank[a] < rank[b] ? Pair(a: a, b: b, strength: v) : Pair(a: b, b: a, strength: v))
        }
        pairs.sort { x, y in x.a != y.a ? rank[x.a] < rank[y.a] : rank[x.b] < rank[y.b] }

        // Overloaded persons: distinct active organizations where they hold a counting role.
        var countingAt = Level.allCases.map { level in Role.allCases.map { rules.countingRoles(at: level).contains($0) } }
        countingAt.append(Role.allCases.map { rules.countingRoles(at: nil).contains($0) })  // unknown region
        var overloaded: [Overload] = []
        var seen: [Int32] = []
        for p in 0..<d.persons.count {
            seen.removeAll(keepingCapacity: true)
            for pos in d.positionsByPerson[p] where activity.positions[Int(pos)] {
                let o = positions.organizations.target(Int(pos))!
                let levelRow = orgs.regions.target(o).map { Int(d.regions.levels[$0].rawValue) } ?? Level.allCases.count
                if countingAt[levelRow][Int(positions.roles[Int(pos)].rawValue)], !seen.contains(Int32(o)) {
                    seen.append(Int32(o))
                }
            }
            if seen.count > rules.overloadThreshold { overloaded.append(Overload(person: p, posts: seen.count)) }
        }
        overloaded.sort { d.persons.ids.utf8Less($0.person, $1.person) }

        // Expiring terms.
        let horizon = asOf.adding(days: rules.expiryWarningDays)
        var expiring: [Expiring] = []
        for i in 0..<positions.count where activity.positions[i] {
            let end = d.positionEnds[i]
            if end > asOf && end <= horizon && end.isSet { expiring.append(Expiring(position: i, end: end)) }
        }
        expiring.sort { x, y in
            if x.end != y.end { return x.end < y.end }
            let px = positions.persons.target(x.position)!, py = positions.persons.target(y.position)!
            if px != py { return d.persons.ids.utf8Less(px, py) }
            let ox = positions.organizations.target(x.position)!, oy = positions.organizations.target(y.position)!
            if ox != oy { return orgs.ids.utf8Less(ox, oy) }
            return x.position < y.position
        }

        // Islands: union-find over active organizations.
        var parent = Array(0..<n)
        func find(_ x: Int) -> Int {
            var r = x
            while parent[r] != r { r = parent[r] }
            var y = x
            while parent[y] != r { let next = parent[y]; parent[y] = r; y = next }
            return r
        }
        func union(_ a: Int, _ b: Int) {
            let ra = find(a), rb = find(b)
            if ra != rb { parent[max(ra, rb)] = min(ra, rb) }
        }
        for o in 0..<n where activity.organizations[o] {
            if let p = orgs.parents.target(o), p != o, activity.organizations[p] { union(o, p) }
        }
        for pair in pairs { union(pair.a, pair.b) }
        var rootComponent = Set<Int>()
        for o in 0..<n where activity.organizations[o] && orgs.types[o] == .association {
            if let r = orgs.regions.target(o), d.regions.parent(r) == nil { rootComponent.insert(find(o)) }
        }
        var members: [Int: [Int]] = [:]
        for o in byID where !rootComponent.contains(find(o)) { members[find(o), default: []].append(o) }
        let islands = members.values.sorted { rank[$0[0]] < rank[$1[0]] }  // members are in id order

        self.organizations = organizations
        self.pairs = pairs
        self.weakAttachments = weak
        self.singlePoints = single
        self.overloaded = overloaded
        self.expiring = expiring
        self.islands = islands
    }
}
