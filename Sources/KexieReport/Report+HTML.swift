import KexieMachinery

extension ReportDocument {
    /// One self-contained HTML file: inline CSS and SVG, no scripts, nothing fetched. Every
    /// piece of dataset text is escaped; SVG comes from Graphviz, which escapes its own text.
    public func html() -> String {
        var out = """
            <!DOCTYPE html>
            <html lang="zh-Hans">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(escape(Self.cell(title)))</title>
            <style>
            body { font-family: "Noto Sans CJK SC", "WenQuanYi Micro Hei", "PingFang SC", "Microsoft YaHei", sans-serif; margin: 0 auto; max-width: 68rem; padding: 1.5rem; color: #222; line-height: 1.5; }
            h1 { font-size: 1.6rem; margin-bottom: 0.2rem; } h2 { border-bottom: 2px solid #2f5d8a; padding-bottom: 0.2rem; margin-top: 2.2rem; } h3 { margin-top: 1.4rem; }
            .meta { color: #666; font-size: 0.85rem; margin: 0; } nav { background: #f5f7fa; padding: 0.6rem 1rem; border-radius: 6px; margin: 1rem 0; }
            nav ol { margin: 0; padding-left: 1.2rem; columns: 2; } table { border-collapse: collapse; margin: 0.6rem 0; font-size: 0.85rem; }
            th, td { border: 1px solid #d5dbe3; padding: 0.2rem 0.5rem; vertical-align: top; } th { background: #eef2f7; text-align: left; }
            td.num { text-align: right; font-variant-numeric: tabular-nums; } tbody tr:nth-child(even) { background: #fafbfc; }
            figure { margin: 1rem 0; overflow-x: auto; } figure svg { max-width: 100%; height: auto; } figcaption { color: #666; font-size: 0.85rem; }
            code { background: #f2f2f2; padding: 0 0.2rem; border-radius: 3px; }
            @media print { nav { display: none; } h2 { page-break-before: always; } figure, table { page-break-inside: avoid; } body { max-width: none; } }
            </style>
            </head>
            <body>
            <h1>\(escape(Self.cell(title)))</h1>

            """
        for line in subtitle { out += "<p class=\"meta\">\(escape(line))</p>\n" }
        out += "<p class=\"meta\">Produced by <code>\(escape(command))</code></p>\n"
        out += "<nav><strong>Contents</strong><ol>\n"
        for s in sections { out += "<li><a href=\"#\(escape(s.anchor))\">\(escape(Self.cell(s.text)))</a></li>\n" }
        out += "</ol></nav>\n"
        for block in blocks {
            switch block {
            case let .heading(level, text, anchor):
                out += "<h\(level) id=\"\(escape(anchor))\">\(escape(Self.cell(text)))</h\(level)>\n"
            case .paragraph(let text):
                out += "<p>\(inlineCode(text))</p>\n"
            case .list(let items):
                out += "<ul>\n" + items.map { "<li>\(escape($0))</li>\n" }.joined() + "</ul>\n"
            case let .table(columns, rows):
                out += "<table>\n<thead><tr>" + columns.map { "<th>\(escape($0.0))</th>" }.joined() + "</tr></thead>\n<tbody>\n"
                for row in rows {
                    out += "<tr>" + zip(columns, row).map { c, v in c.1 == .right ? "<td class=\"num\">\(escape(v))</td>" : "<td>\(escape(Self.cell(v)))</td>" }.joined() + "</tr>\n"
                }
                out += "</tbody>\n</table>\n"
            case let .figure(_, caption, svg):
                out += "<figure>\n\(ReportDocument.inlineSVG(svg))\n<figcaption>\(escape(Self.cell(caption)))</figcaption>\n</figure>\n"
            }
        }
        out += "</body>\n</html>\n"
        return out
    }

    /// The SVG element of a Graphviz SVG, without the XML prolog and DOCTYPE (invalid inside HTML).
    static func inlineSVG(_ svg: [UInt8]) -> String {
        let marker = Array("<svg".utf8)
        guard let start = svg.indices.first(where: { svg[$0...].starts(with: marker) }) else { return "" }
        return String(decoding: svg[start...], as: UTF8.self).trimmingTrailingNewlines()
    }

    /// Text with `code` spans (our own wording only; dataset text never carries backticks here
    /// unescaped because it is escaped first).
    private func inlineCode(_ text: String) -> String {
        let parts = escape(text).split(separator: "`", omittingEmptySubsequences: false)
        return parts.enumerated().map { $0.offset % 2 == 1 ? "<code>\($0.element)</code>" : String($0.element) }.joined()
    }
}

/// HTML-escapes text for element content and attribute values: `&`, `<`, `>`, `"` and `'`
/// become entities; every other byte is copied (`_HTMLEscaping`).
///
/// - Complexity: O(bytes of `s`), eight bytes at a time (a name may be megabytes long).
func escape(_ s: String) -> String {
    _ByteWriter.escaped(s, _HTMLEscaping.self)
}

extension String {
    func trimmingTrailingNewlines() -> String {
        var s = Substring(self)
        while s.last == "\n" || s.last == "\r\n" { s.removeLast() }
        return String(s)
    }
}
