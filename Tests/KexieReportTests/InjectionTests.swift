import Foundation
import Testing
import KexieAnalysis
import KexieModel
import KexieReport
import KexieTestSupport

/// Names are data in every report format: no markup, no broken table, no code in a notebook.
@Suite struct ReportInjectionTests {
    private func hostileReport() throws -> ReportDocument {
        let ds = try HostileNames.dataset()
        let d = try #require(LoadOutcome(ds.path).dataset)
        return try Analysis(d, asOf: d.asOf!).report(ReportOptions(command: "kexie report x --out .", contentHash: "0"))
    }

    /// The cells of a Markdown table row: split at `|` not escaped by an odd run of backslashes.
    private func cells(_ row: String) -> Int {
        var count = 0, backslashes = 0
        for c in row.unicodeScalars {
            if c == "|" && backslashes % 2 == 0 { count += 1 }
            backslashes = c == "\\" ? backslashes + 1 : 0
        }
        return count - 1  // `| a | b |` has three bars and two cells
    }

    @Test func htmlHasNoMarkupFromTheData() throws {
        let html = try hostileReport().html()
        #expect(!html.lowercased().contains("<script"))
        #expect(!html.contains("<b>网络</b>"))
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(html.contains("&amp;amp;"))  // "&amp;" in a name shows as the five characters
        #expect(html.contains("=HYPERLINK(&quot;http://x&quot;)"))
    }

    @Test func markdownTablesKeepTheirShape() throws {
        let md = try hostileReport().markdown()
        #expect(!md.lowercased().contains("<script") && !md.contains("<b>"))
        var tables = 0
        var width: Int?
        for line in md.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            guard line.hasPrefix("|") else { width = nil; continue }
            if let width {
                #expect(cells(line) == width, "\(line)")
            } else {
                width = cells(line)
                tables += 1
            }
        }
        #expect(tables > 5)
        #expect(md.contains(#"a\|b\*c\_d"#))
        #expect(md.contains(#"back\\slash\|"#))
        #expect(md.contains(#"\`code\` \[x\](http\://x)"#))
        #expect(md.contains("line break"))  // a line break inside a name never ends a table row
    }

    @Test func theNotebookParsesAndItsCellsStayInside() throws {
        let notebook = try hostileReport().notebook()
        let json = try #require(try JSONSerialization.jsonObject(with: Data(notebook.utf8)) as? [String: Any])
        let cells = try #require(json["cells"] as? [[String: Any]])
        for cell in cells {
            let source = (cell["source"] as? [String] ?? []).joined()
            if cell["cell_type"] as? String == "markdown" {
                #expect(!source.lowercased().contains("<script") && !source.contains("<b>"))
            } else {
                // Code runs when the notebook does: every line is ours (a comment, the command, the
                // import, the SVG call), whatever the names.
                for line in source.split(separator: "\n") {
                    #expect(["#", "!", "from IPython.display import SVG", "SVG(filename="].contains { line.hasPrefix($0) }, "\(line)")
                }
            }
        }
        #expect(notebook.contains(#"a\\|b\\*c\\_d"#))  // the Markdown escape, JSON-escaped
    }
}
