import Testing
import KexieAnalysis
import KexieModel
import KexieTestSupport

// What the hand-worked cases of the per-analysis test files share: the analysis of a built
// dataset, findings written back as ids (so expectations list WHICH ones), and the small
// frame several cases are worked on.

/// `YYYY-MM-DD` as a day (a test's literal: a typo is a test bug, so it traps).
func day(_ text: String) -> Day { Day(parsing: text)! }

extension DatasetBuilder {
    /// The analysis of the built dataset as of `asOf`.
    func analysis(asOf: String = "2020-12-31") throws -> Analysis {
        Analysis(try load(), asOf: day(asOf))
    }

    /// The frame most cases are worked on:
    ///
    ///     D1 district ─┬─ T1 street ─────────┬─ V11 community
    ///                  │                     └─ V12 village
    ///                  ├─ T2 town ─────────── V21 village
    ///                  └─ T3 township_like ── V31 village_like
    ///     D2 district ─── T4 township
    static func smallFrame(rules: String? = nil) -> DatasetBuilder {
        var b = DatasetBuilder(rules: rules)
        b.region("D1", .district)
        b.region("T1", .township, parent: "D1", kind: "street")
        b.region("V11", .village, parent: "T1", kind: "community")
        b.region("V12", .village, parent: "T1", kind: "village")
        b.region("T2", .township, parent: "D1", kind: "town")
        b.region("V21", .village, parent: "T2", kind: "village")
        b.region("T3", .township, parent: "D1", kind: "township_like")
        b.region("V31", .village, parent: "T3", kind: "village_like")
        b.region("D2", .district)
        b.region("T4", .township, parent: "D2", kind: "township")
        return b
    }
}

extension Analysis {
    /// The row of organization `id` (a test's literal: a typo traps).
    func org(_ id: String) -> Int { dataset.organizations.ids.index(of: id)! }
    /// Organization rows as ids.
    func orgIDs(_ rows: [Int]) -> [String] { rows.map { dataset.organizations.ids[$0] } }
    /// Region rows as ids.
    func regionIDs(_ rows: [Int]) -> [String] { rows.map { dataset.regions.ids[$0] } }
    /// Every orphan finding as `reason:id`, with `<via` for `under_orphan`, in the analysis' order.
    func orphanList() -> [String] {
        orphans.map { o in "\(o.reason.rawValue):\(id(of: o))" + (o.via.map { "<\(dataset.organizations.ids[$0])" } ?? "") }
    }
    /// strength(o) of organization `id`, or `nil` when it is not an active organization.
    func strength(_ id: String) -> Double? { linkage.organizations.first { $0.organization == org(id) }?.strength }
    /// link(a, b) when it is a listed pair (link > 0), else `nil`.
    func pair(_ a: String, _ b: String) -> Double? {
        linkage.pairs.first { ($0.a, $0.b) == (org(a), org(b)) || ($0.a, $0.b) == (org(b), org(a)) }?.strength
    }
}

// The frame, header and dataset of the cases first written as one file of edge cases, kept as
// they were written (CSV text) now that each case lives with its analysis.

/// `D1` with townships `T1` (street), `T2` (town), `T3` (excluded development zone) and villages
/// `V1` (community, under T1), `V2` (village, under T2); kinds inferred from the names.
let edgeCaseFrame = """
    id,name,level,parent,kind
    D1,示例区,district,,
    T1,东街道,township,D1,
    T2,西镇,township,D1,
    T3,开发区,township,D1,township_like
    V1,东社区,village,T1,
    V2,西村,village,T2,

    """

/// The header of organizations.csv with every contract column.
let organizationsHeader = "id,name,type,region,parent,institution,discipline,founded,dissolved\n"

/// The analysis of `files` over `edgeCaseFrame`.
func analyzeInEdgeCaseFrame(_ files: [String: String], asOf: String = "2020-12-31") throws -> Analysis {
    try analysis(["regions.csv": edgeCaseFrame].merging(files) { $1 }, asOf: asOf)
}

/// The district association and T1's; V2 covered by a popularization organization; the
/// excluded T3 with an association; T2's association founded after 2020-12-31.
let blankSpotsAndFrontierFiles = [
    "organizations.csv": organizationsHeader + """
        A,区科协,association,D1,,,,,
        T,东街道科协,association,T1,A,,,,
        K,科普小组,popularization_org,V2,A,,,,
        Z,开发区科协,association,T3,A,,,,
        F,将来的科协,association,T2,A,,,2021-05-01,

        """,
]

/// An association in T1 with a member (P1) and a chair (P2), read with the built-in rules and
/// with rules that reweigh roles, count members and keep only the township level.
let rulesChangeFiles = [
    "organizations.csv": organizationsHeader + "A,区科协,association,D1,,,,,\nT,东街道科协,association,T1,A,,,,\n",
    "persons.csv": "id,name,category\nP1,甲,health_center_director\nP2,乙,school_principal\n",
    "positions.csv": "person,organization,role\nP1,T,member\nP2,T,chair\n",
]
let changedRules = """
    role_weights: {member: 0.5, chair: 2}
    counting_roles: {township: [chair, member]}
    coverage: {levels: [township]}

    """

/// A district association with a seconded vice-chair whose term runs past the as-of date (P1),
/// a committee post ending on it (P2), and a seconded term that ended the day before (P3).
let secondedTermsFiles = [
    "organizations.csv": organizationsHeader + "A,区科协,association,D1,,,,,\n",
    "persons.csv": "id,name,category\nP1,甲,hospital_director\nP2,乙,school_principal\nP3,丙,tech_enterprise_head\n",
    "positions.csv": """
        person,organization,role,start,end
        P1,A,seconded_vice_chair,2019-01-15,
        P2,A,committee,2018-01-01,2020-12-31
        P3,A,seconded_vice_chair,2018-12-30,

        """,
]
