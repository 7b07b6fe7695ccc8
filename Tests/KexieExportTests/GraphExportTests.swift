import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
import KexieExport
import KexieIO
import KexieModel
import KexieTestSupport

/// Each format on a small dataset whose one organization has a hostile name.
@Suite struct GraphExportTests {
    /// `<&"'>|*`, a backslash, a line break and Chinese.
    static let hostile = "<&\"'>|*\\\n青林\"区\""

    static func graph() throws -> NetworkGraph {
        let quoted = "\"" + hostile.replacing("\"", with: "\"\"") + "\""
        let ds = try TemporaryDataset(replacing: [
            "organizations.csv": """
                id,name,type,region,parent,institution,discipline,founded,dissolved
                A-D1,示例区科协,association,D1,,,,1990,
                A-T1,\(quoted),association,T1,A-D1,,,2018-05,
                A-T2,西镇科协,association,T2,A-D1,,,2018-06-01,2019-01-01
                A-X,无主科协,association,T9,A-GONE,,,,

                """,
            "persons.csv": "id,name,category\nP1,王一,official\n",
            "positions.csv": "person,organization,role,start,end\nP1,A-T1,chair,2018-05,\nP1,A-NONE,member,,\n",
            "links.csv": "from,to,kind,weight,start,end\nA-T1,A-T2,pairs_with,1.25,,\n",
        ])
        let dataset = try #require(LoadOutcome(ds.path).dataset)
        return NetworkGraph(dataset, asOf: Day(year: 2020, month: 1, day: 1)!)
    }

    static func text(_ write: (inout ByteSink<Never>) -> Void) -> String {
        var sink = ByteSink()
        write(&sink)
        return String(decoding: sink.bytes, as: UTF8.self)
    }

    @Test func countsOfTheSmallDataset() throws {
        let g = try Self.graph()
        // 4 regions, 4 organizations, 1 person.
        #expect(g.nodeCount == 9)
        // 3 region parents, 2 organization parents (A-GONE is unknown), 3 organization regions
        // (T9 is unknown), 1 position (A-NONE is unknown), 1 link.
        #expect(g.edgeCounts == [3, 2, 3, 0, 0, 0, 1, 1])
        #expect(g.skipped == [0, 1, 1, 0, 0, 0, 1, 0])
    }

    @Test func graphMLEscapesAndReadsBack() throws {
        let g = try Self.graph()
        let xml = Self.text { sink in GraphExport.writeGraphML(g, to: &sink) }
        #expect(xml.contains(#"<key id="n12" for="node" attr.name="active" attr.type="boolean"/>"#))
        #expect(xml.contains(#"<key id="e2" for="edge" attr.name="weight" attr.type="double"/>"#))
        #expect(xml.contains(#"<data key="n2">&lt;&amp;&quot;&apos;&gt;|*\&#10;青林&quot;区&quot;</data>"#))
        #expect(xml.contains(#"<edge id="link:1" source="organization:A-T1" target="organization:A-T2"><data key="e0">link</data><data key="e8">pairs_with</data><data key="e2">1.25</data>"#))
        #expect(xml.components(separatedBy: "<node ").count - 1 == 9)
        #expect(xml.components(separatedBy: "<edge ").count - 1 == 10)
        let names = try Self.xmlValues(xml, element: "data", where: ("key", "n2"))
        #expect(names.contains(Self.hostile))
    }

    @Test func gexfEscapesAndReadsBack() throws {
        let g = try Self.graph()
        let xml = Self.text { sink in GraphExport.writeGEXF(g, to: &sink) }
        #expect(xml.contains(#"<gexf xmlns="http://gexf.net/1.3""#))
        #expect(xml.contains(#"<attribute id="12" title="active" type="boolean"/>"#))
        #expect(!xml.contains(#"title="weight""#))
        #expect(xml.contains(#"<edge id="link:1" source="organization:A-T1" target="organization:A-T2" weight="1.25"><attvalues><attvalue for="0" value="link"/>"#))
        #expect(xml.contains(#"<nodes count="9">"#) && xml.contains(#"<edges count="10">"#))
        let labels = try Self.xmlValues(xml, element: "node", attribute: "label")
        #expect(labels.contains(Self.hostile))
    }

    @Test func nodeLinkJSONReadsBack() throws {
        let g = try Self.graph()
        let text = Self.text { sink in GraphExport.writeNodeLinkJSON(g, to: &sink) }
        let json = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        #expect(json["directed"] as? Bool == true && json["multigraph"] as? Bool == true)
        let nodes = try #require(json["nodes"] as? [[String: Any]])
        let edges = try #require(json["edges"] as? [[String: Any]])
        #expect(nodes.count == 9 && edges.count == 10)
        let t1 = try #require(nodes.first { $0["id"] as? String == "organization:A-T1" })
        #expect(t1["name"] as? String == Self.hostile)
        #expect(t1["active"] as? Bool == true && t1["founded"] as? String == "2018-05-01")
        let link = try #require(edges.first { $0["key"] as? String == "link:1" })
        #expect(link["weight"] as? Double == 1.25 && link["relation"] as? String == "link")
        // A-T2 was dissolved on 2019-01-01, so the link is inactive on 2020-01-01.
        #expect(link["active"] as? Bool == false)
        #expect(text.contains(#""name": "<&\"'>|*\\\n青林\"区\"""#))
    }

