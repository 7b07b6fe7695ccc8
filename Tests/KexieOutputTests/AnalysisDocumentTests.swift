import Foundation
import Testing
import KexieAnalysis
import KexieModel
import KexieOutput
import KexieTestSupport

@Suite struct AnalysisDocumentTests {
    /// The hand-worked findings of datasets/sample (see its README), byte for byte.
    @Test func sampleMatchesTheHandWorkedDocument() throws {
        let d = try #require(LoadOutcome(Repository.dataset("sample")).dataset)
        let text = Analysis(d, asOf: d.asOf!).jsonText() + "\n"
        let expected = try String(contentsOfFile: Repository.fixture("sample-analysis.json"), encoding: .utf8)
        #expect(text == expected)
    }

    @Test func documentsRepeatToTheByte() throws {
        let d = try #require(LoadOutcome(Repository.dataset("tianjin")).dataset)
        let first = Analysis(d, asOf: d.asOf!).jsonText()
        let second = Analysis(d, asOf: d.asOf!).jsonText()
        #expect(first == second)
        #expect(first.contains("\"schema\": 1"))
    }

    /// The document written while the analyses run (two threads, fragments spliced in, small
    /// pieces to the sink) is the document of the finished analysis, to the byte.
    @Test func streamedWhileAnalysingIsTheSameDocument() throws {
        let d = try #require(LoadOutcome(Repository.dataset("tianjin")).dataset)
        for threshold in [64, 1 << 20] {
            final class Pieces { var bytes: [UInt8] = [] }
            let pieces = Pieces()
            var w = JSONWriter(flushThreshold: threshold) { pieces.bytes += $0 }
            _ = try Analysis.analyzeWritingJSON(d, asOf: d.asOf!, to: &w)
            w.finish()
            #expect(String(decoding: pieces.bytes, as: UTF8.self) == Analysis(d, asOf: d.asOf!).jsonText())
        }
    }

    @Test func tablesCarryEveryFindingOfTheDocument() throws {
        let d = try #require(LoadOutcome(Repository.dataset("sample")).dataset)
        let a = Analysis(d, asOf: d.asOf!)
        let counts = Dictionary(uniqueKeysWithValues: a.allTables().map { ($0.kind.rawValue, $0.rows.count) })
        #expect(counts["blank_spot"] == a.coverage.blankSpots.count)
        #expect(counts["key_person_gap"] == 8)
        #expect(counts["target"] == 7)
        #expect(counts["orphan"] == 17)
        #expect(counts["pair"] == a.linkage.pairs.count)
        #expect(counts["island"] == a.linkage.islands.count)
    }

    @Test func districtAndLevelFilters() throws {
        let d = try #require(LoadOutcome(Repository.dataset("tianjin")).dataset)
        let a = Analysis(d, asOf: d.asOf!)
        let jizhou = try #require(d.regions.ids.index(of: "120119000000"))
        let blank = a.coverageTables(FindingFilter(district: jizhou, level: .village, frontierOnly: true)).blankSpots
        #expect(!blank.rows.isEmpty)
        #expect(blank.rows.allSatisfy { $0[2] == .text("village") && $0[4] == .text("120119000000") && $0[6] == .bool(true) })
        let all = a.coverage.blankSpots.filter { $0.frontier && $0.district == jizhou && d.regions.levels[$0.region] == .village }
        #expect(blank.rows.count == all.count)
    }
}

@Suite struct WriterTests {
    @Test func jsonEscapesOnlyWhatItMust() {
        let v = JSONValue.object([("名", .string("a\"b\\c\n\u{1}\u{7F}\u{2028}天")), ("x", .array([.double(1.0), .double(0.1 + 0.2), .null, .int(-3)]))])
        #expect(v.serialized(indent: 0) == #"{"名":"a\"b\\c\n\u0001\u007f\u2028天","x":[1.0,0.30000000000000004,null,-3]}"#)
        #expect(JSONValue.array([]).serialized() == "[]")
        #expect(JSONValue.object([("a", .array([.int(1)]))]).serialized() == "{\n  \"a\": [\n    1\n  ]\n}")
    }

