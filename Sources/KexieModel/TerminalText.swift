/// Dataset text made safe to print on a terminal.
///
/// Names are data, but a terminal runs some characters as commands: ESC starts colour and
/// cursor sequences (`\u{1B}[31m`, or `\u{1B}]…` that rewrites the window title), other C0 and
/// C1 controls and DEL move the cursor or ring the bell, line breaks and tabs break a table's
/// rows and columns, and bidirectional overrides (U+202E …) reorder what follows so a table
/// shows something else than it holds; invisible characters (the zero-width space, the word
/// joiner and invisible operators, the byte-order mark) make two names that differ look alike,
/// and the line and paragraph separators U+2028/U+2029 break a row where the terminal honours
/// them. Each of these is written as a visible escape instead:
/// `\n`, `\r`, `\t`, else `\u{XXXX}` with the code point in hex. Everything else is unchanged.
public enum TerminalText {
    /// `s` with every control, line break, tab, bidirectional formatting and invisible character
    /// shown as an escape. Returns `s` itself when there is nothing to replace.
    ///
    /// - Complexity: O(length of `s`).
    public static func neutralized(_ s: String) -> String {
        guard s.unicodeScalars.contains(where: needsEscape) else { return s }
        var out = String.UnicodeScalarView()
        for u in s.unicodeScalars {
            guard needsEscape(u) else { out.append(u); continue }
            let escape: String
            switch u {
            case "\n": escape = "\\n"
            case "\r": escape = "\\r"
            case "\t": escape = "\\t"
            default: escape = "\\u{" + String(u.value, radix: 16, uppercase: true) + "}"
            }
            out.append(contentsOf: escape.unicodeScalars)
        }
        return String(out)
    }

    /// C0 controls, DEL, C1 controls, the bidirectional marks, embeddings, overrides and
    /// isolates (U+061C, U+200E–U+200F, U+202A–U+202E, U+2066–U+2069), the zero-width space
    /// (U+200B), the line and paragraph separators (U+2028, U+2029), the word joiner and
    /// invisible operators (U+2060–U+2064) and the byte-order mark (U+FEFF). The zero-width
    /// non-joiner and joiner (U+200C, U+200D) stay: they shape scripts and emoji (👩‍🔬).
    @inline(__always)
    static func needsEscape(_ u: Unicode.Scalar) -> Bool {
        let v = u.value
        if v < 0x20 || (0x7F...0x9F).contains(v) { return true }
        if v < 0x61C { return false }
        switch v {
        case 0x61C, 0x200B, 0x200E, 0x200F, 0x2028...0x202E, 0x2060...0x2064, 0x2066...0x2069, 0xFEFF: return true
        default: return false
        }
    }
}
