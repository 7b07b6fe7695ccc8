import Testing
import KexieModel

@Suite struct RegionTableLookupTests {
    /// D1 东区 (district) with townships T1 东区 and T2 西镇, and district D2 西镇.
    private func table() -> RegionTable {
        var t = RegionTable()
        for (id, name, level, parent) in [("D1", "东区", Level.district, Int32(-1)), ("T1", "东区", .township, 0),
                                          ("T2", "西镇", .township, 0), ("D2", "西镇", .district, -1)] {
            _ = t.ids.insert(id)
            t.names.append(name)
            t.levels.append(level)
            t.parents.append(parent)
        }
        return t
    }

    @Test func anIdWinsOverANameAndMustHaveTheLevel() {
        let t = table()
        #expect(t.rows(matching: "T2") == [2])
        #expect(t.rows(matching: "T2", level: .township) == [2])
        #expect(t.rows(matching: "T2", level: .district) == [])
    }

    @Test func aNameMatchesEveryRowOfTheLevelInRowOrder() {
        let t = table()
        #expect(t.rows(matching: "东区") == [0, 1])
        #expect(t.rows(matching: "东区", level: .district) == [0])
        #expect(t.rows(matching: "西镇", level: .district) == [3])
        #expect(t.rows(matching: "西镇") == [2, 3])
        #expect(t.rows(matching: "南区") == [])
        #expect(t.rows(matching: "") == [])
    }
}
