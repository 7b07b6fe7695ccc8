import Testing
import KexieAnalysis
import KexieModel
import KexieTestSupport

private func days(_ list: [Day]) -> [String] { list.map(\.description) }

@Suite struct TrendTests {
    @Test func datesAreFromThePeriodEndsBetweenAndTo() {
        #expect(days(Trend.dates(from: day("2018-02-15"), to: day("2018-12-31"), step: .quarter))
                == ["2018-02-15", "2018-03-31", "2018-06-30", "2018-09-30", "2018-12-31"])
        #expect(days(Trend.dates(from: day("2017-12-31"), to: day("2019-06-30"), step: .year)) == ["2017-12-31", "2018-12-31", "2019-06-30"])
        #expect(days(Trend.dates(from: day("2020-01-31"), to: day("2020-03-15"), step: .month)) == ["2020-01-31", "2020-02-29", "2020-03-15"])
        #expect(days(Trend.dates(from: day("2020-05-01"), to: day("2020-05-01"), step: .month)) == ["2020-05-01"])
    }

    @Test func overlappingAndEndedAssociationsCountOnce() throws {
        let a = try analysis([
            "regions.csv": versionRegions,
            "organizations.csv": """
                id,name,type,region,parent,institution,discipline,founded,dissolved
                A,区科协,association,D1,,,,2019-02,2019-05-01
                B,区科协（新）,association,D1,,,,2019-04,
                C,东街道科协,association,T1,A,,,2019-03-10,2019-03-20
                P,科普组织,popularization_org,V1,,,,2019-01,

                """,
        ])
        let t = Trend(a.dataset, from: day("2019-01-31"), to: day("2019-06-30"), step: .month, findings: false)
        // district D1: A from February, B from April (A ends in May); T1 only between month ends.
        #expect(t.points.map { $0.levels[0].covered } == [0, 1, 1, 1, 1, 1])
        #expect(t.points.map { $0.levels[1].covered } == [0, 0, 0, 0, 0, 0])
        #expect(t.points.map { $0.levels[2].covered } == [1, 1, 1, 1, 1, 1])  // a popularization organization covers a village
        for p in t.points { #expect(p.levels == Analysis(a.dataset, asOf: p.date).coverage.levels) }
    }

    @Test func everyStepEqualsTheAnalysisAtThatDate() throws {
        let d = try #require(LoadOutcome(Repository.dataset("tianjin")).dataset)
        let t = Trend(d, from: Trend.defaultStart(d, asOf: d.asOf!), to: d.asOf!, step: .quarter, findings: true)
        #expect(days(t.points.map(\.date)).first == "2017-12-31" && t.points.count == 13)
        for p in t.points {
            let a = Analysis(d, asOf: p.date)
            #expect(p.levels == a.coverage.levels, "\(p.date)")
            #expect(p.districts == a.coverage.districts.map(\.rates), "\(p.date)")
            #expect(p.findings == a.findingCounts(), "\(p.date)")
            #expect(t.districts == a.coverage.districts.map(\.region))
        }
        // The pilot: township coverage only rises.
        let townships = t.points.map { $0.levels[1].covered }
        #expect(townships == townships.sorted() && townships.last! > townships.first!)
    }
}
