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
        let b = before.dataset, a = after.dataset
        let regionForward = _rowMap(b.regions.ids, a.regions.ids)
        let orgForward = _rowMap(b.organizations.ids, a.organizations.ids)
        let orgBack = _rowMap(a.organizations.ids, b.organizations.ids)
        let personBack = _rowMap(a.persons.ids, b.persons.ids)
        let activeBefore = before.activity.organizations, activeAfter = after.activity.organizations
        func stillActive(_ o: Int) -> Bool { orgForward[o] >= 0 && activeAfter[Int(orgForward[o])] }
        func wasActive(_ o: Int) -> Bool { orgBack[o] >= 0 && activeBefore[Int(orgBack[o])] }

        // Row-keyed families: a flag per row of each side, then compare through the id maps.
        func compare(_ beforeRows: [Int], _ afterRows: [Int], beforeCount: Int, afterCount: Int,
                     back: [Int32], forward: [Int32], exists: (Int) -> Bool) -> Changes<Int> {
            var inBefore = [Bool](repeating: false, count: beforeCount)
            for r in beforeRows { inBefore[r] = true }
            var inAfter = [Bool](repeating: false, count: afterCount)
            for r in afterRows { inAfter[r] = true }
            var c = Changes<Int>()
            c.added = afterRows.filter { back[$0] < 0 || !inBefore[Int(back[$0])] }
            c.removed = beforeRows.filter { exists($0) && (forward[$0] < 0 || !inAfter[Int(forward[$0])]) }
            return c
        }

        let regionBack = _rowMap(a.regions.ids, b.regions.ids)
        blankSpots = compare(before.coverage.blankSpots.map(\.region), after.coverage.blankSpots.map(\.region),
                             beforeCount: b.regions.count, afterCount: a.regions.count, back: regionBack, forward: regionForward,
                             exists: { regionForward[$0] >= 0 && after.coverage.countedRegions[Int(regionForward[$0])] })

        organizations.added = a.organizations.ids.sortedByUTF8((0..<a.organizations.count).filter { activeAfter[$0] && !wasActive($0) })
        organizations.removed = b.organizations.ids.sortedByUTF8((0..<b.organizations.count).filter { activeBefore[$0] && !stillActive($0) })

        weakAttachments = compare(before.linkage.weakAttachments, after.linkage.weakAttachments,
                                  beforeCount: b.organizations.count, afterCount: a.organizations.count,
                                  back: orgBack, forward: orgForward, exists: stillActive)
        islands = compare(b.organizations.ids.sortedByUTF8(before.linkage.islands.joined()),
                          a.organizations.ids.sortedByUTF8(after.linkage.islands.joined()),
                          beforeCount: b.organizations.count, afterCount: a.organizations.count,
                          back: orgBack, forward: orgForward, exists: stillActive)

        // Persons with an active position on each side.
        func holdingPosts(_ x: Analysis) -> [Int] {
            let d = x.dataset
            return d.persons.ids.sortedByUTF8((0..<d.persons.count).filter { p in
                d.positionsByPerson[p].contains { x.activity.positions[Int($0)] }
            })
        }
        persons = compare(holdingPosts(before), holdingPosts(after), beforeCount: b.persons.count, afterCount: a.persons.count,
                          back: personBack, forward: _rowMap(b.persons.ids, a.persons.ids), exists: { _ in true })

        // Orphans by (kind, id, reason).
        func orphanKey(_ x: Analysis, _ o: Orphan) -> String { "\(o.kind.rawValue)\u{0}\(x.id(of: o))\u{0}\(o.reason.rawValue)" }
        let orphanKeysBefore = Set(before.orphans.map { orphanKey(before, $0) })
        let orphanKeysAfter = Set(after.orphans.map { orphanKey(after, $0) })
        orphans.added = after.orphans.filter { !orphanKeysBefore.contains(orphanKey(after, $0)) }
        orphans.removed = before.orphans.filter { o in
            let subjectExists: Bool = switch o.kind {
            case .organization: stillActive(o.row)
            case .person: a.persons.ids.index(of: b.persons.ids[o.row]) != nil
            case .position: o.row < a.positions.count
            case .link: o.row < a.links.count
            }
            return subjectExists && !orphanKeysAfter.contains(orphanKey(before, o))
        }

        // Key-person gaps by (organization id, category).
        func gapKeys(_ x: Analysis) -> Set<String> {
            Set(x.gaps.keyPersons.flatMap { g in g.missing.map { "\(x.dataset.organizations.ids[g.organization])\u{0}\($0)" } })
        }
        let gapsBefore = gapKeys(before), gapsAfter = gapKeys(after)
        for g in after.gaps.keyPersons {
            for m in g.missing where !gapsBefore.contains("\(a.organizations.ids[g.organization])\u{0}\(m)") {
                keyPersonGaps.added.append(Item(organization: g.organization, name: m))
            }
        }
        for g in before.gaps.keyPersons where stillActive(g.organization) {
            for m in g.missing where !gapsAfter.contains("\(b.organizations.ids[g.organization])\u{0}\(m)") {
                keyPersonGaps.removed.append(Item(organization: g.organization, name: m))
            }
        }

        // Sectors and strength of organizations active on both sides (both lists are by id).
        var afterEntry = [Int32](repeating: -1, count: a.organizations.count)
        for (i, o) in after.linkage.organizations.enumerated() { afterEntry[o.organization] = Int32(i) }
        for x in before.linkage.organizations {
            let mapped = orgForward[x.organization]
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

        // Targets by (name, unit id).
        func targetKey(_ x: Analysis, _ t: TargetResult) -> String {
            "\(x.dataset.rules.targets[t.target].name)\u{0}\(x.dataset.regions.ids[t.unit])"
        }
        var beforeTarget: [String: Int] = [:]
        for (i, t) in before.targets.enumerated() { beforeTarget[targetKey(before, t)] = i }
        var matched = Set<Int>()
        for (i, t) in after.targets.enumerated() {
            let j = beforeTarget[targetKey(after, t)]
            if let j { matched.insert(j) }
            if j.map({ before.targets[$0].status }) != t.status { targets.append(TargetChange(before: j, after: i)) }
        }
        for j in before.targets.indices where !matched.contains(j) { targets.append(TargetChange(before: j, after: nil)) }
    }
}

/// For each string of `from`, its index in `to`, or -1.
///
/// - Complexity: O(from.count) hash lookups.
func _rowMap(_ from: InternedStrings, _ to: InternedStrings) -> [Int32] {
    (0..<from.count).map { i in to.index(of: from[i]).map(Int32.init) ?? -1 }
}
