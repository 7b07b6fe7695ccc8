import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
import KexieTestSupport

/// The example program of `Examples/BlankSpots`, run as a script writer would run it.
@Suite struct LibraryExampleTests {
    private let example = Repository.binary("kexie-example-blank-spots")

    private func temporarySVG() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("kexie-example-\(UUID().uuidString).svg").path
    }

    /// `id<TAB>name<TAB>level` of every frontier blank spot of 蓟州区 by `kexie gaps`.
    private func frontierBlankSpotsFromTheCLI(_ district: String) throws -> [String] {
        let r = try runKexie(["gaps", "datasets/tianjin", "--district", district, "--frontier-only", "--format", "json"])
        #expect(r.status == 0, "\(r.stderr)")
        let document = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any]
        let rows = try #require(document?["blank_spot"] as? [[String: Any]])
        return rows.map { "\($0["id"]!)\t\($0["name"]!)\t\($0["level"]!)" }
    }

    @Test(arguments: ["蓟州区", "120119000000"])
    func printsTheFrontierBlankSpotsOfADistrictAndDrawsIt(district: String) throws {
        let svg = temporarySVG()
        defer { try? FileManager.default.removeItem(atPath: svg) }
        let r = try runBinary(example, ["datasets/tianjin", district, svg])
        #expect(r.status == 0, "\(r.stderr)")
        let printed = r.stdout.split(separator: "\n").map(String.init)
        let expected = try frontierBlankSpotsFromTheCLI(district)
        #expect(expected.count > 100)  // 蓟州区 has hundreds of uncovered villages under covered townships
        #expect(printed == expected)

        let document = try XMLDocument(contentsOf: URL(fileURLWithPath: svg))
        #expect(document.rootElement()?.name == "svg")
        let text = try String(contentsOfFile: svg, encoding: .utf8)
        #expect(text.contains("蓟州区科学技术协会"))
        #expect(text.contains(try #require(expected.first?.split(separator: "\t")[1]).description))
    }

    @Test func unknownAndAmbiguousDistrictsAreUsageErrors() throws {
        let svg = temporarySVG()
        let unknown = try runBinary(example, ["datasets/tianjin", "不存在区", svg])
        #expect(unknown.status == 64)
        #expect(unknown.stderr.contains("no district of tianjin has the id or name \"不存在区\""))
        // A township's id is not a district.
        let township = try runBinary(example, ["datasets/tianjin", "120119001000", svg])
        #expect(township.status == 64)
        #expect(try runBinary(example, ["datasets/tianjin"]).status == 64)
        #expect(!FileManager.default.fileExists(atPath: svg))
    }

    @Test func anInvalidDatasetIsReportedWithItsPlace() throws {
        let broken = try TemporaryDataset(replacing: [
            "organizations.csv": "id,name,type,region,parent,institution,discipline,founded,dissolved\nA-D1,示例区科协,assocation,D1,,,,1990,\n",
        ])
        let r = try runBinary(example, [broken.path, "D1", temporarySVG()])
        #expect(r.status == 65)
        #expect(r.stderr.contains("organizations.csv:2:3"))
    }
}
