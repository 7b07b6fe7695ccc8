/// The analysis rules of a dataset: the built-in defaults of the contract, with the dataset's
/// `rules.yaml` and any `--rules` file merged over them (merging is done by the loader).
public struct Rules: Sendable, Equatable {
    /// Which regions count for coverage and what covers them.
    public struct Coverage: Sendable, Equatable {
        /// The levels whose regions are checked for coverage, in the order given.
        public var levels: [Level]
        /// Organization types that make a region of a level covered.
        public var counts: [Level: [OrganizationType]]
        /// Region kinds left out of coverage.
        public var excludeKinds: [String]

        /// Coverage rules over `levels`.
        public init(levels: [Level], counts: [Level: [OrganizationType]], excludeKinds: [String]) {
            self.levels = levels
            self.counts = counts
            self.excludeKinds = excludeKinds
        }
    }

    /// Required key-person categories for associations at a level (and optionally a region kind).
    public struct KeyPersonRule: Sendable, Equatable {
        /// The level of the associations the rule applies to.
        public var level: Level
        /// The region kind of a `level/kind` key; `nil` for a plain `level` key.
        public var kind: String?
        /// Required categories, in the order given (the order of `missing` in findings).
        public var categories: [String]

        /// A rule requiring `categories` of associations at `level` (and `kind`).
        public init(level: Level, kind: String?, categories: [String]) {
            self.level = level
            self.kind = kind
            self.categories = categories
        }

        /// The key as written in rules files: `level` or `level/kind`.
        public var key: String { kind.map { "\(level.name)/\($0)" } ?? level.name }
    }

    /// Which regions count for coverage and what covers them.
    public var coverage: Coverage
    /// Key-person rules; at most one per (level, kind) pair.
    public var keyPersons: [KeyPersonRule]
    /// Roles that count for key persons (and for overload), per level.
    public var countingRoles: [Level: [Role]]
    /// Category → sector, for persons whose sector cell is empty.
    public var sectors: [String: String]
    /// Weight of each role, indexed by `Role.rawValue`.
    public var roleWeights: [Double]
    /// Default weight of each link kind, indexed by `LinkKind.rawValue`.
    public var linkWeights: [Double]
    /// Township kinds that should each have a rural technical association.
    public var ruralTechRequiredKinds: [String]
    /// Disciplines every district should have a society for.
    public var societyDisciplines: [String]
    /// Institution kind → the organization type it should have.
    public var institutionTypes: [InstitutionKind: OrganizationType]
    /// Length of a seconded vice-chair's term when it has a start and no end.
    public var secondedTermYears: Int
    /// How far ahead `expiring` looks.
    public var expiryWarningDays: Int
    /// Counting-role posts in more active organizations than this make a person overloaded.
    public var overloadThreshold: Int
    /// The plan's targets, in file order.
    public var targets: [Target]

    /// Roles that count at a level the rules do not name.
    public static let committeeRoles: [Role] = [
        .chair, .viceChair, .partTimeViceChair, .secondedViceChair, .standingCommittee, .committee,
    ]

    /// The roles that count at `level` (`nil`: an organization whose region is unknown).
    public func countingRoles(at level: Level?) -> [Role] {
        guard let level, let roles = countingRoles[level] else { return Rules.committeeRoles }
        return roles
    }

    /// The key-person rule for an association in a region of `level` and `kind`:
    /// the `level/kind` rule if there is one, else the `level` rule, else `nil`.
    public func keyPersonRule(level: Level, kind: String) -> KeyPersonRule? {
        keyPersons.first(where: { $0.level == level && $0.kind == kind })
            ?? keyPersons.first(where: { $0.level == level && $0.kind == nil })
    }

    /// The organization types that cover a region of `level`. A coverage level the rules give
    /// no `counts` entry for is covered by an `association` only.
    public func coveringTypes(at level: Level) -> [OrganizationType] {
        coverage.counts[level] ?? [.association]
    }

    /// The weight of `role`.
    @inlinable public func weight(of role: Role) -> Double { roleWeights[Int(role.rawValue)] }
    /// The default weight of a link of `kind`.
    @inlinable public func weight(of kind: LinkKind) -> Double { linkWeights[Int(kind.rawValue)] }

