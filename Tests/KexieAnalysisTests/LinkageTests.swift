import Testing
import KexieAnalysis
import KexieModel
import KexieTestSupport

/// Linkage strength (Linkage.swift; analyses contract, section 3), worked by hand with the
/// built-in weights (chair and vice_chair 1.0, part_time_vice_chair 0.8, seconded_vice_chair
/// and staff 0.6, standing_committee 0.5, committee 0.4, representative 0.2, member and
/// volunteer 0.1; links pairs_with 0.5, cooperates 0.3) on `DatasetBuilder.smallFrame()`:
///
///     D1 district ─┬─ T1 street ─────────┬─ V11 community
///                  │                     └─ V12 village
///                  ├─ T2 town ─────────── V21 village
///                  └─ T3 township_like ── V31 village_like
///     D2 district ─── T4 township
///
/// Sums are written in the order the contract takes them (person rows, then link rows), so that
/// they compare exactly.
private extension Analysis {
    /// Each active organization as `id strength [sector sum, …]`, by id.
    var strengths: [String] {
        linkage.organizations.map { o in
            "\(dataset.organizations.ids[o.organization]) \(o.strength) ["
                + o.sectors.map { "\(dataset.sectorNames[$0.sector]) \($0.sum)" }.joined(separator: ", ") + "]"
        }
    }
    /// Each active organization as `id vertical` (`nil` without one).
    var verticals: [String] {
        linkage.organizations.map { "\(dataset.organizations.ids[$0.organization]) \($0.vertical.map { "\($0)" } ?? "nil")" }
    }
    /// Pairs as `a-b strength`.
    var pairs: [String] {
        linkage.pairs.map { "\(dataset.organizations.ids[$0.a])-\(dataset.organizations.ids[$0.b]) \($0.strength)" }
    }
    /// Single points as `organization sector person`.
    var singlePoints: [String] {
        linkage.singlePoints.map {
            "\(dataset.organizations.ids[$0.organization]) \(dataset.sectorNames[$0.sector]) \(dataset.persons.ids[$0.person])"
        }
    }
    /// Expiring positions as `end person organization role`.
    var expiring: [String] {
        let positions = dataset.positions
        return linkage.expiring.map { e in
            let p = positions.persons.target(e.position)!, o = positions.organizations.target(e.position)!
            return "\(e.end) \(dataset.persons.ids[p]) \(dataset.organizations.ids[o]) \(positions.roles[e.position].name)"
        }
    }
    /// Overloaded persons as `person posts`.
    var overloaded: [String] { linkage.overloaded.map { "\(dataset.persons.ids[$0.person]) \($0.posts)" } }
}

