import KexieModel

/// What changed between two analyses, `before` and `after`: one dataset at two dates, or two
/// versions of a dataset (at one date, or each at its own).
///
/// Findings are matched by stable keys, never by row position: regions, organizations and
/// persons by id (for two versions an entity is the same when its id is), key-person gaps by
/// (organization, category), sectors by (organization, sector name), targets by (target name,
/// unit id), orphans by (kind, id, reason) — positions and links have no id, so their orphans
/// are matched by row number, as the analysis reports them.
///
/// Families of findings that appear or go, each a list of `added` (rows of `after`) and
/// `removed` (rows of `before`):
/// - **blank spots** opened / closed;
/// - **organizations** founded / dissolved: active in `after` and not in `before` (a row new in
///   the second version counts as founded) / the reverse;
/// - **orphans** new / resolved;
/// - **key-person gaps** opened / filled, one per (association, missing category);
/// - **weak attachments** new / resolved;
/// - **islands**: organizations cut off (in an island in `after`, not in `before`) /
///   reconnected;
/// - **sectors** gained / lost: (organization, sector) with a non-zero sum, for organizations
///   active on both sides;
/// - **persons** joined / left: persons with an active position in `after` and none in
///   `before` (or absent from it) / the reverse.
///
/// And two lists of moves:
/// - **targets** whose status differs (a target or unit on one side only has no status on the
///   other);
/// - **strength**: organizations active on both sides whose strength or vertical linkage moved
///   by more than `tolerance` (sums taken in a different row order may differ in the last bit).
///
/// A finding counts as removed (closed, resolved, filled, reconnected) only while its subject
/// still exists in `after`: a region still counted by coverage, an organization still active, a
/// person or row still in the tables. The gaps of a dissolved association are not "filled" and
/// the blank spot of a region dropped from the frame is not "closed"; the dissolution is the
/// finding. A finding that appears is added whether its subject is new or not. The diff of an
/// analysis with itself is empty.
///
/// - Complexity: O(size of both analyses) hash lookups, plus sorting the changed rows.
public struct AnalysisDiff: Sendable {
    /// Findings that appeared (rows of `after`) and went (rows of `before`).
    public struct Changes<Element: Sendable>: Sendable {
        /// Findings of `after` that `before` does not have.
        public var added: [Element] = []
        /// Findings of `before` that `after` no longer has (while their subject still exists).
        public var removed: [Element] = []
        /// Whether nothing appeared or went.
        public var isEmpty: Bool { added.isEmpty && removed.isEmpty }
    }

    /// A missing category of an association, or a sector of an organization.
    public struct Item: Sendable, Equatable {
        /// The organization row (of the side the item belongs to).
        public var organization: Int
        /// The category or sector name.
        public var name: String
    }

    /// A (target, unit) whose status differs: indices into `before.targets` / `after.targets`.
    public struct TargetChange: Sendable, Equatable {
        /// Index into `before.targets`, or `nil` when the (target, unit) exists only in `after`.
        public var before: Int?
        /// Index into `after.targets`, or `nil` when the (target, unit) exists only in `before`.
        public var after: Int?
    }

    /// An organization active on both sides whose strength or vertical moved.
    public struct Move: Sendable, Equatable {
        /// The organization's rows in `before` and `after`.
        public var before: Int
        /// The organization's row in `after`.
        public var after: Int
        /// Strength in `before`.
        public var strengthBefore: Double
        /// Strength in `after`.
        public var strengthAfter: Double
        /// Vertical linkage in `before`, `nil` when undefined.
        public var verticalBefore: Double?
        /// Vertical linkage in `after`, `nil` when undefined.
        public var verticalAfter: Double?

        /// `strengthAfter - strengthBefore`.
        public var strengthDelta: Double { strengthAfter - strengthBefore }
        /// The change of vertical linkage; `nil` when it is undefined on either side.
        public var verticalDelta: Double? {
            guard let a = verticalAfter, let b = verticalBefore else { return nil }
            return a - b
        }
    }

