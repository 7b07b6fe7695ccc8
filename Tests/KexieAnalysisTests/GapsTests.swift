import Testing
import KexieAnalysis
import KexieModel
import KexieTestSupport

/// Key-person, rural-technical, society and institution gaps (Gaps.swift; analyses contract,
/// section 1), worked by hand. All as of 2020-12-31 unless a case says otherwise.
private extension Analysis {
    /// Key-person gaps as `organization: missing…`.
    var keyPersonGaps: [String] {
        gaps.keyPersons.map { "\(dataset.organizations.ids[$0.organization]): " + $0.missing.joined(separator: " ") }
    }
    /// Society gaps as `district: missing…`.
    var societyGaps: [String] {
        gaps.societies.map { "\(dataset.regions.ids[$0.district]): " + $0.missing.joined(separator: " ") }
    }
    /// Institution gaps as `institution expected-type`.
    var institutionGaps: [String] {
        gaps.institutions.map { "\(dataset.institutions.ids[$0.institution]) \($0.expected.name)" }
    }
}

@Suite struct GapsTests {
    // MARK: Key persons

    /// C1 city ── D1 district ─┬─ T1 street
    ///                         └─ T2 town ─┬─ V21 village
    ///                                     └─ V22 community
    /// with an association in each, a society in D1, a dissolved association in T1 and one in an
    /// unknown region.
    private static func keyPersonCase(rules: String? = nil) -> DatasetBuilder {
        var b = DatasetBuilder(rules: rules)
        b.region("C1", .city)
        b.region("D1", .district, parent: "C1")
        b.region("T1", .township, parent: "D1", kind: "street")
        b.region("T2", .township, parent: "D1", kind: "town")
        b.region("V21", .village, parent: "T2", kind: "village")
        b.region("V22", .village, parent: "T2", kind: "community")
        b.organization("AC", .association, region: "C1")
        b.organization("AD", .association, region: "D1", parent: "AC")
        b.organization("AT1", .association, region: "T1", parent: "AD")
        b.organization("AT2", .association, region: "T2", parent: "AD")
        b.organization("AV21", .association, region: "V21", parent: "AT2")
        b.organization("AV22", .association, region: "V22", parent: "AT2")
        b.organization("SD", .society, region: "D1", parent: "AD")
        b.organization("AOLD", .association, region: "T1", parent: "AD", dissolved: "2019")
        b.organization("AX", .association, region: "X9", parent: "AD")
        let persons = [
            ("P1", "hospital_director"), ("P2", "school_principal"), ("P3", "planting_center_director"),
            ("P4", "research_institute_head"), ("P5", "tech_enterprise_head"), ("P6", "high_skill_talent"),
            ("P7", "health_center_director"), ("P8", "school_principal"), ("P9", "tech_enterprise_head"),
            ("P10", "social_service_center_director"), ("P11", "agri_station_head"), ("P12", "clinic_director"),
            ("P13", "primary_school_principal"), ("P14", "village_official"), ("P15", "popularization_leader"),
            ("P16", "popularization_leader"),
        ]
        for (id, category) in persons { b.person(id, category) }
        b.position("P1", "AD", .chair)
        b.position("P2", "AD", .committee)
        b.position("P3", "AD", .member)                              // member: not a counting role at a district
        b.position("P4", "AD", .standingCommittee, end: "2020-12-31")  // ends on the as-of date
        b.position("P5", "AD", .viceChair)
        b.position("P6", "AD", .partTimeViceChair)
        b.position("P99", "AD", .chair)                              // an unknown person: no category
        b.position("P7", "AT1", .chair)
        b.position("P8", "AT1", .committee)
        b.position("P9", "AT1", .secondedViceChair, start: "2019-06-01")  // a term to 2021-06-01
        b.position("P10", "AT1", .committee)
        b.position("P2", "AT2", .chair)
        b.position("P11", "AT2", .staff)                             // staff: not a counting role
        b.position("P12", "AV21", .volunteer)                        // at a village every role counts
        b.position("P13", "AV21", .member)
        b.position("P14", "AV21", .representative)
        b.position("P15", "AV21", .member, start: "2021-01-01")      // not started yet
        b.position("P12", "AV22", .member)
        b.position("P13", "AV22", .member)
        b.position("P14", "AV22", .member)
        b.position("P16", "AV22", .member)
        return b
    }

