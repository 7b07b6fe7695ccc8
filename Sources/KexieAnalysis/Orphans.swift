import KexieModel

/// Orphaned and dangling parts of the network (analyses contract, section 2).
///
/// Each active organization that is not a root (an active `association` whose region is a top
/// unit of the frame) gets at most one of these reasons, the first that applies:
/// 1. `cycle` — it lies on a loop of parent links (loops are found among all organizations,
///    active or not; a parent that is the organization itself is a loop);
/// 2. `no_parent` — its parent is empty;
/// 3. `unknown_parent` — its parent id is not an organization;
/// 4. `inactive_parent` — its parent is not active;
/// 5. `under_orphan` — walking up its (known, active) parents reaches an organization with
///    reason 1–4; `via` is the first such organization met. Reaching a root ends the walk.
///
/// Reported independently of those:
/// - `unknown_region` — an active organization whose region is not in the frame (an empty
///   region counts: it is not in the frame either);
/// - `misplaced` — an active organization whose parent is known and active, both regions are
///   known, and its region is not in the subtree of its parent's region;
/// - `empty` — an active organization with no active position;
/// - `unaffiliated` — a person with no active position;
/// - `dangling_position` / `dangling_link` — a position or link row naming an unknown (or no)
///   person or organization; its id is the 1-based data row number;
/// - `unknown_institution` — an active organization whose institution id (when given) is not
///   in institutions.csv.
public struct Orphan: Sendable, Equatable {
    /// What an orphan finding is about; the raw value is its JSON `kind`.
    public enum Kind: String, Sendable, CaseIterable {
        /// An organization, a person, a position row or a link row.
        case organization, person, position, link
    }
    /// Why it is reported (see the type's documentation); the raw value is its JSON `reason`.
    public enum Reason: String, Sendable, CaseIterable {
        /// Reasons 1–4 of an organization's attachment.
        case cycle, noParent = "no_parent", unknownParent = "unknown_parent", inactiveParent = "inactive_parent"
        /// Reason 5, and the reasons reported independently.
        case underOrphan = "under_orphan", unknownRegion = "unknown_region", misplaced, empty, unaffiliated
        /// A position or link row naming an unknown (or no) person or organization.
        case danglingPosition = "dangling_position", danglingLink = "dangling_link"
        /// An institution id that is not in `institutions.csv`.
        case unknownInstitution = "unknown_institution"
    }

    /// What the finding is about.
    public var kind: Kind
    /// Row index in the kind's table (organizations, persons, positions or links).
    public var row: Int
    /// Why it is reported.
    public var reason: Reason
    /// For `under_orphan`: the organization (row) with a reason 1–4 that the walk met first.
    public var via: Int?

    /// Every orphan finding, sorted by (kind, reason, id) in byte order of the strings
    /// (position and link ids are row numbers written in decimal, so row 10 sorts before row 2).
    ///
    /// - Complexity: O(organizations + persons + positions + links), plus sorting the findings.
    public static func find(_ d: Dataset, tree: RegionTree, activity: Activity) -> [Orphan] {
        let isRoot = roots(d, activity: activity)
        let direct = directReasons(d, activity: activity, isRoot: isRoot)
        let via = underOrphanVia(d, activity: activity, isRoot: isRoot, direct: direct)
        var found = organizationFindings(d, tree: tree, activity: activity, isRoot: isRoot, direct: direct, via: via)
        found += emptyAndDanglingFindings(d, activity: activity)
        return found.sorted { a, b in
            if a.kind != b.kind { return a.kind.rawValue < b.kind.rawValue }
            if a.reason != b.reason { return a.reason.rawValue < b.reason.rawValue }
            switch a.kind {
            case .organization: return d.organizations.ids.utf8Less(a.row, b.row)
            case .person: return d.persons.ids.utf8Less(a.row, b.row)
            case .position, .link: return String(a.row + 1) < String(b.row + 1)  // ASCII digits: byte order
            }
        }
    }

    /// Per organization: an active association whose region is a top unit of the frame.
    private static func roots(_ d: Dataset, activity: Activity) -> [Bool] {
        let orgs = d.organizations
        var isRoot = [Bool](repeating: false, count: orgs.count)
        for o in 0..<orgs.count where activity.organizations[o] && orgs.types[o] == .association {
            if let r = orgs.regions.target(o), d.regions.parent(r) == nil { isRoot[o] = true }
        }
        return isRoot
    }

    /// Per organization, active or not: it lies on a loop of parent links.
    private static func onCycle(_ orgs: OrganizationTable) -> [Bool] {
        // Each organization has at most one parent, so walk each chain once, colouring nodes;
        // a chain that runs into its own path has found a loop.
        let n = orgs.count
        var onCycle = [Bool](repeating: false, count: n)
        var state = [UInt8](repeating: 0, count: n)  // 0 new, 1 on the current walk, 2 done
        var path: [Int] = []
        for start in 0..<n where state[start] == 0 {
            var v: Int? = start
            path.removeAll(keepingCapacity: true)
            while let u = v, state[u] == 0 {
                state[u] = 1
                path.append(u)
                v = orgs.parents.target(u)
            }
            // The walk stopped at a node already seen: on this walk it closes a loop.
            if let u = v, state[u] == 1, let at = path.lastIndex(of: u) {
                for w in path[at...] { onCycle[w] = true }
            }
            for u in path { state[u] = 2 }
        }
        return onCycle
    }

