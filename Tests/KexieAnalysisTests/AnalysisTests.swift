import Testing
import KexieAnalysis
import KexieModel
import KexieTestSupport

/// The analysis as a whole (Analysis.swift): every family computed on its own agrees with the
/// assembled analysis, and orphan findings name their subjects by id or row number.
@Suite struct AnalysisTests {
    /// A root, a township association with a dangling position and link, a society without a
    /// parent, and a target.
    private static func network() -> DatasetBuilder {
        var b = DatasetBuilder.smallFrame(rules: "targets:\n  - {name: t, due: 2020-12-31, per: district, level: township, min_covered: 1}\n")
        b.organization("A1", .association, region: "D1")
        b.organization("AT1", .association, region: "T1", parent: "A1")
        b.organization("S1", .society, region: "D1", discipline: "medicine")
        b.person("P1", "health_center_director")
        b.position("P1", "AT1", .chair)
        b.position("P1", "A1", .committee)
        b.position("P9", "AT1", .member)  // row 3: an unknown person
        b.link("AT1", "S1", .cooperates)
        b.link("AT1", "ZZ", .cooperates)  // row 2: an unknown organization
        return b
    }

    @Test func theAssembledAnalysisEqualsEachFamilyOnItsOwn() throws {
        let a = try Self.network().analysis()
        let d = a.dataset
        let tree = RegionTree(d.regions, children: d.regionChildren)
        let activity = Activity(d, at: a.asOf)
        let coverage = Coverage(d, tree: tree, activeOrganizations: activity.organizations)
        #expect(a.coverage == coverage)
        #expect(a.gaps == Gaps(d, activity: activity))
        #expect(a.targets == TargetResult.evaluate(d, asOf: a.asOf, coveredAtAsOf: coverage.coveredRegions))
        #expect(a.orphans == Orphan.find(d, tree: tree, activity: activity))
        #expect(a.linkage == Linkage(d, activity: activity, asOf: a.asOf))
        #expect(a.activity.organizations == activity.organizations && a.activity.positions == activity.positions)
    }

    @Test func orphanIDsAreIDsOrRowNumbers() throws {
        let a = try Self.network().analysis()
        // S1 has no parent and no position; position row 3 and link row 2 dangle.
        #expect(a.orphans.map { "\($0.kind.rawValue) \(a.id(of: $0))" } == ["link 2", "organization S1", "organization S1", "position 3"])
        #expect(a.orphanList() == ["dangling_link:2", "empty:S1", "no_parent:S1", "dangling_position:3"])
    }
}
