import Testing
import KexieAnalysis
import KexieModel
import KexieTestSupport

@Suite struct DatasetSummaryTests {
    @Test func sampleCountsAtItsAsOfDate() throws {
        let d = try #require(LoadOutcome(Repository.dataset("sample")).dataset)
        let s = DatasetSummary(d, asOf: try #require(d.asOf))
        #expect(s.regions == 17)
        #expect(s.regionLevels.map(\.level) == [.district, .township, .village])
        #expect(s.regionLevels.map(\.total) == [1, 5, 11])
        #expect(s.regionLevels[1].kinds.map(\.kind) == ["street", "town", "township", "township_like"])
        #expect(s.organizations == .init(total: 30, active: 28))
        #expect(s.organizationTypes.first { $0.type == .society }?.count == .init(total: 4, active: 2))
        #expect(s.persons == 40)
        #expect(s.positions == .init(total: 71, active: 65))
        #expect(s.links == .init(total: 7, active: 4))
        #expect(s.institutions == 5)
    }

    @Test func activityFollowsTheDate() throws {
        let d = try #require(LoadOutcome(Repository.dataset("sample")).dataset)
        // S-AI is founded 2021-03-01; S-AGR dissolved in 2019.
        let later = DatasetSummary(d, asOf: Day(parsing: "2021-03-01")!)
        let earlier = DatasetSummary(d, asOf: Day(parsing: "2021-02-28")!)
        #expect(later.organizations.active == earlier.organizations.active + 1)
    }
}
