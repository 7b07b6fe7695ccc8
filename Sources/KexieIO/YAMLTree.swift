/// Where a YAML value was written.
struct _SourceMark: Equatable {
    var file: String
    var line: Int?
    var column: Int?
}

/// A YAML document as plain values with their source marks, so that merged rules still point at
/// the file and line each value came from. Built by `_YAMLComposer`: at most
/// `LoadLimits.yamlDepth` collections deep, aliases expanded (values shared, not copied).
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

    /// Parses YAML text (see `_YAMLComposer` for what is refused). An empty document is an
    /// empty mapping.
    static func parse(_ text: String, file: String, log: _DiagnosticSink) -> _YAMLValue? {
        switch _YAMLComposer.compose(text, file: file) {
        case .success(let tree):
            return tree
        case .failure(let problem):
            log.error(file, line: problem.line, column: problem.column, problem.message)
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
