import Testing
import KexieAnalysis
import KexieModel
import KexieTestSupport

/// The frame numbered for subtree tests (RegionTree.swift), worked by hand on a forest with a
/// township directly under a city and a village directly under a district:
///
///     P1 province ── C1 city ─┬─ D1 district ─┬─ T1 township ─┬─ V1 village
///                             │               │               └─ V2 village
///                             │               └─ T2 township
///                             ├─ D2 district ── T3 township
///                             └─ T8 township
///     D9 district ── V9 village
@Suite struct RegionTreeTests {
    let regions: RegionTable
    let tree: RegionTree

    init() throws {
        var b = DatasetBuilder()
        b.region("P1", .province)
        b.region("C1", .city, parent: "P1")
        b.region("D1", .district, parent: "C1")
        b.region("T1", .township, parent: "D1", kind: "town")
        b.region("V1", .village, parent: "T1", kind: "village")
        b.region("V2", .village, parent: "T1", kind: "village")
        b.region("T2", .township, parent: "D1", kind: "town")
        b.region("D2", .district, parent: "C1")
        b.region("T3", .township, parent: "D2", kind: "town")
        b.region("T8", .township, parent: "C1", kind: "town")
        b.region("D9", .district)
        b.region("V9", .village, parent: "D9", kind: "village")
        let dataset = try b.load()
        regions = dataset.regions
        tree = RegionTree(dataset.regions, children: dataset.regionChildren)
    }

    private func id(_ r: Int) -> String { regions.ids[r] }
    private func row(_ id: String) -> Int { regions.ids.index(of: id)! }

    @Test func eachSubtreeIsTheRegionAndEverythingBelowIt() {
        let subtrees = (0..<regions.count).map { r in
            "\(id(r)): " + (0..<regions.count).filter { tree.contains(r, $0) }.map(id).joined(separator: " ")
        }
        #expect(subtrees == [
            "P1: P1 C1 D1 T1 V1 V2 T2 D2 T3 T8",
            "C1: C1 D1 T1 V1 V2 T2 D2 T3 T8",
            "D1: D1 T1 V1 V2 T2",
            "T1: T1 V1 V2",
            "V1: V1",
            "V2: V2",
            "T2: T2",
            "D2: D2 T3",
            "T3: T3",
            "T8: T8",
            "D9: D9 V9",
            "V9: V9",
        ])
    }

    @Test func eachRegionsDistrictIsItsAncestorAtThatLevel() {
        // Above the district level, and under a city without a district between, there is none.
        let districts = (0..<regions.count).map { "\(id($0)) \(tree.district(of: $0).map(id) ?? "-")" }
        #expect(districts == ["P1 -", "C1 -", "D1 D1", "T1 D1", "V1 D1", "V2 D1", "T2 D1", "D2 D2", "T3 D2", "T8 -", "D9 D9", "V9 D9"])
    }

    @Test func ancestorAtALevelIsTheRegionItselfOrAboveIt() {
        func ancestor(_ r: String, _ level: Level) -> String { regions.ancestor(of: row(r), at: level).map(id) ?? "-" }
        #expect([Level.village, .township, .district, .city, .province, .country].map { ancestor("V1", $0) } == ["V1", "T1", "D1", "C1", "P1", "-"])
        #expect(ancestor("V9", .township) == "-")  // the frame skips the level
        #expect(ancestor("D1", .village) == "-")   // below the region
        #expect(ancestor("T8", .district) == "-")
    }
}
