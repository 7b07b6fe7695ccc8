import Foundation
import Testing
import KexieIO
import KexieModel
import KexieTestSupport

@Suite struct LoaderTests {
    @Test func bomCRLFAndQuotedCellsWithCommasQuotesAndNewlines() throws {
        let ds = try TemporaryDataset()
        let text = "\u{FEFF}id,name,type,region,parent,founded\r\n" +
            "A-D1,\"示例区科协, \"\"总会\"\"\",association,D1,,1990\r\n" +
            "A-T1,\"东街道\r\n科协\",association,T1,A-D1,2018\r\n" +
            "  A-T2 ,\u{3000}西镇科协\u{3000},association , T2,A-D1,\r\n"
        try ds.write("organizations.csv", text)
        let d = try #require(LoadOutcome(ds.path).dataset)
        let o = d.organizations
        #expect(o.count == 3)
        #expect(o.names[0] == "示例区科协, \"总会\"")
        #expect(o.names[1] == "东街道\r\n科协")
        #expect(o.ids[2] == "A-T2" && o.names[2] == "西镇科协")  // spaces, including U+3000, trimmed
        #expect(o.parents.target(1) == 0 && o.parents.target(2) == 0)
        #expect(o.founded[1].description == "2018-01-01" && o.founded[2] == .distantPast)
    }

    @Test func gb18030TableIsReadWithANote() throws {
        let ds = try TemporaryDataset()
        // "id,name,category\nP1,天津,teacher\n" with 天津 in GB18030.
        try ds.write("persons.csv", bytes: Array("id,name,category\nP1,".utf8) + [0xCC, 0xEC, 0xBD, 0xF2] + Array(",teacher\n".utf8))
        let outcome = LoadOutcome(ds.path)
        let d = try #require(outcome.dataset)
        #expect(d.persons.names[0] == "天津")
        let notes = outcome.diagnostics(.note)
        #expect(notes.count == 1)
        #expect(notes.first?.file == ds.file("persons.csv"))
        #expect(notes.first?.message.contains("GB18030") == true)
    }

    @Test func gzippedTableInsteadOfCSV() throws {
        let ds = try TemporaryDataset()
        try ds.write("links.csv.gz", bytes: gzipFixture)
        let d = try #require(LoadOutcome(ds.path).dataset)
        #expect(d.links.count == 1)
        #expect(d.links.kinds == [.pairsWith])
        #expect(d.linkWeights == [0.5])
    }

    @Test func truncatedGzipIsADataError() throws {
        let ds = try TemporaryDataset()
        try ds.write("links.csv.gz", bytes: Array(gzipFixture.prefix(30)))
        let outcome = LoadOutcome(ds.path)
        #expect(outcome.failure == .dataError)
        #expect(outcome.diagnostics(.error).first?.message.contains("truncated") == true)
    }

    @Test func kindsAreInferredFromNamesWhenEmpty() throws {
        let ds = try TemporaryDataset()
        let d = try #require(LoadOutcome(ds.path).dataset)
        let r = d.regions
        #expect((0..<r.count).map { r.kind($0) } == ["other", "street", "town", "community"])
    }

    @Test func unknownColumnsAreKeptAsAttributes() throws {
        let ds = try TemporaryDataset(replacing: [
            "persons.csv": "id,name,category,电话,foundd\nP1,张三,teacher,123,x\nP2,李四,hospital_directr,,\nP3,王五,hospital_directr,,\n",
        ])
        let outcome = LoadOutcome(ds.path)
        let d = try #require(outcome.dataset)
        #expect(d.persons.attributes.names == ["电话", "foundd"])
        #expect(d.persons.attributes.value("电话", row: 0) == "123")
        let warnings = outcome.diagnostics(.warning)
        #expect(warnings.count == 1)  // "foundd" is near no column persons.csv lacks, so only the category warns
        let category = try #require(warnings.first { $0.message.contains("hospital_directr") })
        #expect(category.line == 3 && category.column == 3)
        #expect(category.message.contains("did you mean \"hospital_director\"?"))
        #expect(category.message.contains("2 rows"))
    }

