import Testing
import KexieAnalysis
import KexieModel
import KexieTestSupport

/// `Linkage.weakestAssociations`: active associations only, least strength first, equal
/// strengths in id order, then the filter, then the limit.
@Suite struct WeakestAssociationsTests {
    /// The minimal frame. Strengths (member 0.1, chair 1.0):
    /// A 1.0; A2 0 (no positions); T1 0.1; V1 0.1; T2 0.2; the society S 0.1 and the dissolved
    /// Z are not active associations.
    static func analysis() throws -> Analysis {
        let ds = try TemporaryDataset(replacing: [  // the minimal frame: D1 > T1 > V1, D1 > T2
            "organizations.csv": """
                id,name,type,region,parent,institution,discipline,founded,dissolved
                A,区科协,association,D1,,,,,
                T1,东街道科协,association,T1,A,,,,
                T2,西镇科协,association,T2,A,,,,
                A2,西镇第二科协,association,T2,A,,,,
                V1,东社区科普协会,association,V1,T1,,,,
                S,学会,society,D1,A,,,,
                Z,已撤销,association,V1,T1,,,,2019-01-01

                """,
            "persons.csv": "id,name,category\nP1,甲,official\nP2,乙,researcher\nP3,丙,researcher\nP4,丁,researcher\nP5,戊,researcher\nP6,己,researcher\nP7,庚,researcher\n",
            "positions.csv": "person,organization,role\nP1,A,chair\nP2,T1,member\nP3,T2,member\nP4,T2,member\nP5,V1,member\nP6,S,member\nP7,Z,member\n",
        ])
        let outcome = LoadOutcome(ds.path)
        let d = try #require(outcome.dataset, "\(outcome.log.diagnostics)")
        return Analysis(d, asOf: Day(parsing: "2020-12-31")!)
    }

    static func ids(_ a: Analysis, _ rows: [Linkage.Organization]) -> [String] {
        rows.map { a.dataset.organizations.ids[$0.organization] }
    }

    @Test func leastStrengthFirstTiesByID() throws {
        let a = try Self.analysis()
        #expect(Self.ids(a, a.linkage.weakestAssociations()) == ["A2", "T1", "V1", "T2", "A"])
        #expect(a.linkage.weakestAssociations().map(\.strength) == [0, 0.1, 0.1, 0.2, 1.0])
    }

    @Test func theLimitCutsAfterSorting() throws {
        let a = try Self.analysis()
        #expect(Self.ids(a, a.linkage.weakestAssociations(limit: 2)) == ["A2", "T1"])
        #expect(Self.ids(a, a.linkage.weakestAssociations(limit: 10)) == ["A2", "T1", "V1", "T2", "A"])
        #expect(a.linkage.weakestAssociations(limit: 0).isEmpty)
    }

    @Test func theFilterComesBeforeTheLimit() throws {
        let a = try Self.analysis()
        let a2 = try #require(a.dataset.organizations.ids.index(of: "A2"))
        #expect(Self.ids(a, a.linkage.weakestAssociations(limit: 2) { $0 != a2 }) == ["T1", "V1"])
        let inT2 = try #require(a.dataset.regions.ids.index(of: "T2"))
        #expect(Self.ids(a, a.linkage.weakestAssociations { a.dataset.organizations.regions.target($0) == inT2 }) == ["A2", "T2"])
    }
}