    /// Rules from every part; `Rules.defaults` holds the contract's.
    public init(
        coverage: Coverage, keyPersons: [KeyPersonRule], countingRoles: [Level: [Role]],
        sectors: [String: String], roleWeights: [Double], linkWeights: [Double],
        ruralTechRequiredKinds: [String], societyDisciplines: [String],
        institutionTypes: [InstitutionKind: OrganizationType], secondedTermYears: Int,
        expiryWarningDays: Int, overloadThreshold: Int, targets: [Target]
    ) {
        precondition(roleWeights.count == Role.allCases.count && linkWeights.count == LinkKind.allCases.count)
        self.coverage = coverage
        self.keyPersons = keyPersons
        self.countingRoles = countingRoles
        self.sectors = sectors
        self.roleWeights = roleWeights
        self.linkWeights = linkWeights
        self.ruralTechRequiredKinds = ruralTechRequiredKinds
        self.societyDisciplines = societyDisciplines
        self.institutionTypes = institutionTypes
        self.secondedTermYears = secondedTermYears
        self.expiryWarningDays = expiryWarningDays
        self.overloadThreshold = overloadThreshold
        self.targets = targets
    }
}

/// A target of the plan: at date `due`, every unit at level `per` (or those in `scope`, minus
/// `except`) should have the given share or number of its `level` regions covered.
public struct Target: Sendable, Equatable {
    /// The target's name, as findings report it.
    public var name: String
    /// When it falls due.
    public var due: Day
    /// The level of the units judged (each district, say).
    public var per: Level
    /// The level whose coverage is counted in each unit's subtree.
    public var level: Level
    /// Unit region ids; `nil` means every region at level `per`.
    public var scope: [String]?
    /// Unit region ids left out.
    public var except: [String]
    /// The least share of covered regions, if any.
    public var minRate: Double?
    /// The least number of covered regions, if any.
    public var minCovered: Int?

    /// A target; at least one of `minRate` and `minCovered` should be given.
    public init(name: String, due: Day, per: Level, level: Level, scope: [String]?, except: [String],
                minRate: Double?, minCovered: Int?) {
        self.name = name
        self.due = due
        self.per = per
        self.level = level
        self.scope = scope
        self.except = except
        self.minRate = minRate
        self.minCovered = minCovered
    }
}

extension Rules {
    /// The built-in defaults of the contract (dataset.md, "rules.yaml").
    public static let defaults = Rules(
        coverage: Coverage(
            levels: [.district, .township, .village],
            counts: [.district: [.association], .township: [.association],
                     .village: [.association, .popularizationOrg]],
            excludeKinds: ["township_like", "community_like", "village_like"]
        ),
        keyPersons: [
            KeyPersonRule(level: .district, kind: nil, categories: [
                "hospital_director", "school_principal", "planting_center_director",
                "research_institute_head", "tech_enterprise_head", "high_skill_talent"]),
            KeyPersonRule(level: .township, kind: nil, categories: [
                "health_center_director", "school_principal", "agri_station_head",
                "tech_enterprise_head", "social_service_center_director"]),
            KeyPersonRule(level: .township, kind: "street", categories: [
                "health_center_director", "school_principal", "tech_enterprise_head",
                "social_service_center_director"]),
            KeyPersonRule(level: .village, kind: nil, categories: [
                "clinic_director", "primary_school_principal", "village_official",
                "popularization_leader", "agri_technician"]),
            KeyPersonRule(level: .village, kind: "community", categories: [
                "clinic_director", "primary_school_principal", "village_official",
                "popularization_leader"]),
        ],
        countingRoles: [.district: committeeRoles, .township: committeeRoles, .village: Role.allCases],
        sectors: [
            "hospital_director": "health", "health_center_director": "health",
            "clinic_director": "health", "medical_worker": "health",
            "school_principal": "education", "primary_school_principal": "education", "teacher": "education",
            "planting_center_director": "agriculture", "agri_station_head": "agriculture",
            "agri_technician": "agriculture",
            "research_institute_head": "science", "researcher": "science",
            "popularization_leader": "science", "popularization_volunteer": "science",
            "popularization_informant": "science",
            "tech_enterprise_head": "economy", "high_skill_talent": "economy", "engineer": "economy",
        ],
        // chair, vice_chair, part_time_vice_chair, seconded_vice_chair, standing_committee,
        // committee, staff, representative, member, volunteer
        roleWeights: [1.0, 1.0, 0.8, 0.6, 0.5, 0.4, 0.6, 0.2, 0.1, 0.1],
        // pairs_with, cooperates, group_member, federation_member
        linkWeights: [0.5, 0.3, 0.3, 0.5],
        ruralTechRequiredKinds: ["town", "township"],
        societyDisciplines: ["medicine", "engineering", "agriculture"],
        institutionTypes: [.university: .universityAssociation, .park: .parkAssociation,
                           .enterprise: .enterpriseAssociation],
        secondedTermYears: 2,
        expiryWarningDays: 90,
        overloadThreshold: 3,
        targets: []
    )
}