@Suite struct LinkageTests {
    @Test func tiesStrengthSectorsPairsAndSinglePoints() throws {
        var b = DatasetBuilder.smallFrame()
        b.organization("A1", .association, region: "D1")
        b.organization("AT1", .association, region: "T1", parent: "A1")
        b.organization("AT2", .association, region: "T2", parent: "A1")
        b.person("P1", "hospital_director")                    // health
        b.person("P2", "health_center_director")               // health
        b.person("P3", "school_principal")                     // education
        b.person("P4", "engineer")                             // economy
        b.person("P5", "official", sector: "science")          // given, not derived
        b.person("P6", "teacher")                              // education
        b.position("P1", "A1", .chair)
        b.position("P1", "A1", .viceChair)                     // an equal weight: still one tie of 1.0
        b.position("P2", "A1", .committee)
        b.position("P3", "A1", .viceChair)
        b.position("P3", "A1", .member)                        // tie(P3, A1) = max(1.0, 0.1)
        b.position("P4", "AT1", .member)
        b.position("P5", "AT1", .staff)
        b.position("P6", "AT1", .volunteer, end: "2020-12-31")  // ended: no tie
        b.position("P1", "AT2", .partTimeViceChair)
        b.position("P2", "AT2", .representative)
        b.link("AT1", "AT2", .cooperates)
        b.link("AT1", "A1", .pairsWith, end: "2020-12-31")     // ended on the as-of date
        b.link("A1", "AT1", .pairsWith, start: "2021-01-01")   // not begun
        let a = try b.analysis()
        // A1: P1 1.0 + P2 0.4 + P3 1.0; AT1: P4 0.1 + P5 0.6; AT2: P1 0.8 + P2 0.2.
        // Sectors in the order of the known sectors (health, education, …, science, economy).
        #expect(a.strengths == [
            "A1 \(1.0 + 0.4 + 1.0) [health \(1.0 + 0.4), education 1.0]",
            "AT1 \(0.1 + 0.6) [science 0.6, economy 0.1]",
            "AT2 \(0.8 + 0.2) [health \(0.8 + 0.2)]",
        ])
        // A1–AT2: P1 min(1.0, 0.8) + P2 min(0.4, 0.2). AT1–AT2: the cooperation link. The links
        // between A1 and AT1 are not active on the as-of date.
        #expect(a.pairs == ["A1-AT2 \(0.8 + 0.2)", "AT1-AT2 0.3"])
        #expect(a.verticals == ["A1 nil", "AT1 0.0", "AT2 \(0.8 + 0.2)"])
        #expect(a.orgIDs(a.linkage.weakAttachments) == ["AT1"])
        // Two persons share A1's and AT2's health; one person carries each other sector.
        #expect(a.singlePoints == ["A1 education P3", "AT1 economy P4", "AT1 science P5"])
        #expect(a.linkage.islands == [])
    }

    @Test func aZeroWeightTieContributesNothing() throws {
        var b = DatasetBuilder.smallFrame(rules: "role_weights: {member: 0}\n")
        b.organization("A1", .association, region: "D1")
        b.organization("AT1", .association, region: "T1", parent: "A1")
        b.person("P1", "hospital_director")
        b.position("P1", "A1", .member)
        b.position("P1", "AT1", .member)
        let a = try b.analysis()
        // P1 holds both posts but ties with weight 0: no sector, no pair, no single point; AT1
        // is attached on paper only.
        #expect(a.strengths == ["A1 0.0 []", "AT1 0.0 []"])
        #expect(a.pairs == [])
        #expect(a.singlePoints == [])
        #expect(a.orgIDs(a.linkage.weakAttachments) == ["AT1"])
    }

    @Test func islandsAreTheComponentsWithoutARoot() throws {
        var b = DatasetBuilder.smallFrame()
        b.organization("A1", .association, region: "D1")
        b.organization("A2", .association, region: "D2")                      // a second root
        b.organization("AT1", .association, region: "T1", parent: "A1")
        b.organization("S1", .society, region: "D1")
        b.organization("S2", .society, region: "D1", parent: "S1")
        b.organization("S3", .society, region: "D1")                          // linked to AT1
        b.organization("S4", .society, region: "D1")
        b.organization("S10", .society, region: "D1")                         // shares P1 with S4
        b.organization("S6", .society, region: "D1")
        b.organization("AOLD", .association, region: "T2", parent: "A1", dissolved: "2020")
        b.organization("S7", .society, region: "D1", parent: "AOLD")           // a dissolved parent
        b.organization("S8", .society, region: "D1", parent: "NOPE")           // an unknown parent
        b.person("P1", "researcher")
        b.position("P1", "S4", .member)
        b.position("P1", "S10", .member)
        b.link("S3", "AT1", .cooperates)
        b.link("S6", "S7", .cooperates, end: "2020-06-30")                     // ended
        b.link("S8", "AOLD", .cooperates)                                      // to a dissolved one
        let a = try b.analysis()
        // The components of A1 (with AT1 and S3) and A2 hold roots. The rest are islands, each
        // sorted by id in byte order (S10 before S4), the islands by their first id.
        #expect(a.linkage.islands.map { a.orgIDs($0) } == [["S1", "S2"], ["S10", "S4"], ["S6"], ["S7"], ["S8"]])
        // Only an active, known parent other than itself gives a vertical tie.
        #expect(a.verticals == [
            "A1 nil", "A2 nil", "AT1 0.0", "S1 nil", "S10 nil", "S2 0.0", "S3 nil", "S4 nil", "S6 nil", "S7 nil", "S8 nil",
        ])
        #expect(a.orgIDs(a.linkage.weakAttachments) == ["AT1", "S2"])
        #expect(a.pairs == ["AT1-S3 0.3", "S10-S4 0.1"])
    }

    @Test func expiringTermsWithinTheWarningWindow() throws {
        var b = DatasetBuilder.smallFrame()
        b.organization("A1", .association, region: "D1")
        b.organization("AT1", .association, region: "T1", parent: "A1")
        b.organization("AOLD", .association, region: "T2", parent: "A1", dissolved: "2020")
        for p in ["P0", "P1", "P2", "P3", "P4", "P5", "P6", "P7"] { b.person(p, "official") }
        b.position("P1", "A1", .committee, end: "2021-03-31")          // D + 90: the last day in the window
        b.position("P2", "A1", .committee, end: "2021-04-01")          // D + 91
        b.position("P3", "A1", .committee, end: "2021-01-01")
        b.position("P3", "AT1", .committee, end: "2021-01-01")
        b.position("P0", "AT1", .committee, end: "2021-01-01")
        b.position("P4", "A1", .committee, end: "2020-12-31")          // ended: not active
        b.position("P5", "A1", .committee)                             // no end
        b.position("P6", "A1", .secondedViceChair, start: "2019-03-31")  // a two-year term to 2021-03-31
        b.position("P7", "AOLD", .committee, end: "2021-01-15")        // its organization is dissolved
        // D = 2020-12-31, window (D, D + 90] = 2021-01-01 … 2021-03-31; by (end, person, organization).
        #expect(try b.analysis().expiring == [
            "2021-01-01 P0 AT1 committee", "2021-01-01 P3 A1 committee", "2021-01-01 P3 AT1 committee",
            "2021-03-31 P1 A1 committee", "2021-03-31 P6 A1 seconded_vice_chair",
        ])
        b.rules = "expiry_warning_days: 1\n"
        #expect(try b.analysis().expiring == ["2021-01-01 P0 AT1 committee", "2021-01-01 P3 A1 committee", "2021-01-01 P3 AT1 committee"])
    }

    @Test func overloadCountsCountingRolesByTheOrganizationsLevel() throws {
        var b = DatasetBuilder.smallFrame(rules: "overload_threshold: 1\n")
        b.organization("A1", .association, region: "D1")
        b.organization("AT1", .association, region: "T1", parent: "A1")
        b.organization("AV11", .association, region: "V11", parent: "AT1")
        b.organization("R", .society, region: "X9", parent: "A1")       // unknown region: committee roles
        b.organization("AOLD", .association, region: "T2", parent: "A1", dissolved: "2020")
        for p in ["P1", "P2", "P3", "P4", "P5", "P6"] { b.person(p, "official") }
        b.position("P1", "A1", .committee)
        b.position("P1", "AT1", .committee)                              // P1: 2
        b.position("P2", "A1", .committee)
        b.position("P2", "A1", .chair)                                   // P2: 1 (one organization)
        b.position("P3", "AV11", .member)                                // every role counts at a village
        b.position("P3", "AT1", .standingCommittee)                      // P3: 2
        b.position("P4", "R", .member)
        b.position("P4", "A1", .chair)                                   // P4: 1
        b.position("P5", "R", .committee)
        b.position("P5", "A1", .committee)                               // P5: 2
        b.position("P6", "AOLD", .committee)
        b.position("P6", "A1", .committee)                               // P6: 1 (AOLD is dissolved)
        #expect(try b.analysis().overloaded == ["P1 2", "P3 2", "P5 2"])
    }

    @Test func secondedTermsAndEndsOnTheAsOfDate() throws {
        let a = try analyzeInEdgeCaseFrame(secondedTermsFiles)
        // P1's term runs to 2021-01-15: active and expiring within 90 days. P2 ends on the
        // as-of date and P3's term ended 2020-12-30: neither is active.
        #expect(a.activity.positions == [true, false, false])
        #expect(a.linkage.expiring.map { $0.end.description } == ["2021-01-15"])
        #expect(a.strength("A") == 0.6)
    }

    @Test func duplicatePositionsTakeTheLargestWeightNotTheSum() throws {
        let a = try analyzeInEdgeCaseFrame([
            "organizations.csv": organizationsHeader + "A,区科协,association,D1,,,,,\nT,东街道科协,association,T1,A,,,,\n",
            "persons.csv": "id,name,category\nP1,甲,hospital_director\n",
            "positions.csv": "person,organization,role\nP1,A,committee\nP1,A,part_time_vice_chair\nP1,T,member\nP1,T,member\n",
        ])
        #expect(a.strength("A") == 0.8)
        #expect(a.strength("T") == 0.1)
        #expect(a.pair("A", "T") == 0.1)  // min(0.8, 0.1)
        #expect(a.linkage.organizations.first { $0.organization == a.org("T") }?.vertical == 0.1)
        #expect(a.linkage.singlePoints.count == 2)
        #expect(a.singlePoints == ["A health P1", "T health P1"])
    }

    @Test func linksInBothDirectionsAddUp() throws {
        let a = try analyzeInEdgeCaseFrame([
            "organizations.csv": organizationsHeader + "A,区科协,association,D1,,,,,\nT1,东街道科协,association,T1,A,,,,\nT2,西镇科协,association,T2,A,,,,\n",
            "links.csv": """
                from,to,kind,weight,start,end
                T1,T2,pairs_with,,,
                T2,T1,cooperates,0.25,,
                T1,T2,cooperates,,2021-01-01,
                T1,T1,cooperates,,,
                T1,Z,cooperates,,,

                """,
        ])
        #expect(a.pair("T1", "T2") == 0.75)  // 0.5 default + 0.25 given; the 2021 link is not active yet
        #expect(a.linkage.pairs.count == 1)  // the self-link makes no pair
        #expect(a.pairs == ["T1-T2 0.75"])
        #expect(a.linkage.weakAttachments.map { a.dataset.organizations.ids[$0] } == ["T1", "T2"])
        #expect(a.orphanList().filter { !$0.hasPrefix("empty") } == ["dangling_link:5"])
    }

    @Test func anIslandOfTwoTiedOnlyByASharedPerson() throws {
        let a = try analyzeInEdgeCaseFrame([
            "organizations.csv": organizationsHeader + "A,区科协,association,D1,,,,,\nS1,学会甲,society,D1,,,,,\nS2,学会乙,society,D1,,,,,\nS3,学会丙,society,D1,,,,,\n",
            "persons.csv": "id,name,category\nP1,甲,researcher\n",
            "positions.csv": "person,organization,role\nP1,S1,member\nP1,S2,committee\n",
        ])
        #expect(a.linkage.islands.map { a.orgIDs($0) } == [["S1", "S2"], ["S3"]])
        #expect(a.pair("S1", "S2") == 0.1)
    }

    @Test func rulesChangeTheWeights() throws {
        let plain = try analyzeInEdgeCaseFrame(rulesChangeFiles)
        #expect(plain.strength("T") == 1.1)
        let a = try analyzeInEdgeCaseFrame(rulesChangeFiles.merging(["rules.yaml": changedRules]) { $1 })
        #expect(a.strength("T") == 2.5)
    }

    @Test func overloadCountsDistinctOrganizationsWithCountingRoles() throws {
        let a = try analyzeInEdgeCaseFrame([
            "organizations.csv": organizationsHeader + "A,区科协,association,D1,,,,,\nT1,甲,association,T1,A,,,,\nT2,乙,association,T2,A,,,,\nV1,丙,association,V1,T1,,,,\nV2,丁,association,V2,T2,,,,\n",
            "persons.csv": "id,name,category\nP1,甲,official\n",
            "positions.csv": "person,organization,role\nP1,A,committee\nP1,A,chair\nP1,T1,committee\nP1,T2,member\nP1,V1,member\nP1,V2,volunteer\n",
        ])
        // A and T1 count (committee roles); T2's member does not; V1 and V2 count every role.
        #expect(a.linkage.overloaded.map(\.posts) == [4])
        #expect(a.overloaded == ["P1 4"])
    }
}
