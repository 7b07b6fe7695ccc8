import KexieModel

/// A finding family: one kind of problem the analyses report, counted as a number of findings
/// that is 0 when the network is fine in that respect. The thirteen families are blank spots
/// (and, among them, those on the frontier), associations with key-person gaps, towns without
/// a rural technical association, districts missing societies, institutions without their
/// association, target checks missed, orphan findings, weak attachments, single points of
/// failure, overloaded persons, terms ending soon and islands.
///
/// Measures (coverage rates, tie strengths, pairs) are not families: they have no "none".
///
/// The raw value is the family's name on the command line (`--fail-on blank-spots`);
/// `jsonKey` is its name in documents and CSV headers (`blank_spots`). Cases are in the order
/// of the contract, which is the order of every list of families.
public enum FindingFamily: String, Sendable, CaseIterable {
    case blankSpots = "blank-spots"
    case frontierBlankSpots = "frontier-blank-spots"
    case keyPersonGaps = "key-person-gaps"
    case ruralTechGaps = "rural-tech-gaps"
    case societyGaps = "society-gaps"
    case institutionGaps = "institution-gaps"
    case missedTargets = "missed-targets"
    case orphans
    case weakAttachments = "weak-attachments"
    case singlePoints = "single-points"
    case overloaded
    case expiring
    case islands

    /// The family's name in documents: the raw value with `_` for `-` (`frontier_blank_spots`).
    public var jsonKey: String { rawValue.replacing("-", with: "_") }

    /// The number of findings of this family in `a`.
    ///
    /// - Complexity: O(1), except O(blank spots) for frontier blank spots and O(targets) for
    ///   missed targets.
    public func count(in a: Analysis) -> Int {
        switch self {
        case .blankSpots: a.coverage.blankSpots.count
        case .frontierBlankSpots: a.coverage.blankSpots.lazy.filter(\.frontier).count
        case .keyPersonGaps: a.gaps.keyPersons.count
        case .ruralTechGaps: a.gaps.ruralTech.count
        case .societyGaps: a.gaps.societies.count
        case .institutionGaps: a.gaps.institutions.count
        case .missedTargets: a.targets.lazy.filter { $0.status == .missed }.count
        case .orphans: a.orphans.count
        case .weakAttachments: a.linkage.weakAttachments.count
        case .singlePoints: a.linkage.singlePoints.count
        case .overloaded: a.linkage.overloaded.count
        case .expiring: a.linkage.expiring.count
        case .islands: a.linkage.islands.count
        }
    }
}

/// The number of findings of every family.
public struct FindingCounts: Sendable, Equatable {
    private var counts: [FindingFamily: Int] = [:]

    /// No findings of any family.
    public init() {}

    /// The counts of every family in `a`.
    public init(_ a: Analysis) {
        for family in FindingFamily.allCases { counts[family] = family.count(in: a) }
    }

    /// The number of findings of `family`.
    public subscript(family: FindingFamily) -> Int {
        get { counts[family] ?? 0 }
        set { counts[family] = newValue }
    }
}

extension Analysis {
    /// The number of findings of every family.
    public func findingCounts() -> FindingCounts { FindingCounts(self) }

    /// Whether `a` has findings of `family`.
    public func has(_ family: FindingFamily) -> Bool { family.count(in: self) > 0 }
}
