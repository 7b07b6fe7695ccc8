import Foundation
import Testing
import KexieTestSupport

@Suite struct AnalyzeCommandTests {
    @Test func jsonIsTheSchemaDocumentAndTheDefaultOffATerminal() throws {
        let r = try runKexie(["analyze", "datasets/sample"])
        #expect(r.status == 0, "\(r.stderr)")
        let expected = try String(contentsOfFile: Repository.fixture("sample-analysis.json"), encoding: .utf8)
        #expect(r.stdout == expected)
    }

    @Test func aDocumentIsTheSameAloneOrAmongSeveral() throws {
        let alone = try runKexie(["analyze", "datasets/sample", "--format", "json"])
        let both = try runKexie(["analyze", "datasets/tianjin", "datasets/sample", "--format", "json"])
        #expect(both.status == 0)
        let array = try #require(try JSONSerialization.jsonObject(with: Data(both.stdout.utf8)) as? [[String: Any]])
        #expect(array.map { $0["dataset"] as? String } == ["tianjin", "sample"])
        let single = try JSONSerialization.jsonObject(with: Data(alone.stdout.utf8)) as? NSDictionary
        #expect(single == (array[1] as NSDictionary))
    }

    @Test func jsonLinesCarryDatasetAnalysisAndKind() throws {
        let r = try runKexie(["analyze", "datasets/sample", "--format", "jsonl"])
        #expect(r.status == 0)
        let lines = r.stdout.split(separator: "\n")
        let objects = try lines.map { try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]) }
        #expect(objects.allSatisfy { $0["dataset"] as? String == "sample" })
        let orphans = objects.filter { $0["analysis"] as? String == "orphans" }
        #expect(orphans.count == 17)
        let blank = objects.filter { $0["kind"] as? String == "blank_spot" }
        #expect(blank.compactMap { $0["id"] as? String } == ["T4", "V23", "V32", "V41"])
        #expect(objects.contains { $0["kind"] as? String == "pair" && $0["strength"] is Double })
    }

    /// A JSON object with a key twice is read differently by every parser (`jq` keeps the last
    /// one, so `select(.kind == "institution_gap")` once found nothing): no line of any command
    /// may repeat a key.
    @Test(arguments: [["analyze"], ["gaps"], ["orphans"], ["linkage"], ["diff", "--from", "2018-12-31", "--to", "2020-12-31"]])
    func jsonLinesRepeatNoKey(command: [String]) throws {
        let r = try runKexie([command[0], "datasets/sample"] + command.dropFirst() + ["--format", "jsonl"])
        #expect(r.status == 0, "\(r.stderr)")
        let lines = r.stdout.split(separator: "\n")
        #expect(!lines.isEmpty)
        for line in lines {
            let keys = Self.topLevelKeys(String(line))
            #expect(Set(keys).count == keys.count, "\(command[0]): \(line)")
        }
    }

    /// The keys of a one-line JSON object, in order, repeats kept (JSONSerialization drops them).
    static func topLevelKeys(_ line: String) -> [String] {
        var keys: [String] = [], depth = 0, inString = false, escaped = false, current = "", expectingKey = false
        for c in line {
            if inString {
                if escaped { escaped = false; current.append(c) } else if c == "\\" { escaped = true; current.append(c) }
                else if c == "\"" {
                    inString = false
                    if depth == 1 && expectingKey { keys.append(current); expectingKey = false }
                } else { current.append(c) }
                continue
            }
            switch c {
            case "\"": inString = true; current = ""
            case "{", "[": depth += 1; if depth == 1 { expectingKey = true }
            case "}", "]": depth -= 1
            case ",": if depth == 1 { expectingKey = true }
            default: break
            }
        }
        return keys
    }

    @Test func csvWritesOneFilePerFamilyWithNamesNextToIDs() throws {
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("kexie-csv-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: out) }
        let r = try runKexie(["analyze", "datasets/sample", "--format", "csv", "--out", out])
        #expect(r.status == 0, "\(r.stderr)")
        let files = try FileManager.default.contentsOfDirectory(atPath: out).sorted()
        #expect(files.contains("blank_spots.csv") && files.contains("key_person_gaps.csv") && files.contains("orphans.csv")
                && files.contains("linkage_organizations.csv") && files.contains("pairs.csv") && files.contains("targets.csv"))
        let blank = String(decoding: try Data(contentsOf: URL(fileURLWithPath: "\(out)/blank_spots.csv")), as: UTF8.self)
        // A byte-order mark first, for Excel in a Chinese locale.
        #expect(blank.hasPrefix("\u{FEFF}dataset,id,name,level,region_kind,district,district_name,frontier\n"))
        #expect(blank.contains("sample,T4,南湖镇,township,town,D,青林区,true\n"))
        #expect(!files.contains { $0.hasPrefix(".") })  // no temporary files left behind
    }

    @Test func csvNeedsAFolder() throws {
        #expect(try runKexie(["analyze", "datasets/sample", "--format", "csv"]).status == 64)
    }

    @Test func tableForPeople() throws {
        let r = try runKexie(["analyze", "datasets/sample", "--format", "table"])
        #expect(r.status == 0)
        #expect(r.stdout.contains("Coverage by district"))
        #expect(r.stdout.contains("青林区"))
        #expect(r.stdout.contains("Frontier blank spots"))
        #expect(r.stdout.contains("Weakest-linked associations"))
    }

    @Test func failOnGatesTheExitStatus() throws {
        let fails = try runKexie(["analyze", "datasets/sample", "--format", "json", "--fail-on", "blank-spots,missed-targets"])
        #expect(fails.status == 1)
        #expect(fails.stderr.contains("blank-spots, missed-targets"))
        #expect(!fails.stdout.isEmpty)  // the findings are still written
        let ds = try TemporaryDataset()
        let clean = try runKexie(["analyze", ds.path, "--format", "json", "--as-of", "2020-12-31", "--fail-on", "blank-spots"])
        #expect(clean.status == 1)  // V1 has no association
        let passes = try runKexie(["analyze", ds.path, "--format", "json", "--as-of", "2020-12-31", "--fail-on", "missed-targets,islands"])
        #expect(passes.status == 0, "\(passes.stderr)")
        #expect(try runKexie(["analyze", ds.path, "--fail-on", "blank-spot"]).status == 64)
    }

    @Test func outWritesTheFile() throws {
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("kexie-\(UUID().uuidString).json").path
        defer { try? FileManager.default.removeItem(atPath: out) }
        let r = try runKexie(["analyze", "datasets/sample", "--format", "json", "--out", out])
        #expect(r.status == 0 && r.stdout.isEmpty)
        let expected = try String(contentsOfFile: Repository.fixture("sample-analysis.json"), encoding: .utf8)
        #expect(try String(contentsOfFile: out, encoding: .utf8) == expected)
    }

    @Test func viewsFilterByDistrictNameLevelAndFrontier() throws {
        let r = try runKexie(["gaps", "datasets/tianjin", "--district", "蓟州区", "--level", "township", "--format", "json"])
        #expect(r.status == 0, "\(r.stderr)")
        let doc = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let gaps = try #require(doc["key_person_gap"] as? [[String: Any]])
        #expect(!gaps.isEmpty && gaps.allSatisfy { ($0["region"] as? String)?.hasPrefix("120119") == true && $0["level"] as? String == "township" })
        #expect(try runKexie(["gaps", "datasets/tianjin", "--district", "不存在区"]).status == 64)

        let linkage = try runKexie(["linkage", "datasets/sample", "--weakest", "3", "--format", "json"])
        let ldoc = try #require(try JSONSerialization.jsonObject(with: Data(linkage.stdout.utf8)) as? [String: Any])
        let weakest = try #require(ldoc["organization"] as? [[String: Any]])
        #expect(weakest.map { $0["id"] as? String } == ["A-V12", "A-V42", "A-V22"])

        let orphans = try runKexie(["orphans", "datasets/sample", "--top", "2", "--format", "jsonl"])
        #expect(orphans.stdout.split(separator: "\n").count == 2)
    }

    @Test(arguments: ["table", "json", "jsonl"])
    func everyFormatWorksOnTianjin(_ format: String) throws {
        let r = try runKexie(["analyze", "datasets/tianjin", "--format", format])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("滨海新区"))  // a district, named in every format
        #expect(r.stderr == shippedLoadWarning)
    }
}
