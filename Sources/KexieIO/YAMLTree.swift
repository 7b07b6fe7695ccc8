import Yams

/// Where a YAML value was written.
struct _SourceMark: Equatable {
    var file: String
    var line: Int?
    var column: Int?
}

/// A YAML document as plain values with their source marks, so that merged rules still point at
/// the file and line each value came from.
indirect enum _YAMLValue: Sendable {
    case mapping([(key: String, keyMark: _SourceMark, value: _YAMLValue)], _SourceMark)
    case list([_YAMLValue], _SourceMark)
    /// A scalar's text as written, and whether it was quoted (then it is a string, never a number).
    case scalar(String, quoted: Bool, _SourceMark)
    case null(_SourceMark)

    var mark: _SourceMark {
        switch self {
        case .mapping(_, let m), .list(_, let m), .scalar(_, _, let m), .null(let m): m
        }
    }

    /// What the value is, for "expected …, found …" messages.
    var kindDescription: String {
        switch self {
        case .mapping: "a mapping"
        case .list: "a list"
        case .scalar(let s, _, _): "\"\(s)\""
        case .null: "nothing"
        }
    }

    /// Parses YAML text. An empty document is an empty mapping.
    static func parse(_ text: String, file: String, log: _DiagnosticSink) -> _YAMLValue? {
        if let problem = _YAMLGuard.check(text) {
            log.error(file, line: problem.line, column: problem.column, problem.message)
            return nil
        }
        let node: Node?
        do {
            node = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            var line: Int?, column: Int?, problem = "\(error)"
            switch error {
            case let .scanner(_, p, m, _), let .parser(_, p, m, _), let .composer(_, p, m, _):
                line = m.line; column = m.column; problem = p
                // libyaml stops at 1,000 levels, before kexie's own, lower limit is checked.
                if p.hasPrefix("Maximum nesting level") { problem = Self.tooDeep }
            default: break
            }
            log.error(file, line: line, column: column, "not valid YAML: \(problem)")
            return nil
        } catch {
            log.error(file, "not valid YAML: \(error)")
            return nil
        }
        guard let node else { return .mapping([], _SourceMark(file: file, line: 1, column: 1)) }
        return convert(node, depth: 1, file: file, log: log)
    }

    static let tooDeep = "mappings and lists nest more than \(LoadLimits.yamlDepth) levels deep; a kexie YAML file may nest at most \(LoadLimits.yamlDepth)"

    /// - Complexity: recursive, at most `LoadLimits.yamlDepth` calls deep (libyaml rejects
    ///   deeper documents before, at 1,000).
    private static func convert(_ node: Node, depth: Int, file: String, log: _DiagnosticSink) -> _YAMLValue? {
        let mark = _SourceMark(file: file, line: node.mark?.line, column: node.mark?.column)
        if depth > LoadLimits.yamlDepth {
            log.error(file, line: mark.line, column: mark.column, tooDeep)
            return nil
        }
        switch node {
        case .scalar(let s):
            if s.style == .plain, ["", "~", "null", "Null", "NULL"].contains(s.string) { return .null(mark) }
            return .scalar(s.string, quoted: s.style != .plain, mark)
        case .sequence(let seq):
            var items: [_YAMLValue] = []
            for n in seq {
                guard let v = convert(n, depth: depth + 1, file: file, log: log) else { return nil }
                items.append(v)
            }
            return .list(items, mark)
        case .mapping(let map):
            var entries: [(String, _SourceMark, _YAMLValue)] = []
            var seen: [String: Int] = [:]
            for (k, v) in map {
                let keyMark = _SourceMark(file: file, line: k.mark?.line, column: k.mark?.column)
                guard case .scalar(let ks) = k else {
                    log.error(file, line: keyMark.line, column: keyMark.column, "a mapping key must be a plain word")
                    return nil
                }
                if let first = seen[ks.string] {
                    log.error(file, line: keyMark.line, column: keyMark.column, "key \"\(ks.string)\" appears twice in one mapping (first at line \(first))")
                    return nil
                }
                seen[ks.string] = keyMark.line ?? 0
                guard let value = convert(v, depth: depth + 1, file: file, log: log) else { return nil }
                entries.append((ks.string, keyMark, value))
            }
            return .mapping(entries, mark)
        case .alias:
            log.error(file, line: mark.line, column: mark.column, "YAML aliases (*name) are not supported in kexie files; write the value out")
            return nil
        }
    }

    /// `over` merged onto `self`: mappings merge key by key at every depth (keys of `self` keep
    /// their order, new keys follow); any other value of `over` replaces the value whole.
    /// - Complexity: O(keys) per mapping (a rules file may have a hundred thousand unknown keys).
    func merged(with over: _YAMLValue) -> _YAMLValue {
        guard case .mapping(var entries, let mark) = self, case .mapping(let overEntries, _) = over else { return over }
        var position = [String: Int](minimumCapacity: entries.count)
        for (i, e) in entries.enumerated() where position[e.key] == nil { position[e.key] = i }
        for entry in overEntries {
            if let i = position[entry.key] {
                entries[i].value = entries[i].value.merged(with: entry.value)
                entries[i].keyMark = entry.keyMark
            } else {
                position[entry.key] = entries.count
                entries.append(entry)
            }
        }
        return .mapping(entries, mark)
    }
}
