import Foundation
import Testing
import KexieAnalysis
import KexieModel
import KexieTestSupport

/// Two versions of a small dataset, worked by hand (both as of 2020-12-31). From OLD to NEW:
/// 东街道科协 A-T1 is dissolved, 西镇科协 A-T2 and 东社区科协 A-V1 (under the dissolved A-T1)
/// are founded; P5, a hospital director, joins the district association; P2 takes a post in
/// A-T2 and P6 (new) in A-V1; P1 loses the post they had in A-T1.
let versionRegions = """
    id,name,level,parent,kind
    D1,示例区,district,,
    T1,东街道,township,D1,
    T2,西镇,township,D1,town
    V1,东社区,village,T1,

    """
let versionRules = """
    targets:
      - name: "a village association in every district"
        due: 2020-12-31
        per: district
        level: village
        min_covered: 1

    """
let oldVersion: [String: String] = [
    "regions.csv": versionRegions, "rules.yaml": versionRules,
    "organizations.csv": """
        id,name,type,region,parent,institution,discipline,founded,dissolved
        A-D1,示例区科协,association,D1,,,,1990,
        A-T1,东街道科协,association,T1,A-D1,,,2018-05,
        S1,示例区医学会,society,D1,A-D1,,medicine,2010,

        """,
    "persons.csv": "id,name,category\nP1,甲,health_center_director\nP2,乙,school_principal\nP3,丙,tech_enterprise_head\nP5,戊,hospital_director\n",
    "positions.csv": "person,organization,role\nP1,A-T1,committee\nP3,A-D1,chair\nP3,A-T1,committee\nP5,S1,member\n",
]
let newVersion: [String: String] = oldVersion.merging([
    "organizations.csv": """
        id,name,type,region,parent,institution,discipline,founded,dissolved
        A-D1,示例区科协,association,D1,,,,1990,
        A-T1,东街道科协,association,T1,A-D1,,,2018-05,2020-06-30
        S1,示例区医学会,society,D1,A-D1,,medicine,2010,
        A-T2,西镇科协,association,T2,A-D1,,,2020-03,
        A-V1,东社区科协,association,V1,A-T1,,,2020-09,

        """,
    "persons.csv": "id,name,category\nP1,甲,health_center_director\nP2,乙,school_principal\nP3,丙,tech_enterprise_head\nP5,戊,hospital_director\nP6,己,village_official\n",
    "positions.csv": """
        person,organization,role
        P1,A-T1,committee
        P3,A-D1,chair
        P3,A-T1,committee
        P5,S1,member
        P5,A-D1,vice_chair
        P2,A-T2,committee
        P6,A-V1,member

        """,
]) { $1 }

func analysis(_ files: [String: String], asOf: String = "2020-12-31") throws -> Analysis {
    let ds = try TemporaryDataset(files)
    let outcome = LoadOutcome(ds.path)
    let d = try #require(outcome.dataset, "\(outcome.log.diagnostics)")
    return Analysis(d, asOf: Day(parsing: asOf)!)
}

extension AnalysisDiff {
    /// Each family as "added …" / "removed …" lines of ids, for exact comparison.
    func lines() -> [String: [String]] {
        let b = before.dataset, a = after.dataset
        func rows(_ c: Changes<Int>, _ ids: (Dataset) -> InternedStrings) -> [String] {
            c.added.map { "+\(ids(a)[$0])" } + c.removed.map { "-\(ids(b)[$0])" }
        }
        func items(_ c: Changes<Item>) -> [String] {
            c.added.map { "+\(a.organizations.ids[$0.organization]) \($0.name)" } + c.removed.map { "-\(b.organizations.ids[$0.organization]) \($0.name)" }
        }
        func orphan(_ x: Analysis, _ o: Orphan) -> String { "\(o.reason.rawValue) \(x.id(of: o))" }
        return [
            "blank": rows(blankSpots) { $0.regions.ids },
            "organizations": rows(organizations) { $0.organizations.ids },
            "orphans": orphans.added.map { "+" + orphan(after, $0) } + orphans.removed.map { "-" + orphan(before, $0) },
            "gaps": items(keyPersonGaps),
            "sectors": items(sectors),
            "weak": rows(weakAttachments) { $0.organizations.ids },
            "islands": rows(islands) { $0.organizations.ids },
            "persons": rows(persons) { $0.persons.ids },
            "targets": targets.map { t in
                let unit = t.after.map { a.regions.ids[after.targets[$0].unit] } ?? b.regions.ids[before.targets[t.before!].unit]
                return "\(unit) \(t.before.map { before.targets[$0].status.rawValue } ?? "-")→\(t.after.map { after.targets[$0].status.rawValue } ?? "-")"
            },
            "moves": moves.map { m in
                "\(a.organizations.ids[m.after]) \(m.strengthBefore)→\(m.strengthAfter) \(m.verticalBefore.map { "\($0)" } ?? "nil")→\(m.verticalAfter.map { "\($0)" } ?? "nil")"
            },
        ]
    }
}

