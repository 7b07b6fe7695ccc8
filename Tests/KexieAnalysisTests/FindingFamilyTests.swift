import Testing
import KexieAnalysis
import KexieModel
import KexieTestSupport

/// The finding families: one spelling on the command line, one key in documents, one count.
@Suite struct FindingFamilyTests {
    /// The families as the contract lists them, in its order: the trend document's keys and
    /// the `--fail-on` spellings.
    static let jsonKeys = [
        "blank_spots", "frontier_blank_spots", "key_person_gaps", "rural_tech_gaps", "society_gaps", "institution_gaps",
        "missed_targets", "orphans", "weak_attachments", "single_points", "overloaded", "expiring", "islands",
    ]
    static let failOnSpellings = [
        "blank-spots", "frontier-blank-spots", "key-person-gaps", "rural-tech-gaps", "society-gaps", "institution-gaps",
        "missed-targets", "orphans", "weak-attachments", "single-points", "overloaded", "expiring", "islands",
    ]

    @Test func everyFamilyHasAFailOnSpellingAndAJSONKey() {
        #expect(FindingFamily.allCases.map(\.rawValue) == Self.failOnSpellings)
        #expect(FindingFamily.allCases.map(\.jsonKey) == Self.jsonKeys)
        #expect(Set(FindingFamily.allCases.map(\.jsonKey)).count == FindingFamily.allCases.count)
        for spelling in Self.failOnSpellings { #expect(FindingFamily(rawValue: spelling) != nil, "\(spelling)") }
    }

    @Test func everyFamilyIsCountedFromItsFindings() throws {
        let d = try #require(LoadOutcome(Repository.dataset("sample")).dataset)
        let a = Analysis(d, asOf: d.asOf!)
        let expected: [FindingFamily: Int] = [
            .blankSpots: a.coverage.blankSpots.count,
            .frontierBlankSpots: a.coverage.blankSpots.filter(\.frontier).count,
            .keyPersonGaps: a.gaps.keyPersons.count,
            .ruralTechGaps: a.gaps.ruralTech.count,
            .societyGaps: a.gaps.societies.count,
            .institutionGaps: a.gaps.institutions.count,
            .missedTargets: a.targets.filter { $0.status == .missed }.count,
            .orphans: a.orphans.count,
            .weakAttachments: a.linkage.weakAttachments.count,
            .singlePoints: a.linkage.singlePoints.count,
            .overloaded: a.linkage.overloaded.count,
            .expiring: a.linkage.expiring.count,
            .islands: a.linkage.islands.count,
        ]
        #expect(Set(expected.keys) == Set(FindingFamily.allCases))
        let counts = a.findingCounts()
        for family in FindingFamily.allCases {
            #expect(family.count(in: a) == expected[family], "\(family)")
            #expect(counts[family] == expected[family], "\(family)")
            #expect(a.has(family) == (expected[family]! > 0), "\(family)")
        }
        // The sample's hand-checked figures (see AnalysisDocumentTests): 8 key-person gaps, 17 orphans.
        #expect(counts[.keyPersonGaps] == 8)
        #expect(counts[.orphans] == 17)
        #expect(counts[.blankSpots] == 4)
    }

    @Test func countsCompareByFamily() {
        var a = FindingCounts(), b = FindingCounts()
        #expect(a == b)
        #expect(FindingFamily.allCases.allSatisfy { a[$0] == 0 })
        a[.islands] = 2
        #expect(a != b)
        b[.islands] = 2
        #expect(a == b)
    }
}
