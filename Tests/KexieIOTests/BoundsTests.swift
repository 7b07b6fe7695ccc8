import Testing
import KexieIO
import KexieModel
import KexieTestSupport

/// Weights and computed dates stay within what kexie can sum and write back.
@Suite struct BoundsTests {
    @Test func aRoleOrLinkWeightAboveTheLimitIsAnError() throws {
        for rules in ["role_weights: {chair: 1e308}", "link_weights: {pairs_with: 1000001}"] {
            let ds = try TemporaryDataset(replacing: ["rules.yaml": rules])
            let outcome = LoadOutcome(ds.path)
            #expect(outcome.failure == .dataError, "\(rules)")
            let error = try #require(outcome.diagnostics(.error).first)
            #expect(error.description.contains("rules.yaml:1:"), "\(error)")
            #expect(error.description.contains("must be at most 1000000"), "\(error)")
        }
        let ok = try TemporaryDataset(replacing: ["rules.yaml": "role_weights: {chair: 1000000}"])
        #expect(LoadOutcome(ok.path).dataset?.rules.weight(of: .chair) == 1_000_000)
    }

    @Test func aLinkWeightAboveTheLimitIsAnError() throws {
        var b = DatasetBuilder()
        b.region("D1", .district)
        b.organization("A", .association, region: "D1")
        b.organization("B", .association, region: "D1")
        b.link("A", "B", .pairsWith, weight: "1e308")
        let folder = try b.write()
        let outcome = LoadOutcome(folder.path)
        #expect(outcome.failure == .dataError)
        let error = try #require(outcome.diagnostics(.error).first)
        #expect(error.description.contains("links.csv:2:"), "\(error)")
        #expect(error.description.contains("at most 1000000"), "\(error)")
    }

    @Test func aSecondedTermPastTheLastDayEndsOnItWithAWarning() throws {
        var b = DatasetBuilder(rules: "seconded_term_years: 100")
        b.region("D1", .district)
        b.organization("A", .association, region: "D1")
        b.person("P", "scientist")
        b.position("P", "A", .secondedViceChair, start: "9999-12-31")
        let folder = try b.write()
        let outcome = LoadOutcome(folder.path)
        let d = try #require(outcome.dataset)
        #expect(d.positionEnds[0] == Day.latest)
        #expect(Day.latest.description == "9999-12-31")
        #expect(d.secondedTermsEndingAtLatest == 1)
        let warning = try #require(outcome.diagnostics(.warning).first { $0.description.contains("seconded") })
        #expect(warning.description.contains("9999-12-31"), "\(warning)")
    }
}