    /// Moves smaller than this are rounding, not change.
    public static let tolerance = 1e-9

    /// The earlier analysis (or the one as it is, for what-if).
    public let before: Analysis
    /// The later analysis.
    public let after: Analysis
    /// Regions.
    public var blankSpots = Changes<Int>()
    /// Organizations.
    public var organizations = Changes<Int>()
    /// Orphan findings, as `after`'s (added) and `before`'s (removed) rows report them.
    public var orphans = Changes<Orphan>()
    /// (association, category).
    public var keyPersonGaps = Changes<Item>()
    /// Organizations.
    public var weakAttachments = Changes<Int>()
    /// Organizations in an island.
    public var islands = Changes<Int>()
    /// (organization, sector name).
    public var sectors = Changes<Item>()
    /// Persons.
    public var persons = Changes<Int>()
    /// In the order of `after.targets`, then targets of `before` only.
    public var targets: [TargetChange] = []
    /// Sorted by organization id.
    public var moves: [Move] = []

    /// Whether nothing changed.
    public var isEmpty: Bool {
        blankSpots.isEmpty && organizations.isEmpty && orphans.isEmpty && keyPersonGaps.isEmpty && weakAttachments.isEmpty
            && islands.isEmpty && sectors.isEmpty && persons.isEmpty && targets.isEmpty && moves.isEmpty
    }

    /// Compares `before` with `after` by stable keys (see the type's documentation).
    public init(from before: Analysis, to after: Analysis) {
        self.before = before
        self.after = after
        let maps = _DiffMaps(before, after)
        blankSpots = Self.blankSpotChanges(maps)
        organizations = Self.organizationChanges(maps)
        let b = before.dataset, a = after.dataset
        weakAttachments = maps.compare(before.linkage.weakAttachments, after.linkage.weakAttachments,
                                       back: maps.orgBack, forward: maps.orgForward, exists: maps.stillActive)
        islands = maps.compare(b.organizations.ids.sortedByUTF8(before.linkage.islands.joined()),
                               a.organizations.ids.sortedByUTF8(after.linkage.islands.joined()),
                               back: maps.orgBack, forward: maps.orgForward, exists: maps.stillActive)
        persons = maps.compare(Self.holdingPosts(before), Self.holdingPosts(after),
                               back: maps.personBack, forward: maps.personForward, exists: { _ in true })
        orphans = Self.orphanChanges(maps)
        keyPersonGaps = Self.keyPersonGapChanges(maps)
        (sectors, moves) = Self.sectorsAndMoves(maps)
        targets = Self.targetChanges(before, after)
    }

    /// Blank spots opened, and closed in regions `after` still counts.
    private static func blankSpotChanges(_ maps: _DiffMaps) -> Changes<Int> {
        let forward = maps.regionForward, counted = maps.after.coverage.countedRegions
        return maps.compare(maps.before.coverage.blankSpots.map(\.region), maps.after.coverage.blankSpots.map(\.region),
                            back: maps.regionBack, forward: forward, exists: { forward[$0] >= 0 && counted[Int(forward[$0])] })
    }

    /// Organizations active in `after` only (founded), and in `before` only (dissolved), by id.
    private static func organizationChanges(_ maps: _DiffMaps) -> Changes<Int> {
        let b = maps.before.dataset.organizations, a = maps.after.dataset.organizations
        var c = Changes<Int>()
        c.added = a.ids.sortedByUTF8((0..<a.count).filter { maps.after.activity.organizations[$0] && !maps.wasActive($0) })
        c.removed = b.ids.sortedByUTF8((0..<b.count).filter { maps.before.activity.organizations[$0] && !maps.stillActive($0) })
        return c
    }

    /// Persons with an active position, by id.
    private static func holdingPosts(_ x: Analysis) -> [Int] {
        let d = x.dataset
        return d.persons.ids.sortedByUTF8((0..<d.persons.count).filter { p in
            d.positionsByPerson[p].contains { x.activity.positions[Int($0)] }
        })
    }