    @Test func keyPersonGapsByLevelKindAndCountingRole() throws {
        let a = try Self.keyPersonCase().analysis()
        // AC: a city has no rule. AD (district rule): P3 is a member, P4's post ended on the
        // as-of date. AT1 (township/street rule) is complete, P9's seconded term included.
        // AT2 (township rule): only the school principal chairs; P11 is staff. AV21 (village
        // rule, every role): P15 has not started. AV22 (village/community rule) is complete.
        // SD is no association, AOLD is dissolved, AX has no region and so no rule.
        #expect(a.keyPersonGaps == [
            "AD: planting_center_director research_institute_head",
            "AT2: health_center_director agri_station_head tech_enterprise_head social_service_center_director",
            "AV21: popularization_leader agri_technician",
        ])
    }

    @Test func aRuleForANewLevelAddsItsAssociations() throws {
        // A mapping merges into the defaults: the district, township and village rules stay.
        let a = try Self.keyPersonCase(rules: "key_persons: {city: [official, hospital_director]}\n").analysis()
        #expect(a.keyPersonGaps == [
            "AC: official hospital_director",
            "AD: planting_center_director research_institute_head",
            "AT2: health_center_director agri_station_head tech_enterprise_head social_service_center_director",
            "AV21: popularization_leader agri_technician",
        ])
    }

    @Test func countingRolesFromTheRules() throws {
        let plain = try analyzeInEdgeCaseFrame(rulesChangeFiles)
        #expect(plain.gaps.keyPersons.first { $0.organization == plain.org("T") }?.missing
            == ["health_center_director", "tech_enterprise_head", "social_service_center_director"])
        let a = try analyzeInEdgeCaseFrame(rulesChangeFiles.merging(["rules.yaml": changedRules]) { $1 })
        #expect(a.gaps.keyPersons.first { $0.organization == a.org("T") }?.missing == ["tech_enterprise_head", "social_service_center_director"])
    }

    // MARK: Rural technical associations

    /// D1 ─┬─ T1 street, T2 town, T3 township, T4 town ── V41 village, T5 township_like
    /// D2 ─── T6 town
    private static func ruralTechCase(rules: String? = nil) -> DatasetBuilder {
        var b = DatasetBuilder(rules: rules)
        b.region("D1", .district)
        b.region("T1", .township, parent: "D1", kind: "street")
        b.region("T2", .township, parent: "D1", kind: "town")
        b.region("T3", .township, parent: "D1", kind: "township")
        b.region("T4", .township, parent: "D1", kind: "town")
        b.region("V41", .village, parent: "T4", kind: "village")
        b.region("T5", .township, parent: "D1", kind: "township_like")
        b.region("D2", .district)
        b.region("T6", .township, parent: "D2", kind: "town")
        b.organization("AD", .association, region: "D1")
        b.organization("RT2", .ruralTechAssociation, region: "T2", parent: "AD", dissolved: "2020-06-01")
        b.organization("RT3", .ruralTechFederation, region: "T3", parent: "AD")  // a federation is not one
        b.organization("RT4", .ruralTechAssociation, region: "V41", parent: "AD")  // in T4's subtree
        b.organization("RD", .ruralTechAssociation, region: "D1", parent: "AD")   // above every township
        b.organization("RT6", .ruralTechAssociation, region: "T6", founded: "2020-12-31")
        return b
    }

    @Test func ruralTechGapsInTownsAndTownships() throws {
        // Required kinds town and township: T2 (its association dissolved) and T3 (only a
        // federation) lack one; T4 is served from a village, T6 from the day it is founded.
        // T1 is a street; T5 would be excluded anyway. Whether a township is covered does not matter.
        let a = try Self.ruralTechCase().analysis()
        #expect(a.regionIDs(a.gaps.ruralTech) == ["T2", "T3"])
    }

    @Test func ruralTechRequiredKindsFromTheRulesLeaveExcludedKindsOut() throws {
        let a = try Self.ruralTechCase(rules: "rural_tech: {required_kinds: [street, township_like]}\n").analysis()
        #expect(a.regionIDs(a.gaps.ruralTech) == ["T1"])
    }

    @Test func noRuralTechGapsWithoutTheTownshipLevel() throws {
        let a = try Self.ruralTechCase(rules: "coverage: {levels: [district, village]}\n").analysis()
        #expect(a.gaps.ruralTech == [])
    }

    @Test func ruralTechGapAndNoSocietiesBesideBlankSpots() throws {
        let a = try analyzeInEdgeCaseFrame(blankSpotsAndFrontierFiles)
        #expect(a.gaps.ruralTech.map { a.dataset.regions.ids[$0] } == ["T2"])
        #expect(a.gaps.societies.first?.missing == ["medicine", "engineering", "agriculture"])
    }

    // MARK: Societies

    /// Districts D1 (with township T1), D2, D3.
    private static func societyCase(rules: String? = nil) -> DatasetBuilder {
        var b = DatasetBuilder(rules: rules)
        for d in ["D1", "D2", "D3"] { b.region(d, .district) }
        b.region("T1", .township, parent: "D1", kind: "town")
        b.organization("S1", .society, region: "D1", discipline: "medicine")
        b.organization("S2", .society, region: "T1", discipline: "engineering")  // a township's society
        b.organization("S3", .society, region: "D1", discipline: "agriculture", dissolved: "2020-01-01")
        b.organization("S4", .society, region: "D1")                             // no discipline
        b.organization("O1", .other, region: "D1", discipline: "engineering")    // not a society
        b.organization("S21", .society, region: "D2", discipline: "medicine")
        b.organization("S22", .society, region: "D2", discipline: "engineering")
        b.organization("S23", .society, region: "D2", discipline: "agriculture", founded: "2020-12-31")
        return b
    }

    @Test func societyGapsPerDistrictInRulesOrder() throws {
        // D1 has only its medical society (S2 sits in a township, S3 is dissolved, S4 has no
        // discipline, O1 is no society); D2 has all three; D3 none.
        let a = try Self.societyCase().analysis()
        #expect(a.societyGaps == ["D1: engineering agriculture", "D3: medicine engineering agriculture"])
        // The day before S23 is founded D2 lacks agriculture.
        let before = try Self.societyCase().analysis(asOf: "2020-12-30")
        #expect(before.societyGaps == ["D1: engineering agriculture", "D2: agriculture", "D3: medicine engineering agriculture"])
    }

    @Test func societyDisciplinesFromTheRules() throws {
        let a = try Self.societyCase(rules: "societies: {district: [agriculture, medicine]}\n").analysis()
        #expect(a.societyGaps == ["D1: agriculture", "D3: agriculture medicine"])
    }

    // MARK: Institutions

    /// Universities U9 and U10, parks P1 and P2, enterprises E1 and E2, a hospital H1; each
    /// with, or without, an organization naming it.
    private static func institutionCase(rules: String? = nil) -> DatasetBuilder {
        var b = DatasetBuilder(rules: rules)
        b.region("D1", .district)
        for (id, kind) in [("U9", InstitutionKind.university), ("U10", .university), ("P1", .park), ("P2", .park),
                           ("E1", .enterprise), ("E2", .enterprise), ("H1", .hospital)] {
            b.institution(id, kind, region: "D1")
        }
        b.organization("AD", .association, region: "D1")
        b.organization("UA9", .universityAssociation, region: "D1", parent: "AD", institution: "U9")
        b.organization("UA10", .parkAssociation, region: "D1", parent: "AD", institution: "U10")  // the wrong type
        b.organization("PA1", .parkAssociation, region: "D1", parent: "AD", institution: "P1", dissolved: "2020-12-31")
        b.organization("PA2", .parkAssociation, region: "D1", parent: "AD", institution: "P2", founded: "2021-01-01")
        b.organization("EA1", .enterpriseAssociation, region: "X9", parent: "AD", institution: "E1")  // region does not matter
        b.organization("XA", .enterpriseAssociation, region: "D1", parent: "AD", institution: "X9")   // unknown institution
        return b
    }

    @Test func institutionGapsNeedAnActiveOrganizationOfTheMappedType() throws {
        // U9 and E1 have theirs. U10's is a park association; P1's is dissolved on the as-of
        // date; P2's is not founded yet; E2 has none. A hospital needs none by default.
        // By id in byte order: U10 before U9.
        let a = try Self.institutionCase().analysis()
        #expect(a.institutionGaps == ["E2 enterprise_association", "P1 park_association", "P2 park_association", "U10 university_association"])
        let later = try Self.institutionCase().analysis(asOf: "2021-01-01")
        #expect(later.institutionGaps == ["E2 enterprise_association", "P1 park_association", "U10 university_association"])
    }

    @Test func institutionKindsFromTheRules() throws {
        // A mapping merges into the defaults: hospitals are added, the rest stay.
        let a = try Self.institutionCase(rules: "institutions: {hospital: enterprise_association}\n").analysis()
        #expect(a.institutionGaps == [
            "E2 enterprise_association", "H1 enterprise_association", "P1 park_association", "P2 park_association", "U10 university_association",
        ])
    }
}
