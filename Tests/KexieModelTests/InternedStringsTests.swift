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
