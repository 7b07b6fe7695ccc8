import Testing
import KexieAnalysis
import KexieModel
import KexieTestSupport

/// Small hand-worked datasets, one concern each, with exact expectations.
private let frame = """
    id,name,level,parent,kind
    D1,示例区,district,,
    T1,东街道,township,D1,
    T2,西镇,township,D1,
    T3,开发区,township,D1,township_like
    V1,东社区,village,T1,
    V2,西村,village,T2,

    """

private func analyze(_ files: [String: String], asOf: String = "2020-12-31") throws -> Analysis {
    var all = ["regions.csv": frame]
    all.merge(files) { $1 }
    let ds = try TemporaryDataset(all)
    let outcome = LoadOutcome(ds.path)
    let dataset = try #require(outcome.dataset, "\(outcome.log.diagnostics)")
    return Analysis(dataset, asOf: Day(parsing: asOf)!)
}

private extension Analysis {
    func org(_ id: String) -> Int { dataset.organizations.ids.index(of: id)! }
    func orgIDs(_ rows: [Int]) -> [String] { rows.map { dataset.organizations.ids[$0] } }
    func orphanList() -> [String] {
        orphans.map { o in "\(o.reason.rawValue):\(id(of: o))" + (o.via.map { "<\(dataset.organizations.ids[$0])" } ?? "") }
    }
    func strength(_ id: String) -> Double? { linkage.organizations.first { $0.organization == org(id) }?.strength }
    func pair(_ a: String, _ b: String) -> Double? {
        linkage.pairs.first { ($0.a, $0.b) == (org(a), org(b)) || ($0.a, $0.b) == (org(b), org(a)) }?.strength
    }
}

private let orgHeader = "id,name,type,region,parent,institution,discipline,founded,dissolved\n"

