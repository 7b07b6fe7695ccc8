extension ReportDocument {
    /// GitHub-flavoured Markdown, figures linked from `figures/`. Dataset text is escaped so
    /// that `|`, `*`, `<` and the like cannot break a table or inject HTML.
    public func markdown() -> String {
        var out = "# \(markdownEscape(title))\n\n"
        for line in subtitle { out += "\(markdownEscape(line))  \n" }
        out += "Produced by `\(command.replacing("`", with: "'"))`\n\n"
        out += "## Contents\n\n"
        for (i, s) in sections.enumerated() { out += "\(i + 1). [\(markdownEscape(s.text))](#\(s.anchor))\n" }
        out += "\n"
        for block in blocks { out += markdown(block) }
        return out
    }

    /// One block as Markdown (the notebook uses the same text in its cells).
    func markdown(_ block: Block) -> String {
        switch block {
        case let .heading(level, text, anchor):
            return "<a id=\"\(anchor)\"></a>\n\n" + String(repeating: "#", count: level) + " \(markdownEscape(text))\n\n"
        case .paragraph(let text):
            return markdownInline(text) + "\n\n"
        case .list(let items):
            return items.map { "- \(markdownEscape($0))\n" }.joined() + "\n"
        case let .table(columns, rows):
            var out = "| " + columns.map { markdownEscape($0.0) }.joined(separator: " | ") + " |\n"
            out += "|" + columns.map { $0.1 == .right ? " ---: |" : " --- |" }.joined() + "\n"
            for row in rows { out += "| " + row.map(markdownEscape).joined(separator: " | ") + " |\n" }
            return out + "\n"
        case let .figure(name, caption, _):
            return "![\(markdownEscape(caption))](figures/\(name))\n\n"
        }
    }

    /// Our own wording with `code` spans kept; everything else escaped.
    private func markdownInline(_ text: String) -> String {
        text.split(separator: "`", omittingEmptySubsequences: false).enumerated()
            .map { $0.offset % 2 == 1 ? "`\($0.element)`" : markdownEscape(String($0.element)) }.joined()
    }
}

/// Escapes Markdown and HTML syntax in text: backslash-escapes for the punctuation that makes
/// emphasis, code, links, tables and strike-through anywhere (and headings or list items at the
/// start), entities for `<`, `>` and `&`, and line breaks as spaces (a table row is one line).
func markdownEscape(_ s: String) -> String {
    var out = ""
    for (i, c) in s.enumerated() {
        switch c {
        case "\\", "`", "*", "_", "[", "]", "|", "~":
            out += "\\" + String(c)
        case "#" where i == 0, "-" where i == 0, "+" where i == 0:
            out += "\\" + String(c)
        case "<": out += "&lt;"
        case ">": out += "&gt;"
        case "&": out += "&amp;"
        case "\n", "\r", "\r\n": out += " "
        default: out.append(c)
        }
    }
    return out
}
