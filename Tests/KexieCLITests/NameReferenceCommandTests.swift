import Foundation
import Testing
import KexieTestSupport

/// References by name end to end: datasets/tianjin with its references written as people
/// write them — regions by name (or by the shortest name path that tells them apart),
/// organizations by name where the name is unique — analyses to the same document.
@Suite struct NameReferenceCommandTests {
    /// A table of datasets/tianjin as rows of cells (its tables have no quoted cells).
    private static func table(_ name: String) throws -> [[String]] {
        let text = try String(contentsOfFile: Repository.dataset("tianjin") + "/\(name)", encoding: .utf8)
        return text.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
    }

    private static func csv(_ rows: [[String]]) -> String { rows.map { $0.joined(separator: ",") }.joined(separator: "\n") + "\n" }

    /// For each region id, its name if no other region has it, else the shortest path of names
    /// from an ancestor down that only it matches (ancestors in order, as the contract reads a
    /// path), else nothing.
    private static func regionNames(_ regions: [[String]]) -> [String: String] {
        let rows = regions.dropFirst()
        var name: [String: String] = [:], parent: [String: String] = [:], byName: [String: [String]] = [:]
        for r in rows {
            name[r[0]] = r[1]
            parent[r[0]] = r[3]
            byName[r[1], default: []].append(r[0])
        }
        func chain(_ id: String) -> [String] {  // names from the region up
            var c: [String] = [], at: String? = id
            while let a = at, let n = name[a] { c.append(n); at = parent[a].flatMap { $0.isEmpty ? nil : $0 } }
            return c
        }
        func matches(_ path: [String]) -> Int {  // path: ancestors first
            byName[path.last ?? "", default: []].filter { id in
                var wanted = path.dropLast()[...]
                for n in chain(id).dropFirst() where wanted.last == n { wanted = wanted.dropLast() }
                return wanted.isEmpty
            }.count
        }
        var result: [String: String] = [:]
        for r in rows {
            let up = chain(r[0])
            for k in 1...up.count {
                let path = Array(up.prefix(k).reversed())
                if matches(path) == 1 { result[r[0]] = path.joined(separator: k % 2 == 0 ? " " : "/"); break }
            }
        }
        return result
    }

    @Test func tianjinWithReferencesByNameAnalysesToTheSameDocument() throws {
        let regions = try Self.table("regions.csv")
        var organizations = try Self.table("organizations.csv")
        var positions = try Self.table("positions.csv")
        var links = try Self.table("links.csv")
        let regionName = Self.regionNames(regions)
        var orgNameCount: [String: Int] = [:]
        for o in organizations.dropFirst() { orgNameCount[o[1], default: 0] += 1 }
        var orgName: [String: String] = [:]
        for o in organizations.dropFirst() where orgNameCount[o[1]] == 1 { orgName[o[0]] = o[1] }

        var byName = (regions: 0, parents: 0, positions: 0, links: 0)
        for i in organizations.indices.dropFirst() {
            if let n = regionName[organizations[i][3]] { organizations[i][3] = n; byName.regions += 1 }
            if let n = orgName[organizations[i][4]] { organizations[i][4] = n; byName.parents += 1 }
        }
        for i in positions.indices.dropFirst() where i % 2 == 0 {
            if let n = orgName[positions[i][1]] { positions[i][1] = n; byName.positions += 1 }
        }
        for i in links.indices.dropFirst() {
            if let n = orgName[links[i][0]] { links[i][0] = n; byName.links += 1 }
            if let n = orgName[links[i][1]] { links[i][1] = n; byName.links += 1 }
        }
        // Nearly every region is given by name, and some by path.
        #expect(byName.regions > 2000 && organizations.contains { $0[3].contains("/") || $0[3].contains(" ") })
        #expect(byName.parents > 1000 && byName.positions > 1000 && byName.links > 100)

        var files: [String: String] = [:]
        for f in ["regions.csv", "persons.csv", "institutions.csv", "dataset.yaml", "rules.yaml"] {
            files[f] = try String(contentsOfFile: Repository.dataset("tianjin") + "/\(f)", encoding: .utf8)
        }
        files["organizations.csv"] = Self.csv(organizations)
        files["positions.csv"] = Self.csv(positions)
        files["links.csv"] = Self.csv(links)
        let ds = try TemporaryDataset(files)

        let original = try runKexie(["analyze", "datasets/tianjin", "--format", "json"])
        let named = try runKexie(["analyze", ds.path, "--format", "json"])
        #expect(named.status == 0, "\(named.stderr)")
        #expect(named.stdout == original.stdout)

        let validate = try runKexie(["validate", ds.path])
        #expect(validate.status == 0, "\(validate.stderr)")
        // Full-width notes come from official names' brackets, read in NFKC; not this test's subject.
        let notes = validate.stderr.split(separator: "\n").filter { $0.contains(": note: ") && !$0.contains("full-width") }.map { line in
            String(line.dropFirst(ds.path.count + 1).prefix { $0 != ":" }) + ": " + String(line.split(separator: ": note: ")[1].prefix { $0 != "(" })
        }
        #expect(notes == [
            "organizations.csv: \(byName.regions) regions given by name, resolved ",
            "organizations.csv: \(byName.parents) organizations given by name, resolved ",
            "positions.csv: \(byName.positions) organizations given by name, resolved ",
            "links.csv: \(byName.links) organizations given by name, resolved ",
        ])
    }
}
