import Foundation
import Testing
import KexieTestSupport

/// Runs the built binary, as users and scripts do, and checks exit statuses and streams.
@Suite struct CommandTests {
    @Test func validateAcceptsTheShippedDatasets() throws {
        let r = try runKexie(["validate", "datasets/sample", "datasets/tianjin"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("datasets/sample: valid — 17 regions, 30 organizations"))
        #expect(r.stdout.contains("datasets/tianjin: valid — 5,933 regions"))
    }

    @Test func validateReportsDataErrorsWithFileAndLine() throws {
        let ds = try TemporaryDataset(replacing: [
            "organizations.csv": "id,name,type,region,parent\nA,a,association,D1,\nB,b,assocation,D1,A\n",
        ])
        let r = try runKexie(["validate", ds.path])
        #expect(r.status == 65)
        #expect(r.stderr.contains("\(ds.file("organizations.csv")):3:3: error: unknown organization type \"assocation\""))
        #expect(r.stderr.contains("did you mean \"association\"?"))
        #expect(r.stdout.contains("\(ds.path): invalid — 1 error"))
    }

    @Test func exitStatusesFollowSysexits() throws {
        #expect(try runKexie(["validate", "/nonexistent/dataset"]).status == 66)
        #expect(try runKexie(["summary", "datasets/sample", "--as-of", "2020-31-12"]).status == 64)
        #expect(try runKexie(["summary", "datasets/sample", "--format", "xml"]).status == 64)
        #expect(try runKexie(["frobnicate"]).status == 64)
        // The worst status of several datasets wins.
        #expect(try runKexie(["validate", "datasets/sample", "/nonexistent/dataset"]).status == 66)
    }

    @Test func summaryJSONForScripts() throws {
        let r = try runKexie(["summary", "datasets/sample", "--format", "json"])
        #expect(r.status == 0)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        #expect(json["dataset"] as? String == "sample")
        #expect(json["as_of"] as? String == "2020-12-31")
        let regions = try #require(json["regions"] as? [String: Any])
        #expect(regions["total"] as? Int == 17)
        let orgs = try #require(json["organizations"] as? [String: Any])
        #expect(orgs["total"] as? Int == 30 && orgs["active"] as? Int == 28)
        let positions = try #require(json["positions"] as? [String: Any])
        #expect(positions["active"] as? Int == 65)
        #expect(r.stderr == shippedLoadWarning)
    }

    @Test func asOfOverridesTheDatasetDate() throws {
        let r = try runKexie(["summary", "datasets/sample", "--format", "json", "--as-of", "2019-01-01"])
        #expect(r.stdout.contains("\"as_of\": \"2019-01-01\""))
    }

    @Test func summaryTableAlignsChineseByDisplayWidth() throws {
        let r = try runKexie(["summary", "datasets/sample"])
        #expect(r.status == 0)
        let lines = r.stdout.split(separator: "\n").map(String.init)
        let association = try #require(lines.first { $0.hasPrefix("association 科协") })
        let header = try #require(lines.first { $0.hasPrefix("organization type") })
        // "total" right-aligned: the row's count ends where the header's "total" ends.
        func width(_ s: Substring) -> Int { s.unicodeScalars.reduce(0) { $0 + (($1.value >= 0x2E80 && $1.value <= 0x9FFF) ? 2 : 1) } }
        let headerEnd = width(header[..<header.range(of: "total")!.upperBound])
        let rowPrefix = association[..<association.range(of: "10")!.upperBound]
        #expect(width(rowPrefix) == headerEnd)
    }

    @Test func nationalFrameSummary() throws {
        let r = try runKexie(["summary", "datasets/china", "--format", "json"])
        #expect(r.status == 0, "\(r.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let regions = try #require(json["regions"] as? [String: Any])
        #expect(regions["total"] as? Int == 665_262)
        let levels = try #require(regions["levels"] as? [String: [String: Any]])
        #expect(levels["township"]?["total"] as? Int == 41_351)
        #expect(levels["village"]?["total"] as? Int == 620_563)
    }

    @Test func gb18030TablesAreAnnouncedOnStderr() throws {
        let ds = try TemporaryDataset()
        try ds.write("persons.csv", bytes: Array("id,name,category\nP1,".utf8) + [0xCC, 0xEC, 0xBD, 0xF2] + Array(",teacher\n".utf8))
        let r = try runKexie(["summary", ds.path, "--format", "json"])
        #expect(r.status == 0)
        #expect(r.stderr.contains("\(ds.file("persons.csv")): note: not valid UTF-8; read as GB18030"))
        #expect(r.stdout.contains("\"persons\": 1"))
    }
}

@Suite struct GenerateCommandTests {
    @Test func aGeneratedNetworkIsValidAndRepeatsToTheByte() throws {
        let fm = FileManager.default
        let a = fm.temporaryDirectory.appendingPathComponent("kexie-gen-\(UUID().uuidString)").path
        let b = fm.temporaryDirectory.appendingPathComponent("kexie-gen-\(UUID().uuidString)").path
        defer { try? fm.removeItem(atPath: a); try? fm.removeItem(atPath: b) }
        for out in [a, b] {
            let r = try runKexie(["generate", "--frame", "datasets/tianjin/regions.csv", "--out", out, "--seed", "11", "--quiet"])
            #expect(r.status == 0, "\(r.stderr)")
        }
        let v = try runKexie(["validate", a])
        #expect(v.status == 0 && !v.stdout.contains("warning"), "\(v.stdout)\(v.stderr)")
        for file in ["regions.csv", "organizations.csv", "persons.csv", "positions.csv", "links.csv", "institutions.csv", "dataset.yaml"] {
            #expect(fm.contentsEqual(atPath: "\(a)/\(file)", andPath: "\(b)/\(file)"), "\(file)")
        }
        #expect(try runKexie(["generate", "--frame", "/nonexistent/regions.csv", "--out", a]).status == 66)
        #expect(try runKexie(["generate", "--frame", "datasets/tianjin/regions.csv", "--out", a, "--village-coverage", "2"]).status == 64)
    }
}
