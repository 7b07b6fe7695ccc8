import KexieModel

/// Stage 2 of a load: `dataset.yaml` and the rules tree, read before any table.
struct _Preamble: Sendable {
    /// `dataset.yaml`, or an empty manifest without one.
    let manifest: _Manifest
    /// The defaults, merged over by `rules.yaml` and then each `--rules` file, in order. Decoded
    /// against the regions once they are read (targets name regions).
    let rulesTree: _YAMLValue

    /// Reads the manifest and the rules files. Fails (input missing, exit 66) when a `--rules`
    /// file is not there, or when one of the YAML files cannot be opened or read (after reading
    /// the others, so that all their errors are reported). A YAML file that is not YAML, or not
    /// a mapping, is an error in the log (a data error).
    init(folder: String, rulesFiles: [String], log: _DiagnosticSink) throws(_LoadFailure) {
        var unreadable: DatasetLoadError.Kind?
        var manifest = _Manifest()
        if _exists("\(folder)/dataset.yaml"), let text = Self.readText("\(folder)/dataset.yaml", log: log, failure: &unreadable) {
            manifest = _Manifest.load(text, file: "\(folder)/dataset.yaml", log: log) ?? manifest
        }
        var sources: [String] = []
        if _exists("\(folder)/rules.yaml") { sources.append("\(folder)/rules.yaml") }
        for file in rulesFiles {
            guard case .file = _FileSystem.entry(file) else {
                log.error(file, "cannot open the rules file: " + Self.describe(_FileSystem.entry(file)))
                throw _LoadFailure(.inputMissing)
            }
            sources.append(file)
        }
        var tree = Rules._defaultsTree()
        for file in sources {
            guard let text = Self.readText(file, log: log, failure: &unreadable),
                  let parsed = _YAMLValue.parse(text, file: file, log: log) else { continue }
            if case .mapping = parsed {
                tree = tree.merged(with: Rules._normalizingSectors(parsed))
            } else {
                log.error(file, line: parsed.mark.line, "a rules file is a mapping of keys (coverage:, key_persons:, targets:, …), found \(parsed.kindDescription)")
            }
        }
        if let unreadable { throw _LoadFailure(unreadable) }
        self.manifest = manifest
        self.rulesTree = tree
    }

    private static func describe(_ entry: _FileSystem.Entry) -> String {
        switch entry {
        case .missing(let code): _systemMessage(code)
        case .directory: "it is a folder"
        case .file: "it is a file"
        case .other: "it is not a regular file"
        }
    }

    /// A YAML file's text, or `nil` after logging why it cannot be read. As for tables, a file
    /// that cannot be opened (no permission, a folder, a symbolic-link loop) sets `failure` to
    /// input missing, and one whose reading fails part-way to an I/O error; a file too large,
    /// not a regular file or not text is a data error.
    private static func readText(_ file: String, log: _DiagnosticSink, failure: inout DatasetLoadError.Kind?) -> String? {
        do {
            let bytes = try _FileSystem.read(file, limit: LoadLimits.yamlBytes)
            let (text, _) = try _TextDecoding.utf8Text(bytes)
            return String(decoding: text, as: UTF8.self)
        } catch let error as FileReadError {
            log.error(file, error.refusal(what: "a YAML file") ?? error.description)
            switch error.kind {
            case .io: failure = .ioError
            case .missing, .isDirectory: if failure == nil { failure = .inputMissing }
            case .notRegularFile, .tooLarge: break
            }
        } catch let error as _EncodingError {
            log.error(file, error.message)
        } catch {
            log.error(file, "\(error)")
        }
        return nil
    }
}

/// `dataset.yaml`: name, description, source, as_of.
struct _Manifest: Sendable {
    var name: String?
    var description: String?
    var source: String?
    var asOf: Day?

    /// The manifest in `text`, the contents of `file`; `nil` after logging why it is not one.
    static func load(_ text: String, file: String, log: _DiagnosticSink) -> _Manifest? {
        guard let tree = _YAMLValue.parse(text, file: file, log: log) else { return nil }
        let d = _RulesDecoder(log: log)
        guard case .mapping(let entries, _) = tree else {
            d.error(tree.mark, "dataset.yaml", "expected a mapping (name:, description:, source:, as_of:), found \(tree.kindDescription)")
            return nil
        }
        var m = _Manifest()
        let known = ["name", "description", "source", "as_of"]
        for (key, keyMark, value) in entries {
            switch key {
            case "name": m.name = d.string(value, key)
            case "description": m.description = d.string(value, key)
            case "source": m.source = d.string(value, key)
            case "as_of": m.asOf = d.date(value, key)
            default:
                log.warning(file, line: keyMark.line, column: keyMark.column,
                            "unknown key \"\(key)\" in dataset.yaml is ignored" + _Suggestion.hint(for: key, allowed: known))
            }
        }
        return m
    }
}