    @Test func escapingOfLongStringsAgreesByteForByte() {
        // Strings long enough for the eight-byte scan, with each byte that needs a look at
        // every offset: the same text as escaping one character at a time.
        let specials: [String] = ["\"", "\\", "\n", "\u{1}", "\u{7F}", "\u{2028}", "\u{2029}", "\u{2027}", "天", "é", "a"]
        func expected(_ s: String) -> String {
            var out = "\""
            for c in s.unicodeScalars {
                switch c {
                case "\"": out += "\\\""
                case "\\": out += "\\\\"
                case "\n": out += "\\n"
                case "\u{1}": out += "\\u0001"
                case "\u{7F}": out += "\\u007f"
                case "\u{2028}": out += "\\u2028"
                case "\u{2029}": out += "\\u2029"
                default: out.unicodeScalars.append(c)
                }
            }
            return out + "\""
        }
        for special in specials {
            for offset in 0..<20 {
                let s = String(repeating: "x", count: offset) + special + String(repeating: "天", count: 5)
                #expect(JSONValue.string(s).serialized(indent: 0) == expected(s), "\(s.debugDescription)")
            }
        }
    }

    @Test func doublesPrintAsTheirDescription() {
        // The writer's own short-decimal path against Swift's shortest round-trip text, on
        // ratios like the analyses produce, on random doubles of every magnitude, and at edges.
        var values: [Double] = [0.1, 0.2, 0.3, 1.0 / 3, 2.0 / 3, 0.949226630800269, 1e-4, 1.0001e-4, 9.9999e-5, 0.00012345,
                                123.456, 99999999999999.9, 999999999999999.9, 1e15 - 0.5, 0.5, 1.5, 2.675, 1e-5, 12345.678901234567,
                                -0.1, -123.25, 4.35, 0.07, 1.0 - 1e-16, 0.1 + 0.2, 1e14 + 0.5, Double.leastNonzeroMagnitude, Double.greatestFiniteMagnitude]
        var state: UInt64 = 99
        func next() -> UInt64 {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return state
        }
        for _ in 0..<20_000 {
            values.append(Double(next() % 10_000) / Double(next() % 9_999 + 1))
            values.append(Double(bitPattern: next() % 0x7FF0_0000_0000_0000))
            values.append(Double(Int(next() % 2_000_000) - 1_000_000) / 1000)
        }
        for v in values {
            var w = JSONWriter(indent: 0)
            w.double(v)
            #expect(w.text == v.description, "\(v)")
        }
    }

    @Test func deepIndentationAndDays() {
        var v = JSONValue.int(1)
        for _ in 0..<40 { v = .array([v]) }
        let text = v.serialized(indent: 3)
        let lines = text.split(separator: "\n")
        #expect(lines.count == 81)
        #expect(lines[40] == Substring(String(repeating: " ", count: 120) + "1"))
        #expect(lines[41] == Substring(String(repeating: " ", count: 117) + "]"))
        for day in [Day(year: 2020, month: 2, day: 29)!, Day(year: 1, month: 1, day: 1)!, Day(year: 9999, month: 12, day: 31)!.adding(years: 3),
                    .distantPast, .distantFuture] {
            var w = JSONWriter(indent: 0)
            w.day(day)
            #expect(w.text == "\"\(day.description)\"")
        }
    }

    /// Quotes are doubled byte by byte: a quote that begins a grapheme cluster (followed by a
    /// combining mark) is doubled too, so that the cell reads back.
    @Test func csvDoublesEveryQuoteByte() {
        #expect(CSV.quoted("a\"\u{301}b") == "\"a\"\"\u{301}b\"")
        #expect(CSV.field("=\"\u{301}") == "\"'=\"\"\u{301}\"")
    }

    @Test func csvQuotesAndDefusesFormulas() {
        #expect(CSV.field("plain") == "plain")
        #expect(CSV.field("a,b") == "\"a,b\"")
        #expect(CSV.field("say \"hi\"") == "\"say \"\"hi\"\"\"")
        #expect(CSV.field("two\nlines") == "\"two\nlines\"")
        #expect(CSV.field("=SUM(A1)") == "'=SUM(A1)")
        #expect(CSV.field("+1") == "'+1" && CSV.field("-x") == "'-x" && CSV.field("@cmd") == "'@cmd")
    }

    @Test func textTablesAlignChineseByDisplayWidth() {
        var t = TextTable([("name", .left), ("n", .right)])
        t.add(["天津市", "1"])
        t.add(["ab", "22"])
        let lines = t.render().split(separator: "\n").map(String.init)
        #expect(lines == ["name     n", "──────  ──", "天津市   1", "ab      22"])
        #expect(DisplayWidth.of("天津ab") == 6)
    }
}
