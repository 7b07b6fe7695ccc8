import KexieModel

/// Gaps in who and what a covered network should have (analyses contract, section 1):
///
/// - **Key-person gaps.** For every active `association` o whose region's level has a
///   `key_persons` rule (a `level/kind` key first, else `level`): required = the rule's
///   categories; present = the categories of persons holding an active position in o with a role
///   in `counting_roles[level]`; missing = required − present, in the rule's order. Reported
///   when not empty. An association whose region is unknown has no level and no rule.
/// - **Rural technical associations.** When `township` is a coverage level, every township
///   region whose kind is in `rural_tech.required_kinds` (and not excluded from coverage) needs
///   an active `rural_tech_association` whose region is in its subtree, whether or not the
///   township itself is covered.
/// - **Societies.** For each district region: `societies.district` − the disciplines of active
///   `society` organizations whose region is that district. Reported when not empty.
/// - **Institutions.** Every institution whose kind is in `institutions` needs an active
///   organization of the mapped type with `institution` equal to its id.
public struct Gaps: Sendable, Equatable {
    /// An active association that lacks key persons of some required categories.
    public struct KeyPersonGap: Sendable, Equatable {
        /// The association's row.
        public var organization: Int
        /// Missing categories, in the order of the rule.
        public var missing: [String]
    }
    /// A district without active societies of some required disciplines.
    public struct SocietyGap: Sendable, Equatable {
        /// The district's region row.
        public var district: Int
        /// Missing disciplines, in the order of `societies.district`.
        public var missing: [String]
    }
    /// An institution without the organization its kind calls for.
    public struct InstitutionGap: Sendable, Equatable {
        /// The institution's row.
        public var institution: Int
        /// The type of organization it should have (from the rules' `institutions` map).
        public var expected: OrganizationType
    }

    /// Sorted by organization id.
    public var keyPersons: [KeyPersonGap]
    /// Township regions, sorted by id.
    public var ruralTech: [Int]
    /// Sorted by district id.
    public var societies: [SocietyGap]
    /// Sorted by institution id.
    public var institutions: [InstitutionGap]

    /// Every gap of `dataset` given what is active.
    ///
    /// - Complexity: O(regions + organizations + positions), plus sorting the findings.
    public init(_ dataset: Dataset, activity: Activity) {
        keyPersons = Self.keyPersonGaps(dataset, activity: activity)
        ruralTech = Self.ruralTechGaps(dataset, activity: activity)
        societies = Self.societyGaps(dataset, activity: activity)
        institutions = Self.institutionGaps(dataset, activity: activity)
    }

    static func keyPersonGaps(_ d: Dataset, activity: Activity) -> [KeyPersonGap] {
        let orgs = d.organizations, regions = d.regions, positions = d.positions
        // The rule of each (level, region kind) pair, decided once: the required categories as
        // indices into the persons' categories (-1 for a category no person has).
        let kindCount = regions.kindNames.count
        var ruleOf: [[Rules.KeyPersonRule?]] = []
        var required: [[[Int32]]] = []
        for level in Level.allCases {
            let rules = (0..<kindCount).map { d.rules.keyPersonRule(level: level, kind: regions.kindNames[$0]) }
            ruleOf.append(rules)
            required.append(rules.map { rule in
                (rule?.categories ?? []).map { Int32(d.persons.categoryNames.index(of: $0) ?? -1) }
            })
        }
        let counting = Level.allCases.map { level in
            Role.allCases.map { d.rules.countingRoles(at: level).contains($0) }
        }
        var gaps: [KeyPersonGap] = []
        var present: [Int32] = []
        for o in 0..<orgs.count where activity.organizations[o] && orgs.types[o] == .association {
            guard let r = orgs.regions.target(o) else { continue }
            let level = Int(regions.levels[r].rawValue), kind = Int(regions.kinds[r])
            guard let rule = ruleOf[level][kind] else { continue }
            present.removeAll(keepingCapacity: true)
            for pos in d.positionsByOrganization[o] where activity.positions[Int(pos)] {
                guard counting[level][Int(positions.roles[Int(pos)].rawValue)],
                      let p = positions.persons.target(Int(pos)) else { continue }
                present.append(d.persons.categories[p])
            }
            let categories = required[level][kind]
            var missing: [String] = []
            for (i, c) in categories.enumerated() where c < 0 || !present.contains(c) {
                missing.append(rule.categories[i])
            }
            if !missing.isEmpty { gaps.append(KeyPersonGap(organization: o, missing: missing)) }
        }
        let rank = orgs.ids.utf8Ranks
        return gaps.sorted { rank[$0.organization] < rank[$1.organization] }
    }

    static func ruralTechGaps(_ d: Dataset, activity: Activity) -> [Int] {
        let regions = d.regions, orgs = d.organizations
        guard d.rules.coverage.levels.contains(.township) else { return [] }
        var served = [Bool](repeating: false, count: regions.count)
        for o in 0..<orgs.count where activity.organizations[o] && orgs.types[o] == .ruralTechAssociation {
            guard let r = orgs.regions.target(o), let t = regions.ancestor(of: r, at: .township) else { continue }
            served[t] = true
        }
        let required = Set(d.rules.ruralTechRequiredKinds)
        let excluded = Set(d.rules.coverage.excludeKinds)
        let gaps = (0..<regions.count).filter { r in
            guard regions.levels[r] == .township, !served[r] else { return false }
            let kind = regions.kind(r)
            return required.contains(kind) && !excluded.contains(kind)
        }
        return regions.ids.sortedByUTF8(gaps)
    }

    static func societyGaps(_ d: Dataset, activity: Activity) -> [SocietyGap] {
        let regions = d.regions, orgs = d.organizations
        var disciplines: [Int: Set<String>] = [:]
        for o in 0..<orgs.count where activity.organizations[o] && orgs.types[o] == .society {
            guard let r = orgs.regions.target(o), regions.levels[r] == .district, let disc = orgs.discipline(o) else { continue }
            disciplines[r, default: []].insert(disc)
        }
        let districts = regions.ids.sortedByUTF8((0..<regions.count).filter { regions.levels[$0] == .district })
        return districts.compactMap { r in
            let have = disciplines[r] ?? []
            let missing = d.rules.societyDisciplines.filter { !have.contains($0) }
            return missing.isEmpty ? nil : SocietyGap(district: r, missing: missing)
        }
    }

    static func institutionGaps(_ d: Dataset, activity: Activity) -> [InstitutionGap] {
        let orgs = d.organizations, inst = d.institutions
        var has = Set<Int64>()  // institution << 8 | type
        for o in 0..<orgs.count where activity.organizations[o] {
            guard let i = orgs.institutions.target(o) else { continue }
            has.insert(Int64(i) << 8 | Int64(orgs.types[o].rawValue))
        }
        var gaps: [InstitutionGap] = []
        for i in 0..<inst.count {
            guard let expected = d.rules.institutionTypes[inst.kinds[i]] else { continue }
            if !has.contains(Int64(i) << 8 | Int64(expected.rawValue)) {
                gaps.append(InstitutionGap(institution: i, expected: expected))
            }
        }
        return gaps.sorted { inst.ids.utf8Less($0.institution, $1.institution) }
    }
}
