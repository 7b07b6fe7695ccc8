import KexieModel

/// Counts that describe a dataset at a glance: regions per level and kind, organizations per
/// type (all and active at the as-of date), persons, positions, links and institutions.
public struct DatasetSummary: Sendable, Equatable {
    /// A number of rows and how many of them are active at the as-of date.
    public struct Count: Sendable, Equatable {
        /// Rows in all.
        public var total = 0
        /// Rows active at the as-of date.
        public var active = 0
        /// A count of `total` rows of which `active` are active.
        public init(total: Int = 0, active: Int = 0) {
            self.total = total
            self.active = active
        }
    }
    /// The regions of one level, in all and per kind (kinds sorted by name).
    public struct LevelCount: Sendable, Equatable {
        /// The level.
        public var level: Level
        /// Regions of the level.
        public var total: Int
        /// Regions per kind, sorted by kind.
        public var kinds: [KindCount]
    }
    /// The regions of one kind within a level.
    public struct KindCount: Sendable, Equatable {
        /// The region kind (`town`, `street`, `village` …).
        public var kind: String
        /// Regions of that kind.
        public var count: Int
    }
    /// The organizations of one type.
    public struct TypeCount: Sendable, Equatable {
        /// The organization type.
        public var type: OrganizationType
        /// Organizations of that type, all and active.
        public var count: Count
    }
    /// The institutions of one kind.
    public struct InstitutionCount: Sendable, Equatable {
        /// The institution kind.
        public var kind: InstitutionKind
        /// Institutions of that kind.
        public var count: Int
    }

    /// The dataset's name.
    public var dataset: String
    /// The date activity is judged at.
    public var asOf: Day
    /// Regions in the frame.
    public var regions: Int
    /// Levels that have regions, top to bottom.
    public var regionLevels: [LevelCount]
    /// Organizations, all and active.
    public var organizations: Count
    /// Organization types that occur, in contract order.
    public var organizationTypes: [TypeCount]
    /// Persons.
    public var persons: Int
    /// Positions, all and active.
    public var positions: Count
    /// Links, all and active.
    public var links: Count
    /// Institutions.
    public var institutions: Int
    /// Institution kinds that occur, in contract order.
    public var institutionKinds: [InstitutionCount]

    /// The counts of `dataset`, with activity judged at `asOf`.
    ///
    /// - Complexity: O(rows).
    public init(_ dataset: Dataset, asOf: Day) {
        let activity = Activity(dataset, at: asOf)
        self.dataset = dataset.name
        self.asOf = asOf

        let r = dataset.regions
        var perKind = [[Int]](repeating: [Int](repeating: 0, count: r.kindNames.count), count: Level.allCases.count)
        for i in 0..<r.count { perKind[Int(r.levels[i].rawValue)][Int(r.kinds[i])] += 1 }
        regions = r.count
        regionLevels = Level.allCases.compactMap { level in
            let counts = perKind[Int(level.rawValue)]
            let total = counts.reduce(0, +)
            guard total > 0 else { return nil }
            let kinds = counts.indices.filter { counts[$0] > 0 }
                .map { KindCount(kind: r.kindNames[$0], count: counts[$0]) }
                .sorted { $0.kind < $1.kind }
            return LevelCount(level: level, total: total, kinds: kinds)
        }

        let o = dataset.organizations
        var byType = [Count](repeating: Count(), count: OrganizationType.allCases.count)
        for i in 0..<o.count {
            let t = Int(o.types[i].rawValue)
            byType[t].total += 1
            if activity.organizations[i] { byType[t].active += 1 }
        }
        organizationTypes = OrganizationType.allCases.compactMap { t in
            byType[Int(t.rawValue)].total > 0 ? TypeCount(type: t, count: byType[Int(t.rawValue)]) : nil
        }
        organizations = Count(total: o.count, active: activity.organizations.lazy.filter { $0 }.count)
        persons = dataset.persons.count
        positions = Count(total: dataset.positions.count, active: activity.positions.lazy.filter { $0 }.count)
        links = Count(total: dataset.links.count, active: activity.links.lazy.filter { $0 }.count)

        var byKind = [Int](repeating: 0, count: InstitutionKind.allCases.count)
        for k in dataset.institutions.kinds { byKind[Int(k.rawValue)] += 1 }
        institutions = dataset.institutions.count
        institutionKinds = InstitutionKind.allCases.compactMap { k in
            byKind[Int(k.rawValue)] > 0 ? InstitutionCount(kind: k, count: byKind[Int(k.rawValue)]) : nil
        }
    }
}
