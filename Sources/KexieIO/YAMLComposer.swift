import CYaml

/// Builds a `_YAMLValue` from libyaml's event stream: the one place YAML text becomes a tree.
///
/// Anchors and aliases are standard YAML (PyYAML's `safe_dump` writes `&id001` and `*id001`
/// whenever one list is used twice) and are accepted. An alias shares its anchor's value
/// (copy-on-write arrays: O(1)) but is *counted* as every value it repeats, so a "billion
/// laughs" file is refused at the alias that takes the repeated values past
/// `LoadLimits.yamlAliasValues` — go-yaml v3 bounds aliases the same way — before anything
/// walks the expanded tree. Nesting is measured with aliases expanded, so everything that later
/// walks the tree recursively stays within `LoadLimits.yamlDepth` calls.
///
/// Also refused, each at its file:line:col: a control character in a scalar (raw, or written as
/// an escape such as `"\e"`), a mapping key that is not a scalar, a key given twice in one
/// mapping, an alias without an anchor before it, and a second document.
///
/// Invariants: no recursion (open collections are an explicit stack); the first problem ends
/// the composition.
///
/// - Complexity: O(length of the text) time and memory, aliases included.
enum _YAMLComposer {
    struct Problem: Error {
        var line: Int?
        var column: Int?
        var message: String
    }

    /// The tree of `text` (an empty document is an empty mapping), or the first problem.
    static func compose(_ text: String, file: String) -> Result<_YAMLValue, Problem> {
        let empty = _YAMLValue.mapping([], _SourceMark(file: file, line: 1, column: 1))
        let bytes = Array(text.utf8)
        if bytes.isEmpty { return .success(empty) }
        let parser = UnsafeMutablePointer<yaml_parser_t>.allocate(capacity: 1)
        defer { parser.deallocate() }
        guard yaml_parser_initialize(parser) == 1 else { return .failure(Problem(message: "not valid YAML: out of memory")) }
        defer { yaml_parser_delete(parser) }
        yaml_parser_set_encoding(parser, YAML_UTF8_ENCODING)
        return bytes.withUnsafeBufferPointer { buffer in
            yaml_parser_set_input_string(parser, buffer.baseAddress, buffer.count)
            var builder = _Builder(file: file)
            var event = yaml_event_t()
            while true {
                guard yaml_parser_parse(parser, &event) == 1 else { return .failure(parserProblem(parser.pointee, bytes)) }
                defer { yaml_event_delete(&event) }
                switch builder.take(event) {
                case .more: continue
                case .done(let root): return .success(root ?? empty)
                case .failed(let problem): return .failure(problem)
                }
            }
        }
    }

    static let tooDeep = "mappings and lists nest more than \(LoadLimits.yamlDepth) levels deep; a kexie YAML file may nest at most \(LoadLimits.yamlDepth)"

    // MARK: - Errors of libyaml

    /// libyaml's error, at the place it names (lines and columns from 1, columns in characters).
    private static func parserProblem(_ p: yaml_parser_t, _ bytes: [UInt8]) -> Problem {
        let problem = p.problem.map { String(cString: $0) } ?? "unknown problem"
        switch p.error {
        case YAML_READER_ERROR:
            let (line, column) = place(ofByte: p.problem_offset, in: bytes)
            if problem == "control characters are not allowed", p.problem_value >= 0 {
                return Problem(line: line, column: column, message: characterMessage(UInt32(p.problem_value), where: ""))
            }
            return Problem(line: line, column: column, message: "not valid YAML: \(problem)")
        case YAML_SCANNER_ERROR, YAML_PARSER_ERROR:
            // libyaml stops at 1,000 levels; kexie's own, lower limit is normally met first.
            let message = problem.hasPrefix("Maximum nesting level") ? tooDeep : "not valid YAML: \(problem)"
            return Problem(line: p.problem_mark.line + 1, column: p.problem_mark.column + 1, message: message)
        default:
            return Problem(message: "not valid YAML: \(problem)")
        }
    }