    /// Per organization: its reason 1–4 (`cycle`, `no_parent`, `unknown_parent`,
    /// `inactive_parent`), if any, for the active organizations that are not roots.
    private static func directReasons(_ d: Dataset, activity: Activity, isRoot: [Bool]) -> [Reason?] {
        let orgs = d.organizations
        let onCycle = onCycle(orgs)
        var direct = [Reason?](repeating: nil, count: orgs.count)
        for o in 0..<orgs.count where activity.organizations[o] && !isRoot[o] {
            if onCycle[o] { direct[o] = .cycle; continue }
            switch orgs.parents[o] {
            case .absent: direct[o] = .noParent
            case .unknown: direct[o] = .unknownParent
            case .resolved(let p): if !activity.organizations[p] { direct[o] = .inactiveParent }
            }
        }
        return direct
    }

    /// Per organization: the first organization with a reason 1–4 met walking up its parents
    /// (`under_orphan`'s `via`), -1 when the walk reaches a root or the organization is not
    /// walked (inactive, a root, or with a reason of its own), memoized along each walk.
    private static func underOrphanVia(_ d: Dataset, activity: Activity, isRoot: [Bool], direct: [Reason?]) -> [Int32] {
        let orgs = d.organizations
        var via = [Int32](repeating: -2, count: orgs.count)  // -2 not yet known, -1 fine, else the via row
        var path: [Int] = []
        for o in 0..<orgs.count where activity.organizations[o] && !isRoot[o] && direct[o] == nil && via[o] == -2 {
            path.removeAll(keepingCapacity: true)
            var v = o
            var result: Int32 = -1
            while true {
                if isRoot[v] { result = -1; break }
                if direct[v] != nil { result = Int32(v); break }
                if via[v] != -2 { result = via[v]; break }
                path.append(v)
                // v has a known, active parent distinct from itself (else it has a direct reason).
                guard let parent = orgs.parents.target(v) else { break }
                v = parent
            }
            for u in path { via[u] = result }
        }
        return via
    }

    /// The findings about an organization's place: reasons 1–5, `unknown_region`, `misplaced`.
    private static func organizationFindings(_ d: Dataset, tree: RegionTree, activity: Activity, isRoot: [Bool],
                                             direct: [Reason?], via: [Int32]) -> [Orphan] {
        let orgs = d.organizations
        var found: [Orphan] = []
        for o in 0..<orgs.count where activity.organizations[o] {
            if let reason = direct[o] {
                found.append(Orphan(kind: .organization, row: o, reason: reason, via: nil))
            } else if !isRoot[o], via[o] >= 0 {
                found.append(Orphan(kind: .organization, row: o, reason: .underOrphan, via: Int(via[o])))
            }
            guard let region = orgs.regions.target(o) else {
                found.append(Orphan(kind: .organization, row: o, reason: .unknownRegion, via: nil))
                continue
            }
            if let p = orgs.parents.target(o), activity.organizations[p], let pr = orgs.regions.target(p),
               !tree.contains(pr, region) {
                found.append(Orphan(kind: .organization, row: o, reason: .misplaced, via: nil))
            }
        }
        return found
    }

    /// `empty` and `unknown_institution` organizations, `unaffiliated` persons, and dangling
    /// positions and links.
    private static func emptyAndDanglingFindings(_ d: Dataset, activity: Activity) -> [Orphan] {
        let orgs = d.organizations
        var found: [Orphan] = []
        for o in 0..<orgs.count where activity.organizations[o] {
            if !d.positionsByOrganization[o].contains(where: { activity.positions[Int($0)] }) {
                found.append(Orphan(kind: .organization, row: o, reason: .empty, via: nil))
            }
            if case .unknown = orgs.institutions[o] {
                found.append(Orphan(kind: .organization, row: o, reason: .unknownInstitution, via: nil))
            }
        }
        for p in 0..<d.persons.count where !d.positionsByPerson[p].contains(where: { activity.positions[Int($0)] }) {
            found.append(Orphan(kind: .person, row: p, reason: .unaffiliated, via: nil))
        }
        let positions = d.positions
        for i in 0..<positions.count where positions.persons.target(i) == nil || positions.organizations.target(i) == nil {
            found.append(Orphan(kind: .position, row: i, reason: .danglingPosition, via: nil))
        }
        let links = d.links
        for i in 0..<links.count where links.from.target(i) == nil || links.to.target(i) == nil {
            found.append(Orphan(kind: .link, row: i, reason: .danglingLink, via: nil))
        }
        return found
    }
}
