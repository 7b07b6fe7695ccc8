import Testing
import KexieAnalysis
import KexieModel
import KexieTestSupport

/// Orphaned and dangling parts of the network (Orphans.swift; analyses contract, section 2),
/// worked by hand on `DatasetBuilder.smallFrame()` unless a case builds its own:
///
///     D1 district ─┬─ T1 street ─────────┬─ V11 community
///                  │                     └─ V12 village
///                  ├─ T2 town ─────────── V21 village
///                  └─ T3 township_like ── V31 village_like
///     D2 district ─── T4 township
///
/// Findings are listed as `reason:id` (`<via` for under_orphan) in the analysis' order: by kind
/// (link, organization, person, position), reason, then id.
private extension Analysis {
    /// `orphanList()` without the `empty` findings (cases about attachment have no positions).
    var attachmentFindings: [String] { orphanList().filter { !$0.hasPrefix("empty") } }
}

@Suite struct OrphansTests {
    @Test func oneReasonPerOrganizationFirstMatchWins() throws {
        var b = DatasetBuilder.smallFrame()
        b.organization("A1", .association, region: "D1")              // a root
        b.organization("A2", .association, region: "D2", parent: "A1")  // a root too, but misplaced
        b.organization("AT1", .association, region: "T1", parent: "A1")
        b.organization("AV11", .association, region: "V11", parent: "AT1")
        b.organization("S1", .society, region: "D1")                  // not an association: no root
        b.organization("S2", .society, region: "T1", parent: "S1")
        b.organization("S3", .society, region: "V11", parent: "S2")
        b.organization("AOLD", .association, region: "D2", dissolved: "2020")  // inactive: no finding
        b.organization("AT4", .association, region: "T4", parent: "AOLD")
        b.organization("AV", .association, region: "V21", parent: "AT4")  // V21 is not under T4
        b.organization("C1", .society, region: "D1", parent: "C2")
        b.organization("C2", .society, region: "D1", parent: "C1")
        b.organization("C3", .society, region: "T2", parent: "C1")
        b.organization("L1", .society, region: "D1", parent: "L2")    // a loop through a dissolved one
        b.organization("L2", .society, region: "D1", parent: "L1", dissolved: "2019")
        b.organization("U1", .society, region: "T2", parent: "NOPE")
        let a = try b.analysis()
        // C1, C2 and L1 lie on loops (L1 on one with its inactive parent: cycle comes first).
        // AT4's parent is dissolved. S1 has no parent. S2 and S3 hang below S1, AV below AT4,
        // C3 below the loop: `via` is the first organization with a reason of its own met going
        // up. A2 and AV sit outside their parents' regions (a root can be misplaced; a
        // misplaced organization can also be under an orphan). AT1 and AV11 reach the root A1.
        #expect(a.attachmentFindings == [
            "cycle:C1", "cycle:C2", "cycle:L1",
            "inactive_parent:AT4",
            "misplaced:A2", "misplaced:AV",
            "no_parent:S1",
            "under_orphan:AV<AT4", "under_orphan:C3<C1", "under_orphan:S2<S1", "under_orphan:S3<S1",
            "unknown_parent:U1",
        ])
    }

    @Test func aParentDissolvedOnTheAsOfDateLeavesItsChildren() throws {
        var b = DatasetBuilder.smallFrame()
        b.organization("A1", .association, region: "D1")
        b.organization("AT1", .association, region: "T1", parent: "A1", dissolved: "2020-12-31")
        b.organization("AV11", .association, region: "V11", parent: "AT1")
        b.organization("AV12", .popularizationOrg, region: "V11", parent: "AV11")
        #expect(try b.analysis(asOf: "2020-12-30").attachmentFindings == [])
        #expect(try b.analysis(asOf: "2020-12-31").attachmentFindings == ["inactive_parent:AV11", "under_orphan:AV12<AV11"])
    }

    @Test func findingsReportedBesideTheAttachment() throws {
        var b = DatasetBuilder.smallFrame()
        b.institution("U1", .university)
        b.organization("A1", .association, region: "D1")
        b.organization("E1", .society, region: "D1", parent: "A1")      // no position
        b.organization("E2", .society, region: "D1", parent: "A1")      // its one position has ended
        b.organization("E3", .society, region: "D1", parent: "A1", founded: "2021")  // inactive: no finding
        b.organization("R1", .society, region: "", parent: "A1")        // no region
        b.organization("R2", .society, region: "X9", parent: "A1")      // a region not in the frame
        b.organization("I1", .universityAssociation, region: "D1", parent: "A1", institution: "U1")
        b.organization("I2", .universityAssociation, region: "D1", parent: "A1", institution: "U404")
        b.organization("I3", .universityAssociation, region: "D1", parent: "A1", institution: "U404", dissolved: "2019")
        for p in ["P1", "P2", "P3", "P4", "P5"] { b.person(p, "official") }
        b.position("P1", "A1", .chair)                      // row 1
        b.position("PX", "A1", .member)                     // row 2: unknown person
        b.position("P2", "E2", .committee, end: "2020-06-30")
        b.position("P3", "R1", .member)
        b.position("P3", "R2", .member)                     // row 5
        b.position("P1", "I1", .member)
        b.position("P1", "I2", .member)
        b.position("P5", "E3", .member)                     // in an inactive organization
        b.position("P1", "A1", .member)
        b.position("P1", "NOPE", .member)                   // row 10: unknown organization
        b.link("A1", "E1", .cooperates)
        b.link("A1", "ZZ", .cooperates)                     // row 2
        b.link("QQ", "A1", .pairsWith)                      // row 3
        b.link("E3", "A1", .cooperates)                     // known ends, one inactive: not dangling
        let a = try b.analysis()
        // Rows are numbered from 1 and sort as text: position 10 before 2. P4 holds nothing; P2's
        // post has ended; P5's is in an organization not founded yet.
        #expect(a.orphans.map { "\($0.kind.rawValue) \($0.reason.rawValue):\(a.id(of: $0))" } == [
            "link dangling_link:2", "link dangling_link:3",
            "organization empty:E1", "organization empty:E2",
            "organization unknown_institution:I2",
            "organization unknown_region:R1", "organization unknown_region:R2",
            "person unaffiliated:P2", "person unaffiliated:P4", "person unaffiliated:P5",
            "position dangling_position:10", "position dangling_position:2",
        ])
        #expect(a.orphans.filter { $0.kind == .position }.map(\.row) == [9, 1])
    }

    @Test func parentLoopsAndAnOrphanChain() throws {
        let a = try analyzeInEdgeCaseFrame([
            "organizations.csv": organizationsHeader + """
                A,区科协,association,D1,,,,,
                L1,甲,society,D1,L2,,,,
                L2,乙,society,D1,L1,,,,
                S,自环,society,D1,S,,,,
                U1,挂在环下,society,T1,L1,,,,
                U2,再下一层,association,V1,U1,,,,
                N,无上级,society,D1,,,,,
                N1,其下,association,T2,N,,,,

                """,
        ])
        #expect(a.orphanList().filter { !$0.hasPrefix("empty") } == [
            "cycle:L1", "cycle:L2", "cycle:S", "no_parent:N", "under_orphan:N1<N", "under_orphan:U1<L1", "under_orphan:U2<L1",
        ])
        // Loops still have a vertical tie (to a known, active parent that is not itself); a self-loop has none.
        #expect(a.linkage.organizations.first { $0.organization == a.org("L1") }?.vertical == 0)
        #expect(a.linkage.organizations.first { $0.organization == a.org("S") }?.vertical == nil)
    }

    @Test func dissolvedAndUnknownParentsAndRegions() throws {
        let a = try analyzeInEdgeCaseFrame([
            "organizations.csv": organizationsHeader + """
                A,区科协,association,D1,,,,,
                OLD,旧街道科协,association,T1,A,,,2010,2019-06-30
                C,社区科协,association,V1,OLD,,,,
                X,打错上级,association,T2,A-X,,,,
                R,无区域,society,,A,,,,
                Q,未知区域,society,Z9,A,,,,

                """,
        ])
        #expect(a.orphanList().filter { !$0.hasPrefix("empty") } == [
            "inactive_parent:C", "unknown_parent:X", "unknown_region:Q", "unknown_region:R",
        ])
    }

    @Test func misplacedAttachment() throws {
        let a = try analyzeInEdgeCaseFrame([
            "organizations.csv": organizationsHeader + "A,区科协,association,D1,,,,,\nT,东街道科协,association,T1,A,,,,\nV,西村科协,association,V2,T,,,,\n",
        ])
        #expect(a.orphanList().filter { !$0.hasPrefix("empty") } == ["misplaced:V"])
    }

    @Test func endsOnTheAsOfDateLeavePersonsUnaffiliated() throws {
        let a = try analyzeInEdgeCaseFrame(secondedTermsFiles)
        #expect(a.orphanList() == ["unaffiliated:P2", "unaffiliated:P3"])
    }
}
