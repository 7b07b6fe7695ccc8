import Testing
import KexieModel
import KexieTestSupport

/// Datasets built row by row: the CSV they become, and what the loader reads from it.
@Suite struct DatasetBuilderTests {
    @Test func rowsBecomeCSVWithEveryContractColumn() {
        var b = DatasetBuilder(rules: "overload_threshold: 1\n")
        b.region("D1", .district, name: "示例区, \"新\"")
        b.region("T1", .township, parent: "D1", kind: "town")
        b.organization("A1", .association, region: "D1", founded: "2018-05")
        b.person("P1", "official", sector: "science")
        b.position("P1", "A1", .partTimeViceChair, end: "2021")
        b.link("A1", "A1", .pairsWith, weight: "0.25")
        b.institution("U1", .university)
        #expect(b.files == [
            "regions.csv": "id,name,level,parent,kind\nD1,\"示例区, \"\"新\"\"\",district,,\nT1,T1,township,D1,town\n",
            "organizations.csv": "id,name,type,region,parent,institution,discipline,founded,dissolved\nA1,A1,association,D1,,,,2018-05,\n",
            "persons.csv": "id,name,category,sector\nP1,P1,official,science\n",
            "positions.csv": "person,organization,role,start,end\nP1,A1,part_time_vice_chair,,2021\n",
            "links.csv": "from,to,kind,weight,start,end\nA1,A1,pairs_with,0.25,,\n",
            "institutions.csv": "id,name,kind,region\nU1,U1,university,\n",
            "rules.yaml": "overload_threshold: 1\n",
        ])
    }

    @Test func theLoaderReadsWhatWasBuilt() throws {
        var b = DatasetBuilder(rules: "overload_threshold: 1\n")
        b.region("D1", .district, name: "示例区, \"新\"")
        b.organization("A1", .association, region: "D1", founded: "2018-05")
        let d = try b.load()
        #expect(d.regions.ids[0] == "D1" && d.regions.names[0] == "示例区, \"新\"" && d.organizations.ids[0] == "A1")
        #expect(d.organizations.founded[0] == Day(parsing: "2018-05-01"))
        #expect(d.rules.overloadThreshold == 1)
    }

    @Test func aDatasetThatDoesNotLoadSaysWhy() {
        var b = DatasetBuilder()
        b.region("D1", .district)
        b.organization("A1", .association, region: "D1", founded: "someday")
        #expect(throws: DatasetBuilder.LoadFailed.self) { try b.load() }
    }
}
