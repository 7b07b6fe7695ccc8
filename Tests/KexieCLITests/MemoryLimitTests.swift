import Foundation
import Testing
import KexieTestSupport

/// Memory in proportion to what is printed (issue 16, item 4): pairs are listed only by the
/// commands that print them, and refused past `Linkage.pairLimit` with the busiest person
/// named; target rows past `TargetResult.rowLimit` are refused with the target named; a report
/// with hundreds of target checks counts them per target instead of listing each.
@Suite struct MemoryLimitTests {
    /// One person (P1) in `n` associations of `n` districts under one city (as
    /// Benchmarks/hostile/one_person.py writes it): n(n - 1)/2 pairs.
    static func onePerson(in n: Int) throws -> TemporaryDataset {
        let range = 1...n
        return try TemporaryDataset([
            "dataset.yaml": "name: one-person\nas_of: 2020-12-31\n",
            "regions.csv": "id,name,level,parent,kind\nC0,City,city,,municipality\n"
                + range.map { "D\($0),District \($0),district,C0,district\n" }.joined(),
            "organizations.csv": "id,name,type,region,parent,institution,discipline,founded,dissolved\nA0,City,association,C0,,,,2000-01-01,\n"
                + range.map { "A\($0),Association \($0),association,D\($0),A0,,,2000-01-01,\n" }.joined(),
            "persons.csv": "id,name,category,sector,workplace,region\nP1,Busy,researcher,,Somewhere,C0\n",
            "positions.csv": "person,organization,role,start,end\n" + range.map { "P1,A\($0),member,2019-01-01,\n" }.joined(),
            "links.csv": "from,to,kind,weight,start,end\n",
        ])
    }

    @Test func listingTooManyPairsIsRefusedNamingThePerson() throws {
        let d = try Self.onePerson(in: 4_500)  // 10,122,750 pairs, over the limit of 10 million
        let message = "kexie: \(d.path): person P1 holds 4500 active positions, which with everyone else's make up to 10122750 pairs"
        for command in [["analyze", d.path], ["analyze", d.path, "--format", "csv", "--out", d.file("csv")], ["linkage", d.path],
                        ["report", d.path, "--out", d.file("report")], ["render", "linkage", d.path, "-o", d.file("l.svg")]] {
            let r = try runKexie(command, timeout: 60)
            #expect(r.status == 65, "\(command)")
            #expect(r.stderr.contains(message), "\(command): \(r.stderr)")
            #expect(r.stdout.isEmpty, "\(command)")
        }
        #expect(!FileManager.default.fileExists(atPath: d.file("l.svg")))
        for command in [["gaps", d.path], ["orphans", d.path], ["summary", d.path], ["trend", d.path, "--step", "year"],
                        ["whatif", d.path, "--remove-person", "P1"], ["render", "coverage", d.path, "--format", "dot"]] {
            let r = try runKexie(command, timeout: 60)
            #expect(r.status == 0, "\(command): \(r.stderr)")
            #expect(r.seconds < 30, "\(command) took \(r.seconds) s")
        }
    }

    @Test func tooManyTargetRowsAreRefusedNamingTheTarget() throws {
        let rules = FileManager.default.temporaryDirectory.appendingPathComponent("kexie-targets-\(UUID().uuidString).yaml").path
        defer { try? FileManager.default.removeItem(atPath: rules) }
        // 20 per-village targets over Tianjin's 5,617 villages: 112,340 rows, over the limit of 100,000.
        let text = "targets:\n" + (1...20).map { "  - {name: v\($0), due: 2020-12-31, per: village, level: village, min_covered: 1}\n" }.joined()
        try text.write(toFile: rules, atomically: true, encoding: .utf8)
        for command in ["analyze", "gaps", "report"] {
            let r = try runKexie([command, "datasets/tianjin", "--rules", rules] + (command == "report" ? ["--out", rules + ".report"] : []),
                                 timeout: 60)
            #expect(r.status == 65, "\(command)")
            #expect(r.stderr == shippedLoadWarning + "kexie: datasets/tianjin: the rules' targets make up to 112340 target rows (one per target and unit), more than the limit of 100000; target \"v1\" alone has 5617 units (per village) — give it a scope, or fewer targets per unit\n", "\(command)")
        }
    }

    @Test func aReportCountsHundredsOfTargetChecksPerTarget() throws {
        let rules = FileManager.default.temporaryDirectory.appendingPathComponent("kexie-targets-\(UUID().uuidString).yaml").path
        let out = rules + ".report"
        defer { for p in [rules, out] { try? FileManager.default.removeItem(atPath: p) } }
        // One per-district target (16 checks) and one per township (about 250): past the 200 listed one by one.
        try """
        targets:
          - {name: districts, due: 2020-12-31, per: district, level: township, min_covered: 1}
          - {name: townships, due: 2030-12-31, per: township, level: village, min_rate: 0.5}

        """.write(toFile: rules, atomically: true, encoding: .utf8)
        let r = try runKexie(["report", "datasets/tianjin", "--rules", rules, "--out", out, "--quiet", "--format", "md"], timeout: 120)
        #expect(r.status == 0, "\(r.stderr)")
        let md = try String(contentsOfFile: out + "/report.md", encoding: .utf8)
        #expect(md.contains("target checks (2 targets):"))
        #expect(md.contains("too many to list one by one"))
        #expect(md.contains("| districts |") && md.contains("| townships |"))
    }
}
