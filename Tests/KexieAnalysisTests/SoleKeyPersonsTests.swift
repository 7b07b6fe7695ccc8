import Testing
import KexieAnalysis
import KexieModel
import KexieTestSupport

/// Persons whose departure alone opens key-person gaps or loses sectors (SoleKeyPersons.swift),
/// worked by hand on `DatasetBuilder.smallFrame()` with associations in D1 (district rule), T1
/// (street rule: health_center_director, school_principal, tech_enterprise_head,
/// social_service_center_director) and T2 (town rule: the same and agri_station_head), and a
/// society in D1 (no rule).
@Suite struct SoleKeyPersonsTests {
    private static func network() -> DatasetBuilder {
        var b = DatasetBuilder.smallFrame()
        b.organization("A1", .association, region: "D1")
        b.organization("AT1", .association, region: "T1", parent: "A1")
        b.organization("AT2", .association, region: "T2", parent: "A1")
        b.organization("S1", .society, region: "D1", parent: "A1")
        b.person("P1", "health_center_director")  // health
        b.person("P2", "health_center_director")  // health
        b.person("P3", "school_principal")        // education
        b.person("P4", "tech_enterprise_head")    // economy
        b.person("P5", "hospital_director")       // health
        b.person("P6", "researcher")              // science
        b.person("P7", "school_principal")        // education
        b.position("P1", "AT1", .chair)
        b.position("P2", "AT1", .committee)       // AT1's health centre directors: two
        b.position("P3", "AT1", .committee)
        b.position("P3", "AT2", .member)          // not a counting role at a township; a tie all the same
        b.position("P4", "AT1", .chair)
        b.position("P4", "AT1", .committee)       // still one holder
        b.position("P4", "AT2", .committee)
        b.position("P4", "A1", .committee)
        b.position("P5", "A1", .chair)
        b.position("P5", "S1", .chair)
        b.position("P6", "S1", .member)
        b.position("P7", "AT2", .committee, end: "2020-12-31")  // ended: holds nothing
        return b
    }

    @Test func soleHoldersAndSoleContributorsRankedByWhatTheyWouldOpen() throws {
        let a = try Self.network().analysis()
        func items(_ list: [AnalysisDiff.Item]) -> String {
            list.map { "\(a.dataset.organizations.ids[$0.organization]) \($0.name)" }.joined(separator: ", ")
        }
        let ranked = a.soleKeyPersons().map { "\(a.dataset.persons.ids[$0.person]): \(items($0.gaps)) | \(items($0.sectors))" }
        // P4 is the only technology-enterprise head of A1, AT1 and AT2, and their only economy
        // tie. P3 is AT1's only school principal (AT2's member post does not count for gaps) and
        // the only education tie of both. P5 is A1's only hospital director and the only health
        // tie of A1 and S1. P6 is S1's only science tie. P1 and P2 share AT1's and nothing
        // else; P7's post has ended. Equal counts go by person id: P3 before P5.
        #expect(ranked == [
            "P4: A1 tech_enterprise_head, AT1 tech_enterprise_head, AT2 tech_enterprise_head | A1 economy, AT1 economy, AT2 economy",
            "P3: AT1 school_principal | AT1 education, AT2 education",
            "P5: A1 hospital_director | A1 health, S1 health",
            "P6:  | S1 science",
        ])
    }

    @Test func removingTheFirstRankedOpensExactlyTheirGaps() throws {
        let a = try Self.network().analysis()
        let first = try #require(a.soleKeyPersons().first)
        let diff = WhatIf(a, removingPersons: [first.person]).diff
        #expect(diff.keyPersonGaps.added == first.gaps)
        #expect(diff.sectors.removed == first.sectors)
    }
}
