import Testing
import KexieAnalysis
import KexieModel
import KexieTestSupport

@Suite struct ActivityTests {
    let dataset: Dataset

    init() throws {
        let ds = try TemporaryDataset(replacing: [
            "organizations.csv": """
                id,name,type,region,parent,founded,dissolved
                A-D1,区科协,association,D1,,1990,
                A-T1,东街道科协,association,T1,A-D1,2018-05-01,2020-12-31
                A-T2,西镇科协,association,T2,A-D1,2021-01-01,

                """,
            "persons.csv": "id,name,category\nP1,甲,hospital_director\nP2,乙,official\n",
            "positions.csv": """
                person,organization,role,start,end
                P1,A-D1,seconded_vice_chair,2018-12-31,
                P1,A-D1,seconded_vice_chair,2019-01-01,
                P2,A-D1,chair,,2020-12-31
                P2,A-D1,committee,2021-01-01,
                P2,A-T1,committee,,
                P9,A-D1,committee,,

                """,
            "links.csv": "from,to,kind,start\nA-D1,A-T2,cooperates,\nA-D1,A-T1,cooperates,\nA-D1,A-X,cooperates,\n",
        ])
        dataset = try #require(LoadOutcome(ds.path).dataset)
    }

    @Test func organizationsActiveFromFoundedUntilBeforeDissolved() {
        let a = Activity(dataset, at: Day(parsing: "2020-12-31")!)
        #expect(a.organizations == [true, false, false])
        #expect(Activity(dataset, at: Day(parsing: "2020-12-30")!).organizations == [true, true, false])
        #expect(Activity(dataset, at: Day(parsing: "2021-01-01")!).organizations == [true, false, true])
    }

    @Test func positionsEndExclusivelyAndSecondedTermsLastTwoYears() {
        let a = Activity(dataset, at: Day(parsing: "2020-12-31")!)
        // Row 1's term ended 2020-12-31 (not active that day); row 2's runs to 2021-01-01.
        // Row 3 ends on the as-of date; row 4 has not started; row 5's organization is dissolved;
        // row 6 names an unknown person.
        #expect(a.positions == [false, true, false, false, false, false])
        #expect(dataset.positionEnds[0].description == "2020-12-31")
    }

    @Test func linksNeedBothEndsKnownAndActive() {
        #expect(Activity(dataset, at: Day(parsing: "2020-06-01")!).links == [false, true, false])
        #expect(Activity(dataset, at: Day(parsing: "2021-06-01")!).links == [true, false, false])
    }
}
