import Testing
import KexieAnalysis
import KexieModel
import KexieTestSupport

@Suite struct WhatIfTests {
    @Test func removingASoleKeyPersonOpensExactlyTheirGap() throws {
        let a = try analysis(newVersion)
        let p2 = try #require(a.dataset.persons.ids.index(of: "P2"))
        let diff = WhatIf(a, removingPersons: [p2]).diff
        let l = diff.lines()
        #expect(l["gaps"] == ["+A-T2 school_principal"])  // P2 is A-T2's only school principal
        #expect(l["persons"] == ["-P2"])
        #expect(l["orphans"] == ["+empty A-T2"])  // and its only member; P2 being unaffiliated is the premise
        #expect(l["sectors"] == ["-A-T2 education"])
        #expect(l["moves"] == ["A-T2 0.4→0.0 0.0→0.0"])
    }

    @Test func removingAnOrganizationCutsOffWhatHangsBelowIt() throws {
        let a = try analysis(oldVersion)
        let t1 = try #require(a.dataset.organizations.ids.index(of: "A-T1"))
        let l = WhatIf(a, removingOrganizations: [t1]).diff.lines()
        #expect(l["blank"] == ["+T1"])
        #expect(l["organizations"] == ["-A-T1"])
        #expect(l["persons"] == ["-P1"])  // their only post was there
        #expect(l["orphans"] == ["+unaffiliated P1"])
        #expect(l["gaps"] == [])  // A-T1's gaps go with it
    }

    @Test(arguments: ["sample"])
    func rankingAgreesWithRemovingEachPerson(_ name: String) throws {
        let d = try #require(LoadOutcome(Repository.dataset(name)).dataset)
        let a = Analysis(d, asOf: d.asOf!)
        let ranked = Dictionary(uniqueKeysWithValues: a.soleKeyPersons().map { ($0.person, $0) })
        #expect(ranked.count >= 3)
        func key(_ d: Dataset, _ i: AnalysisDiff.Item) -> String { "\(d.organizations.ids[i.organization]) \(i.name)" }
        for p in 0..<d.persons.count {
            let diff = WhatIf(a, removingPersons: [p]).diff
            #expect(diff.keyPersonGaps.removed.isEmpty)
            let gaps = diff.keyPersonGaps.added.map { key(d, $0) }
            let lost = diff.sectors.removed.map { key(d, $0) }.sorted()
            #expect(gaps == (ranked[p]?.gaps ?? []).map { key(d, $0) }, "\(d.persons.ids[p])")
            #expect(lost == (ranked[p]?.sectors ?? []).map { key(d, $0) }.sorted(), "\(d.persons.ids[p])")
        }
        let order = a.soleKeyPersons().map { ($0.gaps.count, $0.sectors.count) }
        #expect(zip(order, order.dropFirst()).allSatisfy { $0.0 > $1.0 || ($0.0 == $1.0 && $0.1 >= $1.1) })
    }
}
