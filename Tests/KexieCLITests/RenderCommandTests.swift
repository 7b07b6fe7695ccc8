import Foundation
import Testing
import KexieTestSupport

@Suite struct RenderCommandTests {
    private func temporary(_ ext: String) -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("kexie-render-\(UUID().uuidString).\(ext)").path
    }

    @Test func structureOfADistrictAsSVGAndPNG() throws {
        let svg = temporary("svg"), png = temporary("png")
        defer { try? FileManager.default.removeItem(atPath: svg); try? FileManager.default.removeItem(atPath: png) }
        let r = try runKexie(["render", "structure", "datasets/tianjin", "--scope", "南开区", "-o", svg])
        #expect(r.status == 0, "\(r.stderr)")
        let text = try String(contentsOfFile: svg, encoding: .utf8)
        #expect(text.hasPrefix("<?xml") && text.contains("南开区科学技术协会"))
        #expect(try runKexie(["render", "structure", "datasets/tianjin", "--scope", "120104000000", "--depth", "township", "-o", png]).status == 0)
        let bytes = try Data(contentsOf: URL(fileURLWithPath: png))
        #expect(bytes.starts(with: [0x89, 0x50, 0x4E, 0x47]) && bytes.count > 20_000)
    }

    @Test func usageErrors() throws {
        let engine = try runKexie(["render", "structure", "datasets/sample", "--engine", "spring", "-o", temporary("svg")])
        #expect(engine.status == 64)
        #expect(engine.stderr.contains("dot") && engine.stderr.contains("twopi") && engine.stderr.contains("sfdp"))
        #expect(try runKexie(["render", "ego", "datasets/sample"]).status == 64)
        #expect(try runKexie(["render", "structure", "datasets/sample", "--scope", "不存在"]).status == 64)
        #expect(try runKexie(["render", "maze", "datasets/sample"]).status == 64)
    }

    @Test func everyKindAndTextFormat() throws {
        for (kind, extra) in [("structure", [String]()), ("coverage", []), ("linkage", ["--persons"]), ("ego", ["--scope", "A-T2", "--ego-depth", "2"])] {
            for format in ["svg", "dot", "json"] {
                let r = try runKexie(["render", kind, "datasets/sample", "--format", format] + extra)
                #expect(r.status == 0, "\(kind) \(format): \(r.stderr)")
                #expect(r.stdout.count > 500, "\(kind) \(format)")
            }
        }
    }

    @Test func theGuardSaysWhatItCollapsed() throws {
        let r = try runKexie(["render", "structure", "datasets/tianjin", "--depth", "village", "--format", "svg"])
        #expect(r.status == 0)
        #expect(r.stderr.contains("the village level is drawn as one summary node per township"))
    }
}

/// The diagrams in docs/ are what the current code draws (`make docs` regenerates them).
@Suite struct DocumentationDiagramTests {
    @Test(arguments: [
        (["render", "structure", "datasets/sample"], "docs/sample-structure.svg"),
        (["render", "structure", "datasets/tianjin", "--scope", "南开区", "--depth", "township"], "docs/nankai-structure.svg"),
        (["render", "coverage", "datasets/tianjin"], "docs/tianjin-coverage.svg"),
        (["render", "trend", "datasets/tianjin", "--step", "quarter"], "docs/tianjin-trend.svg"),
    ])
    func committedDiagramsAreCurrent(_ arguments: [String], _ file: String) throws {
        let r = try runKexie(arguments + ["--format", "svg"])
        #expect(r.status == 0)
        let committed = try String(contentsOfFile: Repository.root.appendingPathComponent(file).path, encoding: .utf8)
        #expect(r.stdout == committed, "\(file) is stale: run make docs")
    }
}
