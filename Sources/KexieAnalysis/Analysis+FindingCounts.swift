import KexieModel

extension Analysis {
    /// The finding families counted by `findingCounts()`, named as in the JSON document.
    public static let findingFamilies = [
        "blank_spots", "frontier_blank_spots", "key_person_gaps", "rural_tech_gaps", "society_gaps", "institution_gaps",
        "missed_targets", "orphans", "weak_attachments", "single_points", "overloaded", "expiring", "islands",
    ]

    /// The number of findings of each family of `findingFamilies`: blank spots (and those on the
    /// frontier), associations with key-person gaps, rural-technical, society and institution
    /// gaps, target checks missed, orphan findings, and the linkage findings.
    public func findingCounts() -> [Int] {
        [
            coverage.blankSpots.count, coverage.blankSpots.lazy.filter(\.frontier).count, gaps.keyPersons.count,
            gaps.ruralTech.count, gaps.societies.count, gaps.institutions.count,
            targets.lazy.filter { $0.status == .missed }.count, orphans.count, linkage.weakAttachments.count,
            linkage.singlePoints.count, linkage.overloaded.count, linkage.expiring.count, linkage.islands.count,
        ]
    }
}