    @Test func dotQuotesEveryIDAndValue() throws {
        let g = try Self.graph()
        let dot = Self.text { sink in GraphExport.writeDOT(g, to: &sink) }
        #expect(dot.hasPrefix("digraph \"kexie-test-"))
        #expect(dot.contains(#"  "organization:A-T1" [label="<&\"'>|*\\\n青林\"区\"", kind="organization""#))
        #expect(dot.contains(#"  "organization:A-T1" -> "organization:A-T2" [id="link:1", relation="link", link_kind="pairs_with", weight="1.25""#))
        #expect(dot.components(separatedBy: " -> ").count - 1 == 10)
        #expect(dot.hasSuffix("}\n"))
    }

    @Test func csvForNeo4jKeepsValuesExact() throws {
        let g = try Self.graph()
        let nodes = Self.text { sink in GraphExport.writeNodesCSV(g, to: &sink) }
        let edges = Self.text { sink in GraphExport.writeEdgesCSV(g, to: &sink) }
        #expect(nodes.hasPrefix(":ID,:LABEL,kind,original_id,name,level,parent,region_kind,type,region,institution,discipline,founded:date,dissolved:date,active:boolean,category,sector,workplace,institution_kind\n"))
        #expect(nodes.contains("organization:A-T1,Organization,organization,A-T1,\"<&\"\"'>|*\\\n青林\"\"区\"\"\",,A-D1,,association,T1,,,2018-05-01,,true,,,,\n"))
        #expect(edges.hasPrefix(":START_ID,:END_ID,:TYPE,id,relation,role,weight:double,start:date,end:date,effective_end:date,seconded:boolean,active:boolean,link_kind\n"))
        #expect(edges.contains("person:P1,organization:A-T1,POSITION,position:1,position,chair,1.0,2018-05-01,,,false,true,\n"))
        #expect(edges.split(separator: "\n").count == 11)
    }

    @Test func xmlReplacesWhatXMLCannotCarry() throws {
        var sink = ByteSink()
        // U+FFFF and a C0 control cannot appear in XML 1.0, not even as references.
        let ds = try TemporaryDataset(replacing: [
            "regions.csv": "id,name,level,parent\nD1,a\u{FFFF}b,district,\n",
            "organizations.csv": "id,name,type,region,parent\n",
        ])
        let dataset = try #require(LoadOutcome(ds.path).dataset)
        GraphExport.writeGraphML(NetworkGraph(dataset, asOf: Day(year: 2020, month: 1, day: 1)!), to: &sink)
        let xml = String(decoding: sink.bytes, as: UTF8.self)
        #expect(xml.contains("<data key=\"n2\">a\u{FFFD}b</data>"))
    }

    // MARK: Reading XML back with Foundation's parser

    final class Collector: NSObject, XMLParserDelegate {
        let element: String
        let filter: (String, String)?
        let attribute: String?
        var values: [String] = []
        private var text: String?
        init(element: String, filter: (String, String)?, attribute: String?) {
            self.element = element
            self.filter = filter
            self.attribute = attribute
        }
        func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String]) {
            guard name == element, filter.map({ attributes[$0.0] == $0.1 }) ?? true else { return }
            if let attribute { values.append(attributes[attribute] ?? "") } else { text = "" }
        }
        func parser(_ parser: XMLParser, foundCharacters string: String) { text? += string }
        func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
            if name == element, let t = text { values.append(t); text = nil }
        }
    }

    static func xmlValues(_ xml: String, element: String, where filter: (String, String)? = nil, attribute: String? = nil) throws -> [String] {
        let parser = XMLParser(data: Data(xml.utf8))
        let collector = Collector(element: element, filter: filter, attribute: attribute)
        parser.delegate = collector
        let ok = parser.parse()
        #expect(ok, "\(parser.parserError.map { "\($0)" } ?? "")")
        return collector.values
    }
}

import KexieRender

/// DOT output read back by Graphviz's own parser (the graphviz command-line tools need not be
/// installed: the library kexie renders with parses it in process).
@Suite struct DOTParseTests {
    @Test func graphvizParsesLaysOutAndRendersTheSampleExport() throws {
        let dataset = try #require(LoadOutcome(Repository.dataset("sample")).dataset)
        let graph = NetworkGraph(dataset, asOf: Day(year: 2020, month: 12, day: 31)!)
        var sink = ByteSink()
        GraphExport.writeDOT(graph, to: &sink)
        let svg = String(decoding: try Graphviz.render(dot: String(decoding: sink.bytes, as: UTF8.self), engine: .dot, format: .svg), as: UTF8.self)
        #expect(svg.components(separatedBy: "class=\"node\"").count - 1 == 92)
        #expect(svg.components(separatedBy: "class=\"edge\"").count - 1 == 195)
        #expect(svg.contains("<title>organization:A&#45;D</title>") || svg.contains("<title>organization:A-D</title>"))
    }

    @Test func hostileNamesParse() throws {
        let graph = try GraphExportTests.graph()
        var sink = ByteSink()
        GraphExport.writeDOT(graph, to: &sink)
        let svg = String(decoding: try Graphviz.render(dot: String(decoding: sink.bytes, as: UTF8.self), engine: .dot, format: .svg), as: UTF8.self)
        #expect(svg.components(separatedBy: "class=\"node\"").count - 1 == 9)
        // The label's two lines, as Graphviz shows them: the backslash once, the quotes plain.
        #expect(svg.contains("&lt;&amp;&quot;&#39;&gt;|*\\</text>") || svg.contains("&lt;&amp;\"'&gt;|*\\</text>"))
        #expect(svg.contains("青林&quot;区&quot;</text>") || svg.contains("青林\"区\"</text>"))
    }

    @Test func unparsableDOTIsAParseError() {
        #expect(throws: RenderError.self) { try Graphviz.render(dot: "digraph { \"a\" -> }", engine: .dot, format: .svg) }
    }
}
