import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
import KexieAnalysis
import KexieModel
@testable import KexieRender
import KexieTestSupport

/// Counts the series groups of a chart and collects its text, parsing it as XML.
private final class ChartReader: NSObject, XMLParserDelegate {
    var series = 0
    var polylines = 0
    var text = ""
    var fontFamily: String?

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
        if name == "g" && attributes["class"] == "series" { series += 1 }
        if name == "polyline" { polylines += 1 }
        if name == "svg" { fontFamily = attributes["font-family"] }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) { text += string }

    static func read(_ svg: String) throws -> ChartReader {
        let reader = ChartReader()
        let parser = XMLParser(data: Data(svg.utf8))
        parser.delegate = reader
        #expect(parser.parse(), "\(parser.parserError.map { "\($0)" } ?? "")")
        return reader
    }
}

@Suite struct TrendChartTests {
    @Test func tianjinHasALinePerDistrictAndPerLevel() throws {
        let d = try #require(LoadOutcome(Repository.dataset("tianjin")).dataset)
        let trend = Trend(d, from: Trend.defaultStart(d, asOf: d.asOf!), to: d.asOf!, step: .quarter, findings: false)
        let byDistrict = try ChartReader.read(trend.chart(by: .district(.township)).svg())
        #expect(byDistrict.series == 16 && byDistrict.polylines == 16)
        #expect(byDistrict.text.contains("南开区") && byDistrict.text.contains("2020-12-31"))
        #expect(byDistrict.fontFamily == "WenQuanYi Micro Hei, sans-serif")
        let byLevel = try ChartReader.read(trend.chart(by: .level).svg())
        #expect(byLevel.series == 3 && byLevel.text.contains("村社区级 village"))
    }

    @Test func namesAreEscapedAndUndefinedValuesBreakTheLine() throws {
        let hostile = #"<b>&"区'</b>"#
        let chart = TrendChart(title: hostile, dates: ["2020-01-31", "2020-02-29", "2020-03-31", "2020-04-30"].map { Day(parsing: $0)! },
                               series: [.init(name: hostile, values: [0.1, nil, 0.5, 0.75]), .init(name: "b", values: [0, 0.2, 0.4, 1])])
        let svg = chart.svg()
        #expect(!svg.contains("<b>") && svg.contains("&lt;b&gt;&amp;&quot;区&apos;&lt;/b&gt;"))
        let reader = try ChartReader.read(svg)
        #expect(reader.series == 2)
        #expect(reader.polylines == 2)  // the first series' lone point before the gap is a dot only
        #expect(reader.text.contains(hostile))
        #expect(svg == chart.svg())
    }
}

/// The chart's text escaping, scalar by scalar: `&<>"'` as entities; what XML cannot carry
/// (C0 controls but tab, LF and CR; U+FFFE; U+FFFF) as U+FFFD; everything else as it is.
@Suite struct ChartTextEscapingTests {
    static func reference(_ s: String) -> String {
        var out = ""
        for c in s.unicodeScalars {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            case "\t", "\n", "\r": out.unicodeScalars.append(c)
            case "\u{0}"..."\u{1F}", "\u{FFFE}", "\u{FFFF}": out += "\u{FFFD}"
            default: out.unicodeScalars.append(c)
            }
        }
        return out
    }

    @Test func escapesAsTheReferenceSays() {
        for s in HostileNames.all + ["", "<b>网络</b>\u{1B}[31m|x", "a'b\"c&d<e>f", "\t\n\r\u{0}\u{7F}\u{FFFF}", String(repeating: "科协'", count: 20)] {
            #expect(Array(_xml(s).utf8) == Array(Self.reference(s).utf8), "\(s)")
        }
    }
}
