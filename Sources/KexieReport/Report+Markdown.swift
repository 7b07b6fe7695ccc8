import KexieMachinery

extension ReportDocument {
    /// GitHub-flavoured Markdown, figures linked from `figures/`. Dataset text is escaped so
    /// that `|`, `*`, `<` and the like cannot break a table or inject HTML.
    public func markdown() -> String {
        var out = "# \(markdownEscape(Self.cell(title)))\n\n"
        for line in subtitle { out += "\(markdownEscape(line))  \n" }
        out += "Produced by `\(command.replacing("`", with: "'"))`\n\n"
        out += "## Contents\n\n"
        for (i, s) in sections.enumerated() { out += "\(i + 1). [\(markdownEscape(Self.cell(s.text)))](#\(s.anchor))\n" }
        out += "\n"
        for block in blocks { out += markdown(block) }
        return out
    }

    /// One block as Markdown (the notebook uses the same text in its cells).
    func markdown(_ block: Block) -> String {
        switch block {
        case let .heading(level, text, anchor):
            return "<a id=\"\(anchor)\"></a>\n\n" + String(repeating: "#", count: level) + " \(markdownEscape(Self.cell(text)))\n\n"
        case .paragraph(let text):
            return markdownInline(text) + "\n\n"
        case .list(let items):
            return items.map { "- \(markdownEscape($0))\n" }.joined() + "\n"
        case let .table(columns, rows):
            var out = "| " + columns.map { markdownEscape($0.0) }.joined(separator: " | ") + " |\n"
            out += "|" + columns.map { $0.1 == .right ? " ---: |" : " --- |" }.joined() + "\n"
            for row in rows { out += "| " + row.map { markdownEscape(Self.cell($0)) }.joined(separator: " | ") + " |\n" }
            return out + "\n"
        case let .figure(name, caption, _):
            return "![\(markdownEscape(Self.cell(caption)))](figures/\(name))\n\n"
        }
    }

    /// Our own wording with `code` spans kept; everything else escaped. Line breaks inside a
    /// code span become spaces: Markdown finds blocks before code spans, so a name with a line
    /// break that starts a line with `<script>` would otherwise open an HTML block.
    private func markdownInline(_ text: String) -> String {
        text.split(separator: "`", omittingEmptySubsequences: false).enumerated()
            .map { $0.offset % 2 == 1 ? "`\(String($0.element).singleLine())`" : markdownEscape(String($0.element)) }.joined()
    }
}

extension String {
    /// The text on one line: each CR, LF or CRLF becomes one space.
    func singleLine() -> String {
        guard utf8.contains(where: { $0 == 0x0A || $0 == 0x0D }) else { return self }
        return replacing("\r\n", with: " ").replacing("\r", with: " ").replacing("\n", with: " ")
    }
}

/// Escapes Markdown and HTML syntax in text (`_MarkdownEscaping`).
///
/// - Complexity: O(bytes of `s`), eight bytes at a time (a name may be megabytes long).
func markdownEscape(_ s: String) -> String {
    _ByteWriter.escaped(s, _MarkdownEscaping.self)
}

/// Markdown and HTML syntax in text: backslash-escapes for the punctuation that makes emphasis,
/// code, links, tables and strike-through anywhere (and headings or list items at the start),
/// entities for `<`, `>` and `&`, and line breaks as spaces (a table row is one line; CRLF is
/// one break, one space). A bare URL or address is kept from becoming a link (GitHub's
/// autolinks): the `:` of `://`, the `.` of `www.` and every `@` are backslash-escaped.
enum _MarkdownEscaping: _Escaping {
    @inline(__always)
    static func marked(_ w: _ByteWord) -> UInt64 {
        w.bytes(equalTo: UInt8(ascii: "\\")) | w.bytes(equalTo: UInt8(ascii: "`")) | w.bytes(equalTo: UInt8(ascii: "*"))
            | w.bytes(equalTo: UInt8(ascii: "_")) | w.bytes(equalTo: UInt8(ascii: "[")) | w.bytes(equalTo: UInt8(ascii: "]"))
            | w.bytes(equalTo: UInt8(ascii: "|")) | w.bytes(equalTo: UInt8(ascii: "~")) | w.bytes(equalTo: UInt8(ascii: "#"))
            | w.bytes(equalTo: UInt8(ascii: "-")) | w.bytes(equalTo: UInt8(ascii: "+")) | w.bytes(equalTo: UInt8(ascii: "<"))
            | w.bytes(equalTo: UInt8(ascii: ">")) | w.bytes(equalTo: UInt8(ascii: "&")) | w.bytes(equalTo: 0x0D) | w.bytes(equalTo: 0x0A)
            | w.bytes(equalTo: UInt8(ascii: ":")) | w.bytes(equalTo: UInt8(ascii: ".")) | w.bytes(equalTo: UInt8(ascii: "@"))
    }

    @inline(__always)
    static func isMarked(_ b: UInt8) -> Bool {
        switch b {
        case UInt8(ascii: "\\"), UInt8(ascii: "`"), UInt8(ascii: "*"), UInt8(ascii: "_"), UInt8(ascii: "["), UInt8(ascii: "]"),
             UInt8(ascii: "|"), UInt8(ascii: "~"), UInt8(ascii: "#"), UInt8(ascii: "-"), UInt8(ascii: "+"), UInt8(ascii: "<"),
             UInt8(ascii: ">"), UInt8(ascii: "&"), 0x0D, 0x0A, UInt8(ascii: ":"), UInt8(ascii: "."), UInt8(ascii: "@"): true
        default: false
        }
    }

    static func replacement(_ bytes: UnsafeBufferPointer<UInt8>, at i: Int) -> _Replacement? {
        let b = bytes[i]
        switch b {
        case UInt8(ascii: "\\"), UInt8(ascii: "`"), UInt8(ascii: "*"), UInt8(ascii: "_"),
             UInt8(ascii: "["), UInt8(ascii: "]"), UInt8(ascii: "|"), UInt8(ascii: "~"):
            return _Replacement(packed: UInt64(UInt8(ascii: "\\")) | UInt64(b) << 8, count: 2, width: 1)
        case UInt8(ascii: "#"), UInt8(ascii: "-"), UInt8(ascii: "+"):
            return i == 0 ? _Replacement(packed: UInt64(UInt8(ascii: "\\")) | UInt64(b) << 8, count: 2, width: 1) : nil
        case UInt8(ascii: "<"): return _Replacement("&lt;")
        case UInt8(ascii: ">"): return _Replacement("&gt;")
        case UInt8(ascii: "&"): return _Replacement("&amp;")
        case UInt8(ascii: ":"):
            return bytes.count - i > 2 && bytes[i + 1] == UInt8(ascii: "/") && bytes[i + 2] == UInt8(ascii: "/") ? _Replacement("\\:") : nil
        case UInt8(ascii: "."):
            return i >= 3 && bytes[i - 3] == UInt8(ascii: "w") && bytes[i - 2] == UInt8(ascii: "w") && bytes[i - 1] == UInt8(ascii: "w") ? _Replacement("\\.") : nil
        case UInt8(ascii: "@"): return _Replacement("\\@")
        case 0x0D: return _Replacement(" ")
        case 0x0A: return i > 0 && bytes[i - 1] == 0x0D ? _Replacement("") : _Replacement(" ")
        default: return nil
        }
    }
}
