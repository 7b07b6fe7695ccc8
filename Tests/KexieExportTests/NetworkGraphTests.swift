import Testing
import KexieExport
import KexieIO
import KexieModel
import KexieTestSupport

/// The graph view over a dataset: which nodes and edges exist and what they carry.
@Suite struct NetworkGraphTests {
    static func sample(asOf: Day = Day(year: 2020, month: 12, day: 31)!) throws -> NetworkGraph {
        let dataset = try #require(LoadOutcome(Repository.dataset("sample")).dataset)
        return NetworkGraph(dataset, asOf: asOf)
    }

    /// Every field of the record `body` sees for `node`, by attribute name.
    static func fields(of node: NodeRef, in g: NetworkGraph) -> [String: GraphValue] {
        var found: [String: GraphValue] = [:]
        g.forEachNode { n, fields in
            if n == node { for f in fields { found[g.nodeAttributes[f.attribute].name] = f.value } }
        }
        return found
    }

    static func fields(ofEdge id: String, in g: NetworkGraph) -> (edge: GraphEdge, fields: [String: GraphValue])? {
        var found: (GraphEdge, [String: GraphValue])?
        g.forEachEdge { e, fields in
            if e.id == id { found = (e, Dictionary(uniqueKeysWithValues: fields.map { (g.edgeAttributes[$0.attribute].name, $0.value) })) }
        }
        return found
    }

    @Test func sampleHasARowPerNodeAndAnEdgePerResolvedReference() throws {
        let g = try Self.sample()
        #expect(g.nodeCount == 17 + 30 + 40 + 5)
        // region_parent, organization_parent, organization_region, organization_institution,
        // person_region, institution_region, position, link — counted from the CSV files by hand.
        #expect(g.edgeCounts == [16, 27, 29, 3, 40, 5, 69, 6])
        #expect(g.edgeCount == 195)
        // X-NJ's parent S-NJ, K-V43's region V43, EA-E3's institution E3, two dangling
        // positions and one dangling link.
        #expect(g.skipped == [0, 1, 1, 1, 0, 0, 2, 1])
        var nodes = 0, edges = 0
        g.forEachNode { _, _ in nodes += 1 }
        g.forEachEdge { _, _ in edges += 1 }
        #expect(nodes == 92 && edges == 195)
    }

    @Test func nodesCarryTheirColumnsTyped() throws {
        let g = try Self.sample()
        let d = g.dataset
        let xnj = Self.fields(of: NodeRef(.organization, try #require(d.organizations.ids.index(of: "X-NJ"))), in: g)
        #expect(xnj["kind"] == .string("organization"))
        #expect(xnj["original_id"] == .string("X-NJ"))
        #expect(xnj["type"] == .string("social_org"))
        // An unknown parent is kept as written: the attribute shows what the edge cannot.
        #expect(xnj["parent"] == .string("S-NJ"))
        #expect(xnj["founded"] == .date(Day(year: 2011, month: 1, day: 1)!))
        #expect(xnj["dissolved"] == nil)
        #expect(xnj["active"] == .boolean(true))
        #expect(g.id(NodeRef(.organization, d.organizations.ids.index(of: "X-NJ")!)) == "organization:X-NJ")

        let p02 = Self.fields(of: NodeRef(.person, try #require(d.persons.ids.index(of: "P02"))), in: g)
        #expect(p02["name"] == .string("李慧"))
        #expect(p02["category"] == .string("hospital_director"))
        // The sector cell is empty: the exported sector is the one derived from the category.
        #expect(p02["sector"] == .string("health"))
        #expect(p02["workplace"] == .string("青林区人民医院"))
        #expect(p02["region"] == .string("D"))

        let d0 = Self.fields(of: NodeRef(.region, 0), in: g)
        #expect(d0 == ["kind": .string("region"), "original_id": .string("D"), "name": .string("青林区"),
                       "level": .string("district"), "region_kind": .string("other")])
    }

    @Test func positionsCarryRoleWeightDatesAndTheSecondedTerm() throws {
        let g = try Self.sample()
        // positions.csv row 4: P08 seconded to A-D from 2019-02-15 with no end: two years.
        let (edge, f) = try #require(Self.fields(ofEdge: "position:4", in: g))
        #expect(g.id(edge.source) == "person:P08" && g.id(edge.target) == "organization:A-D")
        #expect(f == ["relation": .string("position"), "role": .string("seconded_vice_chair"), "weight": .double(0.6),
                      "start": .date(Day(year: 2019, month: 2, day: 15)!),
                      "effective_end": .date(Day(year: 2021, month: 2, day: 15)!),
                      "seconded": .boolean(true), "active": .boolean(true)])
        // After the term the position is exported all the same, inactive.
        let later = try Self.sample(asOf: Day(year: 2021, month: 2, day: 15)!)
        #expect(Self.fields(ofEdge: "position:4", in: later)?.fields["active"] == .boolean(false))
    }

