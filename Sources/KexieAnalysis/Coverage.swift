import KexieModel

/// Coverage and blank spots (analyses contract, section 1).
///
/// For every region r whose level is in `coverage.levels` and whose kind is not in
/// `coverage.exclude_kinds`:
/// - r is **covered** iff some active organization o with `o.region == r` has a type in
///   `coverage.counts[level(r)]` (a level without an entry: `association`);
/// - an uncovered r is a **blank spot**; it is a **frontier** blank spot when its parent region
///   is covered or its parent's level is not a coverage level, or it has no parent (nothing
///   above it has to be built first);
/// - rates, per district and for the whole frame, for every coverage level:
///   covered / total, `nil` when total is 0 (the level is still listed).
///
/// "Covered" of a parent is judged by the same test even when the parent's kind is excluded
/// (an excluded development zone with an association still counts as the association above).
/// A district's entry for a level counts the regions of that level in the district's subtree,
/// so its `district` entry is the district itself.
public struct Coverage: Sendable, Equatable {
    /// Covered and total regions of one level.
    public struct Rate: Sendable, Equatable {
        /// The level counted.
        public var level: Level
        /// Regions of the level that coverage counts.
        public var total: Int
        /// Of those, the covered ones.
        public var covered: Int
        /// covered / total, or `nil` when total is 0.
        public var rate: Double? { total == 0 ? nil : Double(covered) / Double(total) }

        /// A rate of `covered` out of `total` regions of `level`.
        public init(level: Level, total: Int, covered: Int) {
            self.level = level
            self.total = total
            self.covered = covered
        }
    }

    /// One district's rates, for every coverage level in rules order.
    public struct District: Sendable, Equatable {
        /// The district's region row.
        public var region: Int
        /// Its rates, one per coverage level in rules order.
        public var rates: [Rate]
    }

    /// An uncovered region.
    public struct BlankSpot: Sendable, Equatable {
        /// The uncovered region's row.
        public var region: Int
        /// Its district, if it has one.
        public var district: Int?
        /// Whether it can be built now: its parent region is covered (or is not a coverage
        /// level, or it has none).
        public var frontier: Bool
    }

    /// Whole-frame rates, for every coverage level in rules order.
    public var levels: [Rate]
    /// For every region: whether an active organization of a type covering its level sits in
    /// it (whatever its level or kind).
    public var coveredRegions: [Bool]
    /// For every region: whether coverage counts it (its level is a coverage level and its kind
    /// is not excluded).
    public var countedRegions: [Bool]
    /// Every district-level region, sorted by id.
    public var districts: [District]
    /// Sorted by region id.
    public var blankSpots: [BlankSpot]

    /// Computes coverage at the date `activeOrganizations` was taken for.
    ///
    /// - Complexity: O(regions + organizations), plus sorting the districts and blank spots.
    public init(_ dataset: Dataset, tree: RegionTree, activeOrganizations: [Bool]) {
        let regions = dataset.regions
        let rules = dataset.rules
        let scope = CoverageScope(rules: rules, regions: regions)
        let covered = scope.coveredRegions(dataset, activeOrganizations: activeOrganizations)
        coveredRegions = covered
        countedRegions = (0..<regions.count).map(scope.counts)

        let levelSlot = scope.levelSlot
        let width = rules.coverage.levels.count
        let districtRegions = regions.ids.sortedByUTF8((0..<regions.count).filter { regions.levels[$0] == .district })
        var districtSlot = [Int32](repeating: -1, count: regions.count)
        for (i, d) in districtRegions.enumerated() { districtSlot[d] = Int32(i) }
        // Flat counters: frame totals first, then one row of `width` per district.
        var total = [Int](repeating: 0, count: (districtRegions.count + 1) * width)
        var coveredCount = total
        var blank: [BlankSpot] = []
        for r in 0..<regions.count where scope.counts(r) {
            let slot = levelSlot[Int(regions.levels[r].rawValue)]
            let district = tree.district(of: r)
            let row = district.map { Int(districtSlot[$0]) + 1 } ?? -1
            total[slot] += 1
            if row > 0 { total[row * width + slot] += 1 }
            if covered[r] {
                coveredCount[slot] += 1
                if row > 0 { coveredCount[row * width + slot] += 1 }
            } else {
                let frontier: Bool
                if let p = regions.parent(r) {
                    frontier = covered[p] || levelSlot[Int(regions.levels[p].rawValue)] < 0
                } else {
                    frontier = true
                }
                blank.append(BlankSpot(region: r, district: district, frontier: frontier))
            }
        }
        func rates(_ row: Int) -> [Rate] {
            rules.coverage.levels.enumerated().map { slot, level in
                Rate(level: level, total: total[row * width + slot], covered: coveredCount[row * width + slot])
            }
        }
        levels = rates(0)
        districts = districtRegions.enumerated().map { District(region: $1, rates: rates($0 + 1)) }
        blankSpots = blank.sorted { regions.ids.utf8Less($0.region, $1.region) }
    }
}

/// Which regions coverage counts and what covers them, under a set of rules.
struct CoverageScope {
    /// Position of each level (by raw value) in `coverage.levels`, or -1.
    let levelSlot: [Int]
    /// `covers[level][type]`: organizations of the type cover regions of the level.
    let covers: [[Bool]]
    /// Region kinds (indices into `regions.kindNames`) left out of coverage.
    let excludedKind: [Bool]
    let regions: RegionTable

    init(rules: Rules, regions: RegionTable) {
        var slot = [Int](repeating: -1, count: Level.allCases.count)
        for (i, l) in rules.coverage.levels.enumerated() where slot[Int(l.rawValue)] < 0 { slot[Int(l.rawValue)] = i }
        levelSlot = slot
        covers = Level.allCases.map { level in
            let types = rules.coveringTypes(at: level)
            return OrganizationType.allCases.map { types.contains($0) }
        }
        let excluded = Set(rules.coverage.excludeKinds)
        excludedKind = (0..<regions.kindNames.count).map { excluded.contains(regions.kindNames[$0]) }
        self.regions = regions
    }

    /// Whether region `r` is counted: its level is a coverage level and its kind is not excluded.
    func counts(_ r: Int) -> Bool {
        levelSlot[Int(regions.levels[r].rawValue)] >= 0 && !excludedKind[Int(regions.kinds[r])]
    }

    /// Whether each region has an active organization of a type that covers its level (whether
    /// or not the level is a coverage level or the kind is excluded; callers decide what counts).
    func coveredRegions(_ dataset: Dataset, activeOrganizations: [Bool]) -> [Bool] {
        var covered = [Bool](repeating: false, count: regions.count)
        let orgs = dataset.organizations
        for o in 0..<orgs.count where activeOrganizations[o] {
            guard let r = orgs.regions.target(o) else { continue }
            let level = Int(regions.levels[r].rawValue)
            if covers[level][Int(orgs.types[o].rawValue)] { covered[r] = true }
        }
        return covered
    }
}
