/// A pass over YAML text before it is parsed, for what kexie files never need and the YAML
/// library handles badly: anchors and aliases (`&a`, `*a`), which the composer expands, so a
/// "billion laughs" file of a few lines becomes billions of nodes; and collections nested
/// deeper than `maximumDepth` (`[[[[…`), which the recursive composer turns into a stack
/// overflow.
///
/// It is a small tokenizer, not a parser: it skips quoted scalars and comments, counts the
/// nesting of flow collections (`[`, `{`) and of block sequences started on one line (`- - -`),
/// and recognises `&` and `*` where a value starts (the start of a line after indentation, or
/// after `- `, `: `, `[`, `{`, `,`). Indentation cannot nest deeply in a file of sane size.
///
/// - Complexity: O(length of the text), no allocation per character.
enum _YAMLGuard {
    static let maximumDepth = LoadLimits.yamlDepth

    struct Problem {
        var line: Int
        var column: Int
        var message: String
    }

    static func check(_ text: String) -> Problem? {
        var scanner = _Scanner(text)
        while let b = scanner.next() {
            if let problem = scanner.step(b) { return problem }
        }
        return nil
    }

    /// The tokenizer's state over one text.
    private struct _Scanner {
        var line = 1, column = 0
        var flowDepth = 0
        var valueStart = true          // the next non-blank character starts a value
        var lineStart = true           // only blanks (and `- `) so far on this line
        var dashes = 0                 // block sequences opened on this line
        var quote: UInt8? = nil
        var previous: UInt8 = 0x0A
        var iterator: String.UTF8View.Iterator
        var pending: UInt8? = nil

        init(_ text: String) { iterator = text.utf8.makeIterator() }

        mutating func next() -> UInt8? {
            if let p = pending { pending = nil; return p }
            return iterator.next()
        }

        /// Takes byte `b`; a problem ends the check.
        mutating func step(_ b: UInt8) -> Problem? {
            column += 1
            defer { previous = b }
            if b == 0x0A {
                line += 1; column = 0
                valueStart = true; lineStart = true; dashes = 0
                return nil
            }
            if let q = quote {
                insideQuotes(b, q)
                return nil
            }
            return outsideQuotes(b)
        }

        /// A byte inside a quoted scalar: only the closing quote and escapes matter.
        private mutating func insideQuotes(_ b: UInt8, _ q: UInt8) {
            if b == q {
                if q == 0x27, let n = next() {   // '' inside a single-quoted scalar
                    if n == 0x27 { column += 1; return }
                    pending = n
                }
                quote = nil
            } else if q == 0x22, b == 0x5C {     // backslash escape inside double quotes
                _ = next(); column += 1
            }
        }

        private mutating func outsideQuotes(_ b: UInt8) -> Problem? {
            switch b {
            case 0x20, 0x09:
                return nil
            case 0x23 where previous == 0x20 || previous == 0x09 || previous == 0x0A || column == 1:  // # comment
                while let c = next() {
                    if c == 0x0A { pending = c; break }
                }
                return nil
            case 0x22 where valueStart, 0x27 where valueStart:
                quote = b
                valueStart = false; lineStart = false
                return nil
            case 0x26 where valueStart, 0x2A where valueStart:   // & anchor, * alias
                let what = b == 0x26 ? "anchors (&name)" : "aliases (*name)"
                return Problem(line: line, column: column, message: "YAML \(what) are not supported in kexie files; write the value out")
            case 0x5B, 0x7B:                     // [ {
                flowDepth += 1
                if flowDepth + dashes > maximumDepth { return deep(line, column) }
                valueStart = true; lineStart = false
                return nil
            case 0x5D, 0x7D:                     // ] }
                flowDepth = max(0, flowDepth - 1)
                valueStart = false
                return nil
            case 0x2C where flowDepth > 0:       // , inside a flow collection
                valueStart = true
                return nil
            case 0x2D where lineStart:           // - possibly a block sequence entry
                return dash()
            case 0x3A:                           // : then a blank starts a value
                if let n = next() {
                    if n == 0x20 || n == 0x09 { column += 1; valueStart = true; lineStart = false; return nil }
                    pending = n
                }
                valueStart = false; lineStart = false
                return nil
            default:
                valueStart = false; lineStart = false
                return nil
            }
        }

        /// A `-` at the start of a line: a block sequence entry when a blank follows.
        private mutating func dash() -> Problem? {
            if let n = next() {
                column += 1
                if n == 0x20 || n == 0x09 {
                    dashes += 1
                    if flowDepth + dashes > maximumDepth { return deep(line, column) }
                    valueStart = true
                    return nil
                }
                pending = n
            }
            valueStart = false; lineStart = false
            return nil
        }
    }

    private static func deep(_ line: Int, _ column: Int) -> Problem {
        Problem(line: line, column: column, message: _YAMLValue.tooDeep)
    }
}