    /// The line and column (in characters) of byte `offset`, counting LF, CRLF and CR as line ends.
    private static func place(ofByte offset: Int, in bytes: [UInt8]) -> (line: Int, column: Int) {
        var line = 1, column = 1
        for (i, b) in bytes.prefix(offset).enumerated() {
            if b == 0x0A || (b == 0x0D && (i + 1 == bytes.count || bytes[i + 1] != 0x0A)) {
                line += 1; column = 1
            } else if b & 0xC0 != 0x80 && b != 0x0D {
                column += 1
            }
        }
        return (line, column)
    }

    /// The first control character of `text` but tab, LF and CR (C0, DEL, C1), as in CSV cells.
    static func controlCharacter(in text: String) -> UInt32? {
        for s in text.unicodeScalars {
            let v = s.value
            if (v < 0x20 && v != 0x09 && v != 0x0A && v != 0x0D) || (v >= 0x7F && v <= 0x9F) { return v }
        }
        return nil
    }

    /// "control character U+001B in …; only tab, CR and LF are allowed in YAML text".
    static func characterMessage(_ value: UInt32, where place: String) -> String {
        let code = String(value, radix: 16, uppercase: true)
        let name = "U+" + String(repeating: "0", count: max(0, 4 - code.count)) + code
        let isControl = value < 0x20 || (value >= 0x7F && value <= 0x9F)
        return isControl
            ? "control character \(name)\(place); only tab, CR and LF are allowed in YAML text"
            : "character \(name)\(place) is not allowed in YAML text"
    }
}

// MARK: - The tree builder

extension _YAMLComposer {
    /// What one event did to the composition.
    fileprivate enum Step {
        case more
        case done(_YAMLValue?)
        case failed(Problem)
    }

    /// A value with what the limits count: `values` (itself and everything inside it, aliases
    /// expanded) and `height` (the collections nested in it, itself included; 0 for a scalar).
    fileprivate struct Counted {
        var value: _YAMLValue
        var values: Int
        var height: Int
        /// The text of a scalar, for use as a key (a null scalar too: `~: x` has the key "~").
        var keyText: String?
    }

    /// A list or mapping whose end event has not come yet.
    fileprivate struct Open {
        var isMapping: Bool
        var mark: _SourceMark
        var anchor: String?
        var items: [_YAMLValue] = []
        var entries: [(key: String, keyMark: _SourceMark, value: _YAMLValue)] = []
        /// A mapping's key waiting for its value.
        var key: (text: String, mark: _SourceMark)?
        /// The line of each key of a mapping, for "appears twice".
        var keyLines: [String: Int] = [:]
        var values = 1
        var height = 1

        var waitsForKey: Bool { isMapping && key == nil }
    }

