import Testing
@testable import KexieModel

@Suite struct InternedStringsTests {
    @Test func indicesAreDenseInInsertionOrder() {
        var s = InternedStrings()
        #expect(s.insert("120000000000") == (0, true))
        #expect(s.insert("天津市") == (1, true))
        #expect(s.insert("120000000000") == (0, false))
        #expect(s.count == 2)
        #expect(s[1] == "天津市")
        #expect(s.index(of: "天津市") == 1)
        #expect(s.index(of: "天津") == nil)
        #expect(s.index(of: "") == nil)
    }

    @Test func growsPastManyRehashes() {
        var s = InternedStrings()
        for i in 0..<50_000 { #expect(s.insert("P\(i)").index == i) }
        for i in stride(from: 0, to: 50_000, by: 997) { #expect(s.index(of: "P\(i)") == i) }
        #expect(s.index(of: "P50000") == nil)
        #expect(s.count == 50_000)
        s._checkInvariants()
    }

    @Test func reservingKeepsEveryStringFindable() {
        var s = InternedStrings(["a", "b", "南开区"])
        s.reserveCapacity(10_000, bytesPerString: 12)
        s._checkInvariants()
        #expect(s.index(of: "南开区") == 2)
        for i in 0..<10_000 { s.insert("R\(i)") }
        s._checkInvariants()
        #expect(s.count == 10_003)
    }

    @Test func batchedLookupsAgreeWithSingleOnes() {
        var s = InternedStrings()
        for i in 0..<5_000 { s.insert("O\(i * 3)") }
        let cells = (0..<200).map { $0 % 7 == 0 ? "" : "O\($0)" }
        let column = StringColumn(cells)
        let batched = s.indices(ofRowsOf: column)
        for (k, cell) in cells.enumerated() {
            let expected = cell.isEmpty ? ReferenceColumn.absent : s.index(of: cell).map { Int32($0) } ?? ReferenceColumn.unknown
            #expect(batched[k] == expected, "cell \(k) \(cell)")
        }
    }

    @Test func stringColumnKeepsEmptyRowsAsAbsent() {
        var c = StringColumn(["a", "", "长名字"])
        c.appendEmpty()
        #expect(c.count == 4)
        #expect(c[0] == "a" && c[2] == "长名字")
        #expect(c.isEmpty(1) && c.isEmpty(3) && !c.isEmpty(2))
        #expect(c.utf8Count(2) == 9)
    }
}
