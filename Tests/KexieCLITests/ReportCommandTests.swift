import Foundation
import Testing
import KexieTestSupport

@Suite struct ReportCommandTests {
    private func folder() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("kexie-report-\(UUID().uuidString)").path
    }

    @Test func theNotebookValidatesAgainstNbformat() throws {
        let out = folder()
        defer { try? FileManager.default.removeItem(atPath: out) }
        let r = try runKexie(["report", "datasets/sample", "--out", out, "--quiet"])
        #expect(r.status == 0, "\(r.stderr)")
        let check = try runBinary("/usr/bin/env", ["python3", "-c", """
            import sys, nbformat
            nb = nbformat.read(sys.argv[1], as_version=4)
            nbformat.validate(nb)
            svgs = [o for c in nb.cells if c.cell_type == 'code' for o in c.outputs if 'image/svg+xml' in o.get('data', {})]
            assert len(svgs) == 4, len(svgs)  # coverage, two trend charts, one district
            print('ok')
            """, "\(out)/report.ipynb"])
        #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
        #expect(FileManager.default.fileExists(atPath: "\(out)/figures/coverage.svg"))
    }

    @Test(arguments: ["sample", "tianjin"])
    func committedExportsAreCurrent(_ name: String) throws {
        let out = folder()
        defer { try? FileManager.default.removeItem(atPath: out) }
        let r = try runKexie(["report", "datasets/\(name)", "--out", out, "--quiet"])
        #expect(r.status == 0, "\(r.stderr)")
        let committed = Repository.root.appendingPathComponent("notebooks-export/\(name)").path
        let fm = FileManager.default
        let expected = try fm.subpathsOfDirectory(atPath: committed).filter { !$0.hasSuffix("figures") }.sorted()
        let produced = try fm.subpathsOfDirectory(atPath: out).filter { !$0.hasSuffix("figures") }.sorted()
        #expect(expected == produced)
        for file in expected {
            #expect(fm.contentsEqual(atPath: "\(committed)/\(file)", andPath: "\(out)/\(file)"), "notebooks-export/\(name)/\(file) is stale: run make notebooks")
        }
    }

    @Test func aFailedReportLeavesTheOldOneUntouched() throws {
        let out = folder()
        defer { try? FileManager.default.removeItem(atPath: out) }
        #expect(try runKexie(["report", "datasets/sample", "--out", out, "--quiet"]).status == 0)
        let before = try Data(contentsOf: URL(fileURLWithPath: "\(out)/report.html"))
        let broken = try TemporaryDataset(replacing: ["organizations.csv": "id,name,type,region,parent\nA,a,assocation,D1,\n"])
        let r = try runKexie(["report", broken.path, "--out", out, "--quiet"])
        #expect(r.status == 65)
        #expect(try Data(contentsOf: URL(fileURLWithPath: "\(out)/report.html")) == before)
        #expect(try FileManager.default.contentsOfDirectory(atPath: out).allSatisfy { !$0.hasPrefix(".") })
    }

    @Test func theReportsNumbersEqualAnalyze() throws {
        let out = folder()
        defer { try? FileManager.default.removeItem(atPath: out) }
        #expect(try runKexie(["report", "datasets/tianjin", "--out", out, "--quiet", "--format", "md"]).status == 0)
        let md = try String(contentsOfFile: "\(out)/report.md", encoding: .utf8)
        let json = try runKexie(["analyze", "datasets/tianjin", "--format", "json"]).stdout
        let doc = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let coverage = try #require(doc["coverage"] as? [String: Any])
        let levels = try #require(coverage["levels"] as? [String: [String: Any]])
        for (level, v) in levels {
            #expect(md.contains("| \(level) | \(v["covered"] as! Int) | \(v["total"] as! Int) |"))
        }
        let blank = try #require(coverage["blank_spots"] as? [[String: Any]])
        #expect(md.contains("\(blank.count) blank spots, \(blank.filter { $0["frontier"] as? Bool == true }.count) on the frontier"))
        #expect(!FileManager.default.fileExists(atPath: "\(out)/report.html"))  // only the formats asked for
    }
}