@Suite struct AnalysisDiffTests {
    @Test func twoVersionsWorkedByHand() throws {
        let diff = AnalysisDiff(from: try analysis(oldVersion), to: try analysis(newVersion))
        let l = diff.lines()
        // T1 lost its association; T2 and V1 gained one.
        #expect(l["blank"] == ["+T1", "-T2", "-V1"])
        #expect(l["organizations"] == ["+A-T2", "+A-V1", "-A-T1"])
        // A-V1 hangs under the dissolved A-T1; P1 has no post left; P2 has one now.
        #expect(l["orphans"] == ["+inactive_parent A-V1", "+unaffiliated P1", "-unaffiliated P2"])
        // The new associations' gaps open (rule order); P5 fills the district's hospital director.
        // A-T1's gaps went with it: not "filled".
        #expect(l["gaps"] == [
            "+A-T2 health_center_director", "+A-T2 agri_station_head", "+A-T2 tech_enterprise_head", "+A-T2 social_service_center_director",
            "+A-V1 clinic_director", "+A-V1 primary_school_principal", "+A-V1 popularization_leader",
            "-A-D1 hospital_director",
        ])
        #expect(l["targets"] == ["D1 missed→met"])
        // A-D1: chair 1.0 + vice-chair 1.0. S1: P5 now in both, min(0.1, 1.0) = 0.1 vertically.
        #expect(l["moves"] == ["A-D1 1.0→2.0 nil→nil", "S1 0.1→0.1 0.0→0.1"])
        #expect(l["sectors"] == ["+A-D1 health"])
        #expect(l["weak"] == ["+A-T2", "-S1"])
        #expect(l["islands"] == ["+A-V1"])
        #expect(l["persons"] == ["+P2", "+P6", "-P1"])
    }

    @Test func theReverseDiffMirrorsWhatStillExists() throws {
        let diff = AnalysisDiff(from: try analysis(newVersion), to: try analysis(oldVersion))
        let l = diff.lines()
        #expect(l["blank"] == ["+T2", "+V1", "-T1"])
        #expect(l["organizations"] == ["+A-T1", "-A-T2", "-A-V1"])
        // A-T1 is active again: its gaps open; A-T2's and A-V1's went with them.
        #expect(l["gaps"] == ["+A-D1 hospital_director", "+A-T1 school_principal", "+A-T1 social_service_center_director"])
        #expect(l["persons"] == ["+P1", "-P2", "-P6"])  // P6 is not in the old version: gone, so left
    }

    @Test(arguments: ["sample", "tianjin"])
    func aDatasetAgainstItselfIsEmpty(_ name: String) throws {
        let d = try #require(LoadOutcome(Repository.dataset(name)).dataset)
        let again = try #require(LoadOutcome(Repository.dataset(name)).dataset)
        #expect(AnalysisDiff(from: Analysis(d, asOf: d.asOf!), to: Analysis(again, asOf: d.asOf!)).isEmpty)
        let day = Day(parsing: "2019-06-30")!
        #expect(AnalysisDiff(from: Analysis(d, asOf: day), to: Analysis(d, asOf: day)).isEmpty)
    }

    @Test func tianjinAcrossThePilotShowsTheTownshipsFounded() throws {
        let d = try #require(LoadOutcome(Repository.dataset("tianjin")).dataset)
        let from = Day(parsing: "2018-12-31")!, to = Day(parsing: "2020-12-31")!
        let diff = AnalysisDiff(from: Analysis(d, asOf: from), to: Analysis(d, asOf: to))
        // Independently: the township associations organizations.csv says were founded after
        // the first date, on or before the second, and not dissolved by it.
        let csv = try String(contentsOfFile: Repository.dataset("tianjin") + "/organizations.csv", encoding: .utf8)
        var expected: [String] = []
        for line in csv.split(separator: "\n").dropFirst() {
            let c = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            guard c[2] == "association", let r = d.regions.ids.index(of: c[3]), d.regions.levels[r] == .township,
                  let founded = Day(parsing: c[7]), founded > from, founded <= to, c[8].isEmpty || Day(parsing: c[8])! > to else { continue }
            expected.append(c[0])
        }
        let founded = diff.organizations.added.filter { o in
            d.organizations.types[o] == .association && d.organizations.regions.target(o).map { d.regions.levels[$0] == .township } == true
        }.map { d.organizations.ids[$0] }
        #expect(founded.count > 100)
        #expect(founded == expected.sorted { utf8Less($0, $1) })
        // Each founded township association closes its township's blank spot (where coverage
        // counts the township and nothing covered it before).
        let closed = Set(diff.blankSpots.removed)
        let before = Analysis(d, asOf: from).coverage
        for id in founded {
            let r = d.organizations.regions.target(d.organizations.ids.index(of: id)!)!
            if before.countedRegions[r] && !before.coveredRegions[r] { #expect(closed.contains(r), "\(id)") }
        }
        #expect(closed.count >= founded.count / 2)
        #expect(diff.blankSpots.added.isEmpty)
    }
}
