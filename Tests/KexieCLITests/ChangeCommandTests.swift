import Foundation
import Testing
import KexieTestSupport

private func json(_ text: String) throws -> [String: Any] {
    try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
}

/// `kexie diff`, `kexie trend`, `kexie whatif` and `kexie render trend` as scripts run them.
@Suite struct ChangeCommandTests {
    @Test func diffBetweenDatesAsJSONAndFailOn() throws {
        let r = try runKexie(["diff", "datasets/tianjin", "--from", "2018-12-31", "--to", "2020-12-31", "--format", "json",
                              "--fail-on", "new-blank-spots,dissolved"])
        let doc = try json(r.stdout)
        #expect((doc["before"] as? [String: String])?["as_of"] == "2018-12-31")
        let blank = try #require(doc["blank_spots"] as? [[String: Any]])
        #expect(blank.contains { $0["change"] as? String == "closed" && $0["name"] as? String == "劝业场街道" })
        #expect(!blank.contains { $0["change"] as? String == "opened" })
        // One organization was dissolved during 2019–2020 in the Tianjin data: --fail-on dissolved trips.
        let dissolved = (doc["organizations"] as? [[String: Any]] ?? []).filter { $0["change"] as? String == "dissolved" }
        #expect(r.status == (dissolved.isEmpty ? 0 : 1), "\(r.stderr)")
        let same = try runKexie(["diff", "datasets/sample", "datasets/sample", "--format", "jsonl", "--fail-on", "new-blank-spots,weaker"])
        #expect(same.status == 0 && same.stdout.isEmpty)
    }

    @Test func diffUsageErrors() throws {
        #expect(try runKexie(["diff", "datasets/sample"]).status == 64)
        #expect(try runKexie(["diff", "datasets/sample", "--from", "2019-13-01", "--to", "2020"]).status == 64)
        #expect(try runKexie(["diff", "datasets/sample", "datasets/sample", "--from", "2019"]).status == 64)
        #expect(try runKexie(["diff", "datasets/sample", "--from", "2019", "--to", "2020", "--fail-on", "blank-spots"]).status == 64)
    }

    @Test func whatifRemovesAndRanks() throws {
        let rank = try json(try runKexie(["whatif", "datasets/sample", "--rank-persons", "--top", "3", "--format", "json"]).stdout)
        let rows = try #require(rank["sole_key_persons"] as? [[String: Any]])
        #expect(rows.count == 3 && rows.first?["rank"] as? Int == 1)
        let person = try #require(rows.first?["person"] as? String)
        let gaps = try #require(rows.first?["gaps"] as? Int)
        let r = try runKexie(["whatif", "datasets/sample", "--remove-person", person, "--format", "json", "--fail-on", "new-key-person-gaps"])
        #expect(r.status == (gaps > 0 ? 1 : 0))
        let opened = try #require(try json(r.stdout)["key_person_gaps"] as? [[String: Any]])
        #expect(opened.filter { $0["change"] as? String == "opened" }.count == gaps)
        #expect(try runKexie(["whatif", "datasets/sample", "--remove-person", "nobody"]).status == 64)
        #expect(try runKexie(["whatif", "datasets/sample"]).status == 64)
    }

    @Test func trendStepsEqualAnalyzeAsOf() throws {
        let r = try runKexie(["trend", "datasets/tianjin", "--from", "2018-12-31", "--to", "2020-12-31", "--step", "year", "--format", "json"])
        #expect(r.status == 0, "\(r.stderr)")
        let points = try #require(try json(r.stdout)["points"] as? [[String: Any]])
        #expect(points.map { $0["date"] as? String } == ["2018-12-31", "2019-12-31", "2020-12-31"])
        for p in points {
            let date = p["date"] as! String
            let doc = try json(try runKexie(["analyze", "datasets/tianjin", "--as-of", date, "--format", "json"]).stdout)
            let coverage = try #require(doc["coverage"] as? [String: Any])
            let trendCoverage = try #require(p["coverage"] as? [String: Any])
            #expect(NSDictionary(dictionary: trendCoverage["levels"] as! [String: Any]) == NSDictionary(dictionary: coverage["levels"] as! [String: Any]))
            #expect(NSArray(array: trendCoverage["districts"] as! [Any]) == NSArray(array: coverage["districts"] as! [Any]))
            let findings = try #require(p["findings"] as? [String: Int])
            #expect(findings["blank_spots"] == (coverage["blank_spots"] as? [Any])?.count)
            #expect(findings["orphans"] == (doc["orphans"] as? [Any])?.count)
        }
    }

    @Test func renderTrendWritesAnSVGFile() throws {
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("kexie-trend-\(UUID().uuidString).svg").path
        defer { try? FileManager.default.removeItem(atPath: out) }
        let r = try runKexie(["render", "trend", "datasets/tianjin", "--by", "level", "--step", "year", "-o", out])
        #expect(r.status == 0, "\(r.stderr)")
        let svg = try String(contentsOfFile: out, encoding: .utf8)
        #expect(svg.components(separatedBy: "<g class=\"series\"").count - 1 == 3)
        #expect(try runKexie(["render", "trend", "datasets/tianjin", "--format", "png", "-o", out + ".png"]).status == 64)
    }
}