@Suite struct EdgeCaseTests {
    @Test func parentLoopsAndAnOrphanChain() throws {
        let a = try analyze([
            "organizations.csv": orgHeader + """
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
        let a = try analyze([
            "organizations.csv": orgHeader + """
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
        let a = try analyze([
            "organizations.csv": orgHeader + "A,区科协,association,D1,,,,,\nT,东街道科协,association,T1,A,,,,\nV,西村科协,association,V2,T,,,,\n",
        ])
        #expect(a.orphanList().filter { !$0.hasPrefix("empty") } == ["misplaced:V"])
    }

    @Test func secondedTermsAndEndsOnTheAsOfDate() throws {
        let a = try analyze([
            "organizations.csv": orgHeader + "A,区科协,association,D1,,,,,\n",
            "persons.csv": "id,name,category\nP1,甲,hospital_director\nP2,乙,school_principal\nP3,丙,tech_enterprise_head\n",
            "positions.csv": """
                person,organization,role,start,end
                P1,A,seconded_vice_chair,2019-01-15,
                P2,A,committee,2018-01-01,2020-12-31
                P3,A,seconded_vice_chair,2018-12-30,

                """,
        ])
        // P1's term runs to 2021-01-15: active and expiring within 90 days. P2 ends on the
        // as-of date and P3's term ended 2020-12-30: neither is active.
        #expect(a.activity.positions == [true, false, false])
        #expect(a.linkage.expiring.map { $0.end.description } == ["2021-01-15"])
        #expect(a.strength("A") == 0.6)
        #expect(a.orphanList() == ["unaffiliated:P2", "unaffiliated:P3"])
    }

    @Test func duplicatePositionsTakeTheLargestWeightNotTheSum() throws {
        let a = try analyze([
            "organizations.csv": orgHeader + "A,区科协,association,D1,,,,,\nT,东街道科协,association,T1,A,,,,\n",
            "persons.csv": "id,name,category\nP1,甲,hospital_director\n",
            "positions.csv": "person,organization,role\nP1,A,committee\nP1,A,part_time_vice_chair\nP1,T,member\nP1,T,member\n",
        ])
        #expect(a.strength("A") == 0.8)
        #expect(a.strength("T") == 0.1)
        #expect(a.pair("A", "T") == 0.1)  // min(0.8, 0.1)
        #expect(a.linkage.organizations.first { $0.organization == a.org("T") }?.vertical == 0.1)
        #expect(a.linkage.singlePoints.count == 2)
    }

    @Test func linksInBothDirectionsAddUp() throws {
        let a = try analyze([
            "organizations.csv": orgHeader + "A,区科协,association,D1,,,,,\nT1,东街道科协,association,T1,A,,,,\nT2,西镇科协,association,T2,A,,,,\n",
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
        #expect(a.linkage.weakAttachments.map { a.dataset.organizations.ids[$0] } == ["T1", "T2"])
        #expect(a.orphanList().filter { !$0.hasPrefix("empty") } == ["dangling_link:5"])
    }

    @Test func anIslandOfTwoTiedOnlyByASharedPerson() throws {
        let a = try analyze([
            "organizations.csv": orgHeader + "A,区科协,association,D1,,,,,\nS1,学会甲,society,D1,,,,,\nS2,学会乙,society,D1,,,,,\nS3,学会丙,society,D1,,,,,\n",
            "persons.csv": "id,name,category\nP1,甲,researcher\n",
            "positions.csv": "person,organization,role\nP1,S1,member\nP1,S2,committee\n",
        ])
        #expect(a.linkage.islands.map { a.orgIDs($0) } == [["S1", "S2"], ["S3"]])
        #expect(a.pair("S1", "S2") == 0.1)
    }

    @Test func coverageBlankSpotsAndFrontier() throws {
        let a = try analyze([
            "organizations.csv": orgHeader + """
                A,区科协,association,D1,,,,,
                T,东街道科协,association,T1,A,,,,
                K,科普小组,popularization_org,V2,A,,,,
                Z,开发区科协,association,T3,A,,,,
                F,将来的科协,association,T2,A,,,2021-05-01,

                """,
        ])
        #expect(a.coverage.levels.map { "\($0.level.name) \($0.covered)/\($0.total)" } == ["district 1/1", "township 1/2", "village 1/2"])
        // T2 is uncovered (its association is founded after the as-of date): a frontier blank
        // spot under the covered district. V1 is uncovered under covered T1: frontier too.
        #expect(a.coverage.blankSpots.map { "\(a.dataset.regions.ids[$0.region]) \($0.frontier)" } == ["T2 true", "V1 true"])
        #expect(a.gaps.ruralTech.map { a.dataset.regions.ids[$0] } == ["T2"])
        #expect(a.gaps.societies.first?.missing == ["medicine", "engineering", "agriculture"])
    }

    @Test func targetsMetBeforeTheirDueDateAndMissed() throws {
        let a = try analyze([
            "organizations.csv": orgHeader + """
                A,区科协,association,D1,,,,,
                T,东街道科协,association,T1,A,,,2018-03-01,
                W,西镇科协,association,T2,A,,,2019-07-01,

                """,
            "rules.yaml": """
                targets:
                  - {name: early, due: 2018-12-31, per: district, level: township, min_rate: 1.0}
                  - {name: one, due: 2018-12-31, per: district, level: township, min_covered: 1}
                  - {name: later, due: 2022-12-31, per: township, level: village, except: [T3], min_covered: 1}

                """,
        ], asOf: "2020-12-31")
        let rows = a.targets.map { "\(a.dataset.rules.targets[$0.target].name) \(a.dataset.regions.ids[$0.unit]) \($0.evaluatedAt) \($0.covered)/\($0.total) \($0.status.rawValue)" }
        #expect(rows == [
            "early D1 2018-12-31 1/2 missed",
            "one D1 2018-12-31 1/2 met",
            "later T1 2020-12-31 0/1 pending",
            "later T2 2020-12-31 0/1 pending",
        ])
    }

    @Test func rulesChangeWeightsCountingRolesAndLevels() throws {
        let files = [
            "organizations.csv": orgHeader + "A,区科协,association,D1,,,,,\nT,东街道科协,association,T1,A,,,,\n",
            "persons.csv": "id,name,category\nP1,甲,health_center_director\nP2,乙,school_principal\n",
            "positions.csv": "person,organization,role\nP1,T,member\nP2,T,chair\n",
        ]
        let plain = try analyze(files)
        #expect(plain.strength("T") == 1.1)
        #expect(plain.gaps.keyPersons.first { $0.organization == plain.org("T") }?.missing
            == ["health_center_director", "tech_enterprise_head", "social_service_center_director"])
        var changed = files
        changed["rules.yaml"] = """
            role_weights: {member: 0.5, chair: 2}
            counting_roles: {township: [chair, member]}
            coverage: {levels: [township]}

            """
        let a = try analyze(changed)
        #expect(a.strength("T") == 2.5)
        #expect(a.gaps.keyPersons.first { $0.organization == a.org("T") }?.missing == ["tech_enterprise_head", "social_service_center_director"])
        #expect(a.coverage.levels.map(\.level) == [.township])
        #expect(a.coverage.blankSpots.map { a.dataset.regions.ids[$0.region] } == ["T2"])
    }

    @Test func overloadCountsDistinctOrganizationsWithCountingRoles() throws {
        let a = try analyze([
            "organizations.csv": orgHeader + "A,区科协,association,D1,,,,,\nT1,甲,association,T1,A,,,,\nT2,乙,association,T2,A,,,,\nV1,丙,association,V1,T1,,,,\nV2,丁,association,V2,T2,,,,\n",
            "persons.csv": "id,name,category\nP1,甲,official\n",
            "positions.csv": "person,organization,role\nP1,A,committee\nP1,A,chair\nP1,T1,committee\nP1,T2,member\nP1,V1,member\nP1,V2,volunteer\n",
        ])
        // A and T1 count (committee roles); T2's member does not; V1 and V2 count every role.
        #expect(a.linkage.overloaded.map(\.posts) == [4])
    }
}