    @Test func linksCarryKindWeightAndActivity() throws {
        let g = try Self.sample()
        let (first, f1) = try #require(Self.fields(ofEdge: "link:1", in: g))
        #expect(g.id(first.source) == "organization:A-T1" && g.id(first.target) == "organization:A-V42")
        // No weight written: the rules' default for pairs_with.
        #expect(f1["link_kind"] == .string("pairs_with") && f1["weight"] == .double(0.5) && f1["active"] == .boolean(true))
        #expect(Self.fields(ofEdge: "link:2", in: g)?.fields["weight"] == .double(0.2))
        // Row 6 ended on 2019-12-31, before A-V31 was founded: never active, exported all the same.
        let f6 = try #require(Self.fields(ofEdge: "link:6", in: g)).fields
        #expect(f6["end"] == .date(Day(year: 2019, month: 12, day: 31)!) && f6["active"] == .boolean(false))
        // Row 1 starts on 2019-09-01.
        let before = try Self.sample(asOf: Day(year: 2019, month: 6, day: 1)!)
        #expect(Self.fields(ofEdge: "link:1", in: before)?.fields["active"] == .boolean(false))
    }

    @Test func extraColumnsAreTypedWhenEveryCellAllows() throws {
        let ds = try TemporaryDataset(replacing: [
            "regions.csv": """
                id,name,level,parent,kind,population,area,capital,code,kind_note
                D1,示例区,district,,,120000,2.5,true,007,x
                T1,东街道,township,D1,,3400,3,false,12,
                T2,西镇,township,D1,town,,,,,

                """,
            "organizations.csv": """
                id,name,type,region,parent,kind,id2,label
                A-D1,示例区科协,association,D1,,hub,-5,L
                A-T1,东街道科协,association,T1,A-D1,,7,

                """,
        ])
        let dataset = try #require(LoadOutcome(ds.path).dataset)
        let g = NetworkGraph(dataset, asOf: Day(year: 2020, month: 1, day: 1)!)
        let extra = Array(g.nodeAttributes.dropFirst(17))
        #expect(extra == [
            GraphAttribute("population", .long), GraphAttribute("area", .double), GraphAttribute("capital", .boolean),
            GraphAttribute("code", .string), GraphAttribute("kind_note", .string),
            // Names the export uses itself get a prefix.
            GraphAttribute("extra_kind", .string), GraphAttribute("id2", .long), GraphAttribute("extra_label", .string),
        ])
        let d1 = Self.fields(of: NodeRef(.region, 0), in: g)
        #expect(d1["population"] == .long(120_000) && d1["area"] == .double(2.5) && d1["capital"] == .boolean(true))
        #expect(d1["code"] == .string("007"))
        let t1 = Self.fields(of: NodeRef(.region, 1), in: g)
        #expect(t1["area"] == .double(3) && t1["kind_note"] == nil)
        let a = Self.fields(of: NodeRef(.organization, 0), in: g)
        #expect(a["kind"] == .string("organization") && a["extra_kind"] == .string("hub") && a["id2"] == .long(-5))
    }
}