    /// Orphan findings by (kind, id, reason).
    private static func orphanChanges(_ maps: _DiffMaps) -> Changes<Orphan> {
        let before = maps.before, after = maps.after, b = before.dataset, a = after.dataset
        func orphanKey(_ x: Analysis, _ o: Orphan) -> String { "\(o.kind.rawValue)\u{0}\(x.id(of: o))\u{0}\(o.reason.rawValue)" }
        let orphanKeysBefore = Set(before.orphans.map { orphanKey(before, $0) })
        let orphanKeysAfter = Set(after.orphans.map { orphanKey(after, $0) })
        var c = Changes<Orphan>()
        c.added = after.orphans.filter { !orphanKeysBefore.contains(orphanKey(after, $0)) }
        c.removed = before.orphans.filter { o in
            let subjectExists: Bool = switch o.kind {
            case .organization: maps.stillActive(o.row)
            case .person: a.persons.ids.index(of: b.persons.ids[o.row]) != nil
            case .position: o.row < a.positions.count
            case .link: o.row < a.links.count
            }
            return subjectExists && !orphanKeysAfter.contains(orphanKey(before, o))
        }
        return c
    }

    /// Key-person gaps by (organization id, category).
    private static func keyPersonGapChanges(_ maps: _DiffMaps) -> Changes<Item> {
        let before = maps.before, after = maps.after
        func gapKey(_ x: Analysis, _ organization: Int, _ category: String) -> String {
            "\(x.dataset.organizations.ids[organization])\u{0}\(category)"
        }
        func gapKeys(_ x: Analysis) -> Set<String> {
            Set(x.gaps.keyPersons.flatMap { g in g.missing.map { gapKey(x, g.organization, $0) } })
        }
        let gapsBefore = gapKeys(before), gapsAfter = gapKeys(after)
        var c = Changes<Item>()
        for g in after.gaps.keyPersons {
            for m in g.missing where !gapsBefore.contains(gapKey(after, g.organization, m)) {
                c.added.append(Item(organization: g.organization, name: m))
            }
        }
        for g in before.gaps.keyPersons where maps.stillActive(g.organization) {
            for m in g.missing where !gapsAfter.contains(gapKey(before, g.organization, m)) {
                c.removed.append(Item(organization: g.organization, name: m))
            }
        }
        return c
    }

    /// Sectors gained and lost, and strength or vertical moved, of organizations active on
    /// both sides (both linkage lists are by id).
    private static func sectorsAndMoves(_ maps: _DiffMaps) -> (Changes<Item>, [Move]) {
        let before = maps.before, after = maps.after, b = before.dataset, a = after.dataset
        var sectors = Changes<Item>()
        var moves: [Move] = []
        var afterEntry = [Int32](repeating: -1, count: a.organizations.count)
        for (i, o) in after.linkage.organizations.enumerated() { afterEntry[o.organization] = Int32(i) }
        for x in before.linkage.organizations {
            let mapped = maps.orgForward[x.organization]
            guard mapped >= 0, afterEntry[Int(mapped)] >= 0 else { continue }
            let y = after.linkage.organizations[Int(afterEntry[Int(mapped)])]
            let sectorsBefore = x.sectors.map { b.sectorNames[$0.sector] }, sectorsAfter = y.sectors.map { a.sectorNames[$0.sector] }
            for s in sectorsBefore where !sectorsAfter.contains(s) { sectors.removed.append(Item(organization: x.organization, name: s)) }
            for s in sectorsAfter where !sectorsBefore.contains(s) { sectors.added.append(Item(organization: y.organization, name: s)) }
            let verticalMoved: Bool = switch (x.vertical, y.vertical) {
            case (nil, nil): false
            case let (v?, w?): abs(v - w) > Self.tolerance
            default: true
            }
            if abs(x.strength - y.strength) > Self.tolerance || verticalMoved {
                moves.append(Move(before: x.organization, after: y.organization, strengthBefore: x.strength,
                                  strengthAfter: y.strength, verticalBefore: x.vertical, verticalAfter: y.vertical))
            }
        }
        return (sectors, moves)
    }

