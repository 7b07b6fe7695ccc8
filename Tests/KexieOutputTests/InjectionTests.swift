import Foundation
import Testing
import KexieAnalysis
import KexieModel
import KexieOutput
import KexieTestSupport

/// Names are data in CSV (quoted, formulas defused), JSON Lines (escaped) and text tables
/// (no control sequence reaches the terminal).
@Suite struct OutputInjectionTests {
    private func hostileAnalysis() throws -> Analysis {
        let ds = try HostileNames.dataset()
        let d = try #require(LoadOutcome(ds.path).dataset)
        return Analysis(d, asOf: d.asOf!)
    }

    /// RFC 4180 records of a CSV text.
    private func records(_ text: String) -> [[String]] {
        var records: [[String]] = [], record: [String] = [], field = ""
        var quoted = false, i = text.unicodeScalars.startIndex
        let s = text.unicodeScalars
        while i < s.endIndex {
            let c = s[i]
            if quoted {
                if c == "\"" {
                    let next = s.index(after: i)
                    if next < s.endIndex, s[next] == "\"" { field.unicodeScalars.append("\""); i = next } else { quoted = false }
                } else {
                    field.unicodeScalars.append(c)
                }
            } else if c == "\"" {
                quoted = true
            } else if c == "," {
                record.append(field); field = ""
            } else if c == "\n" {
                record.append(field); field = ""
                records.append(record); record = []
            } else {
                field.unicodeScalars.append(c)
            }
            i = s.index(after: i)
        }
        return records
    }

    @Test func csvCellsAreQuotedAndFormulasDefused() throws {
        let a = try hostileAnalysis()
        var names = Set<String>()
        for table in a.allTables() {
            let rows = records(table.csvHeader + table.csvLines(dataset: a.dataset.name))
            for row in rows {
                #expect(row.count == table.columns.count + 1, "\(table.file): \(row)")
                for cell in row {
                    #expect(!["=", "+", "-", "@", "\t", "\r"].contains(cell.unicodeScalars.first.map(String.init) ?? ""), "\(table.file): \(cell)")
                    names.insert(cell)
                }
            }
        }
        #expect(names.contains("'=HYPERLINK(\"http://x\")") && names.contains("'@SUM(A1)") && names.contains("'+1") && names.contains("'-2"))
        #expect(names.contains("line\nbreak") && names.contains(#""];evil["#))
        #expect(CSV.field("\tx") == "'\tx" && CSV.field("\r=1") == "\"'\r=1\"")
    }

    @Test func jsonLinesRoundTripEveryName() throws {
        let a = try hostileAnalysis()
        var strings = Set<String>()
        for line in a.allTables().flatMap({ $0.jsonLines(dataset: a.dataset.name) }) {
            #expect(!line.contains("\n"))
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            for case let s as String in object.values { strings.insert(s) }
        }
        for name in HostileNames.all { #expect(strings.contains(name), "\(name)") }
        #expect(strings.contains("<b>网络</b>\u{202E}|x"))  // the dataset's name, override and all
    }

    @Test func textTablesSendNoControlCharacterToTheTerminal() throws {
        let text = try hostileAnalysis().textReport(limit: 100)
        let controls = text.unicodeScalars.filter { ($0.value < 0x20 && $0 != "\n") || (0x7F...0x9F).contains($0.value) || (0x202A...0x202E).contains($0.value) }
        #expect(controls.isEmpty, "\(controls.map { String($0.value, radix: 16) })")
        #expect(text.hasPrefix(#"<b>网络</b>\u{202E}|x — as of 2020-12-31"#))
        #expect(text.contains(#"line\nbreak"#) && text.contains(#"\u{202E}evil"#))
        // Every row of a table is one line: the rule under a header is as wide as its rows allow.
        var table = TextTable([("name", .left)])
        table.add(["a\nb\u{1B}[2J"])
        #expect(table.render() == "name\n" + String(repeating: "─", count: 13) + "\n" + #"a\nb\u{1B}[2J"#)
    }

    @Test func textTablesShowInvisibleCharactersAndLineSeparatorsEscaped() {
        // "A\u{200B}B" and "AB" must not look alike in a table, and U+2028 must not break a row.
        var table = TextTable([("name", .left)])
        table.add(["A\u{200B}B"])
        table.add(["\u{FEFF}C\u{2028}D"])
        let rows = table.render().split(separator: "\n").dropFirst(2)
        #expect(Array(rows) == [#"A\u{200B}B"#, #"\u{FEFF}C\u{2028}D"#])
    }

    @Test func longCellsAreCut() {
        var table = TextTable([("name", .left)])
        table.add([String(repeating: "科", count: 10_000)])
        let row = table.render().split(separator: "\n")[2]
        #expect(row == String(repeating: "科", count: TextTable.maximumCellCharacters) + "…")
    }
}