    fileprivate struct _Builder {
        let file: String
        var open: [Open] = []
        var anchors: [String: Counted] = [:]
        /// Values repeated by aliases so far, each alias counting everything it repeats.
        var repeated = 0
        var root: _YAMLValue?
        var documents = 0

        init(file: String) { self.file = file }

        func mark(_ m: yaml_mark_t) -> _SourceMark { _SourceMark(file: file, line: m.line + 1, column: m.column + 1) }

        func problem(_ m: _SourceMark, _ message: String) -> Step { .failed(Problem(line: m.line, column: m.column, message: message)) }

        mutating func take(_ e: yaml_event_t) -> Step {
            let m = mark(e.start_mark)
            switch e.type {
            case YAML_DOCUMENT_START_EVENT:
                documents += 1
                return documents > 1 ? problem(m, "not valid YAML: expected a single document, but found another document") : .more
            case YAML_STREAM_END_EVENT:
                return .done(root)
            case YAML_SCALAR_EVENT:
                return scalar(e, m)
            case YAML_SEQUENCE_START_EVENT:
                return start(isMapping: false, anchor: e.data.sequence_start.anchor, m)
            case YAML_MAPPING_START_EVENT:
                return start(isMapping: true, anchor: e.data.mapping_start.anchor, m)
            case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
                return end()
            case YAML_ALIAS_EVENT:
                return alias(Self.text(e.data.alias.anchor) ?? "", m)
            default:  // stream start, document end, no event
                return .more
            }
        }

        private static func text(_ p: UnsafeMutablePointer<yaml_char_t>?) -> String? {
            p.map { String(cString: $0) }
        }

        private mutating func scalar(_ e: yaml_event_t, _ m: _SourceMark) -> Step {
            let s = e.data.scalar
            let text = s.value.map { String(decoding: UnsafeBufferPointer(start: $0, count: s.length), as: UTF8.self) } ?? ""
            if let c = _YAMLComposer.controlCharacter(in: text) {
                return problem(m, _YAMLComposer.characterMessage(c, where: placeOfNextValue()))
            }
            let plain = s.style == YAML_PLAIN_SCALAR_STYLE
            let value: _YAMLValue = plain && ["", "~", "null", "Null", "NULL"].contains(text)
                ? .null(m) : .scalar(text, quoted: !plain, m)
            return add(Counted(value: value, values: 1, height: 0, keyText: text), anchor: Self.text(s.anchor), m)
        }

        /// Where the next value goes, for messages: ` in a key`, ` in the value of "name"`, ….
        private func placeOfNextValue() -> String {
            guard let top = open.last else { return "" }
            if top.waitsForKey { return " in a key" }
            if let key = top.key { return " in the value of \"\(key.text)\"" }
            return " in a list item"
        }

        private mutating func start(isMapping: Bool, anchor: UnsafeMutablePointer<yaml_char_t>?, _ m: _SourceMark) -> Step {
            if open.last?.waitsForKey == true { return problem(m, "a mapping key must be a plain word") }
            if open.count + 1 > LoadLimits.yamlDepth { return problem(m, _YAMLComposer.tooDeep) }
            open.append(Open(isMapping: isMapping, mark: m, anchor: Self.text(anchor)))
            return .more
        }

        private mutating func end() -> Step {
            guard let done = open.popLast() else { return .more }
            let value: _YAMLValue = done.isMapping ? .mapping(done.entries, done.mark) : .list(done.items, done.mark)
            return add(Counted(value: value, values: done.values, height: done.height), anchor: done.anchor, done.mark)
        }

        private mutating func alias(_ name: String, _ m: _SourceMark) -> Step {
            guard var anchored = anchors[name] else {
                if open.contains(where: { $0.anchor == name }) {
                    return problem(m, "alias *\(name) is inside the value anchored as &\(name); a value cannot contain itself")
                }
                return problem(m, "alias *\(name) has no anchor &\(name) before it")
            }
            if open.last?.waitsForKey == true, anchored.keyText == nil {
                return problem(m, "a mapping key must be a plain word")
            }
            repeated += anchored.values
            if repeated > LoadLimits.yamlAliasValues {
                return problem(m, "alias *\(name) repeats \(anchored.values) values (a list or mapping with everything in it), which takes the values that aliases repeat past \(LoadLimits.yamlAliasValues); a kexie YAML file's aliases may repeat at most \(LoadLimits.yamlAliasValues) values")
            }
            if open.count + anchored.height > LoadLimits.yamlDepth { return problem(m, _YAMLComposer.tooDeep) }
            anchored.value = anchored.value.marked(m)  // errors about the value as a whole point at the alias
            return add(anchored, anchor: nil, m)
        }

        /// Puts a finished value in its place: the root, a list, a key or a key's value.
        private mutating func add(_ c: Counted, anchor: String?, _ m: _SourceMark) -> Step {
            if let anchor { anchors[anchor] = c }
            guard var top = open.popLast() else {
                root = c.value
                return .more
            }
            defer { open.append(top) }
            top.values += c.values
            top.height = max(top.height, c.height + 1)
            if !top.isMapping {
                top.items.append(c.value)
            } else if let key = top.key {
                top.entries.append((key.text, key.mark, c.value))
                top.key = nil
            } else {
                let text = c.keyText ?? ""
                if let first = top.keyLines[text] {
                    return problem(m, "key \"\(text)\" appears twice in one mapping (first at line \(first))")
                }
                top.keyLines[text] = m.line ?? 0
                top.key = (text, m)
            }
            return .more
        }
    }
}

extension _YAMLValue {
    /// The same value, marked at `mark` (its contents keep their own marks).
    func marked(_ mark: _SourceMark) -> _YAMLValue {
        switch self {
        case .mapping(let entries, _): .mapping(entries, mark)
        case .list(let items, _): .list(items, mark)
        case .scalar(let s, let quoted, _): .scalar(s, quoted: quoted, mark)
        case .null: .null(mark)
        }
    }
}