    /// Targets whose status differs, by (name, unit id): in the order of `after.targets`, then
    /// those of `before` only.
    private static func targetChanges(_ before: Analysis, _ after: Analysis) -> [TargetChange] {
        func targetKey(_ x: Analysis, _ t: TargetResult) -> String {
            "\(x.dataset.rules.targets[t.target].name)\u{0}\(x.dataset.regions.ids[t.unit])"
        }
        var beforeTarget: [String: Int] = [:]
        for (i, t) in before.targets.enumerated() { beforeTarget[targetKey(before, t)] = i }
        var targets: [TargetChange] = []
        var matched = Set<Int>()
        for (i, t) in after.targets.enumerated() {
            let j = beforeTarget[targetKey(after, t)]
            if let j { matched.insert(j) }
            if j.map({ before.targets[$0].status }) != t.status { targets.append(TargetChange(before: j, after: i)) }
        }
        for j in before.targets.indices where !matched.contains(j) { targets.append(TargetChange(before: j, after: nil)) }
        return targets
    }
}

/// The two sides of a diff and the maps between their rows by id.
struct _DiffMaps {
    let before: Analysis
    let after: Analysis
    /// For each row of `before` its row in `after`, or -1 (and `Back` the reverse).
    let regionForward: [Int32], regionBack: [Int32]
    let orgForward: [Int32], orgBack: [Int32]
    let personForward: [Int32], personBack: [Int32]

    init(_ before: Analysis, _ after: Analysis) {
        self.before = before
        self.after = after
        let b = before.dataset, a = after.dataset
        regionForward = _rowMap(b.regions.ids, a.regions.ids)
        regionBack = _rowMap(a.regions.ids, b.regions.ids)
        orgForward = _rowMap(b.organizations.ids, a.organizations.ids)
        orgBack = _rowMap(a.organizations.ids, b.organizations.ids)
        personForward = _rowMap(b.persons.ids, a.persons.ids)
        personBack = _rowMap(a.persons.ids, b.persons.ids)
    }

    /// Whether organization `o` of `before` is active in `after`.
    func stillActive(_ o: Int) -> Bool { orgForward[o] >= 0 && after.activity.organizations[Int(orgForward[o])] }
    /// Whether organization `o` of `after` was active in `before`.
    func wasActive(_ o: Int) -> Bool { orgBack[o] >= 0 && before.activity.organizations[Int(orgBack[o])] }

    /// A row-keyed family compared through the id maps `back` (after → before) and `forward`
    /// (before → after): rows of `afterRows` whose row in `before` is not in `beforeRows`, and
    /// rows of `beforeRows` whose subject `exists` in `after` and is not in `afterRows`.
    func compare(_ beforeRows: [Int], _ afterRows: [Int], back: [Int32], forward: [Int32],
                 exists: (Int) -> Bool) -> AnalysisDiff.Changes<Int> {
        var inBefore = [Bool](repeating: false, count: forward.count)
        for r in beforeRows { inBefore[r] = true }
        var inAfter = [Bool](repeating: false, count: back.count)
        for r in afterRows { inAfter[r] = true }
        var c = AnalysisDiff.Changes<Int>()
        c.added = afterRows.filter { back[$0] < 0 || !inBefore[Int(back[$0])] }
        c.removed = beforeRows.filter { exists($0) && (forward[$0] < 0 || !inAfter[Int(forward[$0])]) }
        return c
    }
}

/// For each string of `from`, its index in `to`, or -1.
///
/// - Complexity: O(from.count) hash lookups.
func _rowMap(_ from: InternedStrings, _ to: InternedStrings) -> [Int32] {
    (0..<from.count).map { i in to.index(of: from[i]).map(Int32.init) ?? -1 }
}
