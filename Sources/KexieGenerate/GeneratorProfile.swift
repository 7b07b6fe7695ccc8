import KexieModel

/// Presets for the size and density of a generated network. The administrative frame decides
/// how many regions there are; the profile decides how much sits on top of them.
public enum GeneratorProfile: String, CaseIterable, Sendable {
    /// Few institutions and links: quick tests and small demos.
    case small
    /// A dense city network: many enterprises, parks and universities per district.
    case city
    /// A whole country: moderate density so that ~665,000 regions give ~290,000 organizations.
    case national

    /// Mean number of enterprises (with or without an association) per district.
    var enterprisesPerDistrict: Double {
        switch self { case .small: 1.0; case .city: 4.0; case .national: 0.7 }
    }
    /// Chance that a district hosts a park.
    var parkChance: Double {
        switch self { case .small: 0.15; case .city: 0.35; case .national: 0.12 }
    }
    /// Chance that an urban district (kind `district`) hosts a university.
    var universityChance: Double {
        switch self { case .small: 0.3; case .city: 0.6; case .national: 0.3 }
    }
    /// Chance that a village (kind `village`/`community`) has a popularization organization.
    var popularizationChance: Double {
        switch self { case .small: 0.03; case .city: 0.05; case .national: 0.012 }
    }
    /// Chance that a street association pairs with a town association.
    var pairingChance: Double {
        switch self { case .small: 0.3; case .city: 0.5; case .national: 0.25 }
    }
}

/// Everything that shapes a generated network. Every field has a default; the presets of
/// `profile` fill the densities that have no option of their own.
public struct GeneratorOptions: Sendable, Equatable {
    public var seed: UInt64
    public var profile: GeneratorProfile
    /// Share of districts, townships and villages (of the counted kinds) with an association.
    public var districtCoverage: Double
    public var townshipCoverage: Double
    public var villageCoverage: Double
    /// Share of regions of the kinds left out of coverage (`township_like`, `community_like`,
    /// `village_like`) that still get an association.
    public var excludedKindCoverage: Double
    /// Positions per organization, drawn uniformly from this range.
    public var positionsPerOrganization: ClosedRange<Int>
    /// Share of organizations with a deliberate structural defect (missing, unknown or dissolved
    /// parent, parent loop, misplaced attachment), and of positions and links that dangle.
    public var anomalyShare: Double
    /// Share of persons (beyond those holding posts) that hold no post at all.
    public var unaffiliatedShare: Double
    /// Chance that a post goes to a person who already holds one nearby.
    public var multiPostShare: Double
    /// Chance that one key person of a township association also sits on the district committee.
    public var townshipOnDistrictCommitteeShare: Double
    /// Chance that each required key-person category is filled in an association.
    public var keyPersonFill: Double
    /// Share of positions that ended before `asOf`, and that end within 90 days after it.
    public var endedShare: Double
    public var endingSoonShare: Double
    /// Share of links with an explicit weight.
    public var weightedLinkShare: Double
    /// The analysis date written to dataset.yaml; every organization is founded before it. At
    /// most `latestAsOf`.
    public var asOf: Day
    /// How many days after `asOf` a generated term may end (`endingSoonShare`).
    public static let daysAfterAsOf = 90
    /// The latest `asOf`: every generated date must be at most `Day.latest`.
    public static let latestAsOf = Day.latest.adding(days: -daysAfterAsOf)
    public var firstFoundingYear: Int
    public var lastFoundingYear: Int
    /// `name` and `description` in dataset.yaml.
    public var name: String
    public var description: String

    public init(
        seed: UInt64 = 2018,
        profile: GeneratorProfile = .small,
        districtCoverage: Double = 0.97,
        townshipCoverage: Double = 0.85,
        villageCoverage: Double = 0.35,
        excludedKindCoverage: Double = 0.1,
        positionsPerOrganization: ClosedRange<Int> = 5...10,
        anomalyShare: Double = 0.005,
        unaffiliatedShare: Double = 0.005,
        multiPostShare: Double = 0.1,
        townshipOnDistrictCommitteeShare: Double = 0.3,
        keyPersonFill: Double = 0.85,
        endedShare: Double = 0.06,
        endingSoonShare: Double = 0.04,
        weightedLinkShare: Double = 0.05,
        asOf: Day = Day(year: 2024, month: 12, day: 31)!,
        firstFoundingYear: Int = 1958,
        lastFoundingYear: Int = 2023,
        name: String? = nil,
        description: String? = nil
    ) {
        self.seed = seed
        self.profile = profile
        self.districtCoverage = districtCoverage
        self.townshipCoverage = townshipCoverage
        self.villageCoverage = villageCoverage
        self.excludedKindCoverage = excludedKindCoverage
        self.positionsPerOrganization = positionsPerOrganization
        self.anomalyShare = anomalyShare
        self.unaffiliatedShare = unaffiliatedShare
        self.multiPostShare = multiPostShare
        self.townshipOnDistrictCommitteeShare = townshipOnDistrictCommitteeShare
        self.keyPersonFill = keyPersonFill
        self.endedShare = endedShare
        self.endingSoonShare = endingSoonShare
        self.weightedLinkShare = weightedLinkShare
        self.asOf = asOf
        self.firstFoundingYear = firstFoundingYear
        self.lastFoundingYear = lastFoundingYear
        self.name = name ?? "synthetic-\(profile.rawValue)"
        self.description = description ?? "Synthetic network of science and technology associations (科协) generated by kexie (profile \(profile.rawValue), seed \(seed)). Every organization, person, institution and date is fictional."
    }
}