    @Test func sectorsAreDerivedFromCategoryUnlessGiven() throws {
        let ds = try TemporaryDataset(replacing: [
            "persons.csv": "id,name,category,sector\nP1,a,agri_station_head,\nP2,b,agri_station_head,economy\nP3,c,official,\nP4,d,,\n",
        ])
        let d = try #require(LoadOutcome(ds.path).dataset)
        #expect((0..<4).map { d.sector(ofPerson: $0) } == ["agriculture", "economy", "other", "other"])
    }

    @Test func secondedTermsEndAfterTheConfiguredYears() throws {
        let ds = try TemporaryDataset(replacing: [
            "persons.csv": "id,name,category\nP1,a,hospital_director\n",
            "positions.csv": "person,organization,role,start,end\nP1,A-T1,seconded_vice_chair,2020-02-29,\nP1,A-T2,seconded_vice_chair,2019-05-01,2019-12-31\nP1,A-D1,committee,2019-05-01,\nP1,A-T1,seconded_vice_chair,,\n",
            "rules.yaml": "seconded_term_years: 3\n",
        ])
        let d = try #require(LoadOutcome(ds.path).dataset)
        #expect(d.positionEnds.map(\.description) == ["2023-02-28", "2019-12-31", "", ""])
    }

    @Test func progressReportsEveryTablesRows() throws {
        final class Counts: @unchecked Sendable {
            let lock = NSLock()
            var last: [String: Int] = [:]
            var calls = 0
        }
        let counts = Counts()
        let loader = DatasetLoader(progress: { file, rows in
            counts.lock.lock()
            defer { counts.lock.unlock() }
            let name = (file as NSString).lastPathComponent
            #expect(rows >= counts.last[name] ?? 0, "rows only grow")
            counts.last[name] = rows
            counts.calls += 1
        })
        let d = try loader.load(Repository.dataset("tianjin")).dataset
        #expect(counts.last["regions.csv"] == d.regions.count)
        #expect(counts.last["organizations.csv"] == d.organizations.count)
        #expect(counts.last["persons.csv"] == d.persons.count)
        #expect(counts.last["positions.csv"] == d.positions.count)
        #expect(counts.last["links.csv"] == d.links.count)
        #expect(counts.last["institutions.csv"] == d.institutions.count)
        #expect(counts.calls == 6, "tables under 65,536 rows report once, at their end")
    }

    @Test func tianjinFrameCounts() throws {
        let d = try #require(LoadOutcome(Repository.dataset("tianjin")).dataset)
        let levels = d.regions.levels
        #expect(d.regions.count == 5_933)
        #expect(levels.filter { $0 == .city }.count == 1)
        #expect(levels.filter { $0 == .district }.count == 16)
        #expect(levels.filter { $0 == .township }.count == 299)
        #expect(levels.filter { $0 == .village }.count == 5_617)
        #expect(d.name == "tianjin")
        #expect(d.asOf?.description == "2020-12-31")
        #expect(d.rules.targets.count == 5)
        #expect(d.rules.targets[0].scope == ["120116000000", "120104000000", "120119000000"])
    }

    @Test func regionAdjacencyIsTheFrameTree() throws {
        let d = try #require(LoadOutcome(Repository.dataset("tianjin")).dataset)
        let city = try #require(d.regions.ids.index(of: "120000000000"))
        #expect(d.regionChildren[city].count == 16)
        let heping = try #require(d.regions.ids.index(of: "120101000000"))
        #expect(d.regionChildren[heping].allSatisfy { d.regions.levels[Int($0)] == .township })
    }

    @Test func neverActiveRowsWarnOncePerTable() throws {
        let ds = try TemporaryDataset(replacing: [
            "links.csv": "from,to,kind,start,end\nA-T1,A-T2,cooperates,2020,2019\nA-T1,A-T2,pairs_with,2020-05-01,2020-05-01\n",
        ])
        let outcome = LoadOutcome(ds.path)
        #expect(outcome.failure == nil)
        let w = try #require(outcome.diagnostics(.warning).first)
        #expect(outcome.diagnostics(.warning).count == 1)
        #expect(w.line == 2 && w.column == 5)
        #expect(w.message == "\"end\" is on or before \"start\": the link is never active (2 rows; the first is here)")
    }
}
