import Foundation
import Testing
import KexieTestSupport

/// `kexie export` read back by NetworkX, checked against the dataset's CSV files as Python reads
/// them (an independent count of rows and resolvable references).
@Suite struct ExportCommandTests {
    /// Whether python3 with networkx is installed (`make test` installs it).
    static let hasNetworkX: Bool = (try? python(["-c", "import networkx"]).status) == 0

    static func python(_ arguments: [String]) throws -> (status: Int32, output: String) {
        let r = try runBinary("/usr/bin/env", ["python3"] + arguments)
        return (r.status, r.stdout + r.stderr)
    }

    static func folder() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("kexie-export-\(UUID().uuidString)").path
    }

    @Test(.enabled(if: hasNetworkX), arguments: ["sample", "tianjin"])
    func networkXReadsEveryFormat(_ name: String) throws {
        let out = Self.folder()
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: out) }
        for format in ["graphml", "gexf", "json"] {
            let r = try runKexie(["export", "datasets/\(name)", "--to", format, "-o", "\(out)/graph.\(format)"])
            #expect(r.status == 0, "\(r.stderr)")
        }
        let check = try Self.python([Repository.root.appendingPathComponent("Tests/Oracle/check_export.py").path,
                                     Repository.dataset(name), out])
        #expect(check.status == 0, "\(check.output)")
        #expect(check.output.contains("graphml ok") && check.output.contains("gexf ok") && check.output.contains("json ok"), "\(check.output)")
    }

    @Test func csvNeedsAFolder() throws {
        let r = try runKexie(["export", "datasets/sample", "--to", "csv"])
        #expect(r.status == 64)
        #expect(r.stderr.contains("--to csv writes nodes.csv and edges.csv: give a folder with -o DIR"))
        #expect(try runKexie(["export", "datasets/sample"]).status == 64)
        #expect(try runKexie(["export", "datasets/sample", "--to", "xml"]).status == 64)
    }

    @Test func csvWritesNodesAndEdgesAndReportsSkippedReferences() throws {
        let out = Self.folder()
        defer { try? FileManager.default.removeItem(atPath: out) }
        let r = try runKexie(["export", "datasets/sample", "--to", "csv", "-o", out])
        #expect(r.status == 0)
        #expect(r.stderr == shippedLoadWarning + "kexie: 6 references that do not resolve made no edge (1 organization parent, 1 organization region, 1 organization institution, 2 positions, 1 link)\n")
        let nodes = try String(contentsOfFile: "\(out)/nodes.csv", encoding: .utf8)
        let edges = try String(contentsOfFile: "\(out)/edges.csv", encoding: .utf8)
        #expect(nodes.split(separator: "\n").count == 1 + 92)
        #expect(edges.split(separator: "\n").count == 1 + 195)
        #expect(nodes.contains("\norganization:A-D,Organization,organization,A-D,青林区科学技术协会,"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: out).sorted() == ["edges.csv", "nodes.csv"])
        #expect(try runKexie(["export", "datasets/sample", "--to", "csv", "-o", out, "--quiet"]).stderr == shippedLoadWarning)
    }

    @Test func formatFromTheExtensionAndStandardOutput() throws {
        let out = Self.folder()
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: out) }
        #expect(try runKexie(["export", "datasets/sample", "-o", "\(out)/g.gv", "--quiet"]).status == 0)
        let dot = try String(contentsOfFile: "\(out)/g.gv", encoding: .utf8)
        #expect(dot.hasPrefix("digraph \"sample\" {\n"))
        let r = try runKexie(["export", "datasets/sample", "--to", "json", "--quiet", "--as-of", "2019-06-01"])
        let json = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        #expect((json["graph"] as? [String: Any])?["as_of"] as? String == "2019-06-01")
        #expect((json["nodes"] as? [Any])?.count == 92)
    }
}
