import KexieModel

/// Why a dataset could not be loaded. The kind decides the exit status (sysexits).
public struct DatasetLoadError: Error, Sendable {
    public enum Kind: Sendable, Equatable {
        /// A dataset folder, a required table or a rules file does not exist or cannot be opened.
        case inputMissing
        /// The input breaks the contract.
        case dataError
        /// Reading failed part-way.
        case ioError
    }
    public var kind: Kind
    /// Every diagnostic of the load (errors, warnings, notes), errors first within each file.
    public var log: DiagnosticLog
}

/// A successfully loaded dataset, with the warnings and notes of its load.
public struct LoadedDataset: Sendable {
    public var dataset: Dataset
    /// The folder it was read from, as given.
    public var path: String
    public var log: DiagnosticLog
    /// How each table was read (file name and encoding), in load order.
    public var files: [(file: String, encoding: TableEncoding)]
}

/// Reads a dataset folder (dataset.md, contract version 1).
///
/// Tables are read in dependency order (regions, institutions, organizations, persons,
/// positions, links) so that references resolve as rows arrive; `dataset.yaml` and the rules are
/// read first. All errors of a load are collected (up to `errorLimit` kept, all counted) before
/// it fails, so one run shows everything that needs fixing.
public struct DatasetLoader: Sendable {
    /// Rules files merged over the dataset's own `rules.yaml`, in order (`--rules`).
    public var rulesFiles: [String]
    /// How many errors (and, separately, warnings) are kept; the rest are counted.
    public var errorLimit: Int

    public init(rulesFiles: [String] = [], errorLimit: Int = 50) {
        self.rulesFiles = rulesFiles
        self.errorLimit = errorLimit
    }

    public static let tableNames = ["regions", "organizations", "persons", "positions", "links", "institutions"]

    public func load(_ path: String) throws(DatasetLoadError) -> LoadedDataset {
        let sink = _DiagnosticSink(limit: errorLimit)
        func fail(_ kind: DatasetLoadError.Kind) -> DatasetLoadError { DatasetLoadError(kind: kind, log: sink.log) }
        let folder = path.hasSuffix("/") && path.count > 1 ? String(path.dropLast()) : path

        switch _FileSystem.entry(folder) {
        case .directory: break
        case .missing(let code):
            sink.error(folder, "cannot open the dataset folder: \(_systemMessage(code))")
            throw fail(.inputMissing)
        default:
            sink.error(folder, "not a folder: a dataset is a folder of CSV tables (regions.csv, organizations.csv, …)")
            throw fail(.inputMissing)
        }

        // Locate the tables: NAME.csv or NAME.csv.gz, not both.
        var located: [String: String] = [:]
        var missingRequired = false
        for name in Self.tableNames {
            let plain = "\(folder)/\(name).csv", gz = "\(folder)/\(name).csv.gz"
            let hasPlain = exists(plain), hasGz = exists(gz)
            if hasPlain && hasGz {
                sink.error(gz, "both \(name).csv and \(name).csv.gz exist; keep only one of them")
            } else if hasPlain || hasGz {
                located[name] = hasPlain ? plain : gz
            } else if name == "regions" || name == "organizations" {
                sink.error(plain, "missing required table \(name).csv (or \(name).csv.gz)")
                missingRequired = true
            }
        }
        if missingRequired { throw fail(.inputMissing) }

        // Manifest and rules.
        var manifest = _Manifest()
        if exists("\(folder)/dataset.yaml") {
            manifest = _Manifest.load("\(folder)/dataset.yaml", log: sink) ?? manifest
        }
        var rulesTree = Rules._defaultsTree()
        var rulesSources: [String] = []
        if exists("\(folder)/rules.yaml") { rulesSources.append("\(folder)/rules.yaml") }
        for file in rulesFiles {
            guard case .file = _FileSystem.entry(file) else {
                sink.error(file, "cannot open the rules file: " + describe(_FileSystem.entry(file)))
                throw fail(.inputMissing)
            }
            rulesSources.append(file)
        }
        for file in rulesSources {
            guard let text = readText(file, sink: sink) else { continue }
            if let tree = _YAMLValue.parse(text, file: file, log: sink) {
                if case .mapping = tree {
                    rulesTree = rulesTree.merged(with: Rules._normalizingSectors(tree))
                } else {
                    sink.error(file, line: tree.mark.line, "a rules file is a mapping of keys (coverage:, key_persons:, targets:, …), found \(tree.kindDescription)")
                }
            }
        }

        // Tables, in dependency order.
        var files: [(String, TableEncoding)] = []
        var ioFailure = false
        func reader(_ name: String) -> _TableReader? {
            guard let file = located[name], !_rejectUnloadable(file, limit: LoadLimits.tableBytes, what: "a table", sink: sink) else { return nil }
            let bytes: [UInt8]
            do {
                bytes = try _FileSystem.read(file)
            } catch {
                sink.error(file, error.description)
                if error.kind == .io { ioFailure = true }
                return nil
            }
            var text = bytes
            if file.hasSuffix(".gz") {
                guard _Gzip.isGzip(bytes) else {
                    sink.error(file, "the file is named .gz but is not gzip-compressed")
                    return nil
                }
                do { text = try _Gzip.decompress(bytes, limit: LoadLimits.tableBytes) } catch {
                    sink.error(file, "cannot decompress: \(error.message) (at compressed byte offset \(error.offset))")
                    return nil
                }
            }
            do {
                let r = try _TableReader(file: file, bytes: text)
                files.append((file, r.encoding))
                if r.encoding == .gb18030 {
                    sink.note(file, "not valid UTF-8; read as GB18030 (the encoding of Chinese-locale Excel exports)")
                }
                return r
            } catch {
                sink.error(file, error.message)
                return nil
            }
        }

        var regions = RegionTable()
        var regionsOK = false
        if var r = reader("regions"), let t = RegionTable._load(&r, log: sink) {
            regions = t
            regionsOK = true
        }
        let rules = Rules._decode(rulesTree, regions: regionsOK ? regions : nil, log: sink) ?? Rules.defaults
        var institutions = InstitutionTable()
        if var r = reader("institutions") { institutions = InstitutionTable._load(&r, regions: regions, log: sink) ?? institutions }
        var organizations = OrganizationTable()
        if var r = reader("organizations") {
            organizations = OrganizationTable._load(&r, regions: regions, institutions: institutions, log: sink) ?? organizations
        }
        var persons = PersonTable()
        if var r = reader("persons") { persons = PersonTable._load(&r, regions: regions, rules: rules, log: sink) ?? persons }
        var positions = PositionTable()
        if var r = reader("positions") {
            positions = PositionTable._load(&r, persons: persons, organizations: organizations, log: sink) ?? positions
        }
        var links = LinkTable()
        if var r = reader("links") { links = LinkTable._load(&r, organizations: organizations, log: sink) ?? links }

        if sink.log.hasErrors { throw fail(ioFailure ? .ioError : .dataError) }

        let dataset = Dataset(
            name: manifest.name ?? Self.defaultName(folder), description: manifest.description,
            source: manifest.source, asOf: manifest.asOf,
            regions: regions, organizations: organizations, persons: persons, positions: positions,
            links: links, institutions: institutions, rules: rules)
        return LoadedDataset(dataset: dataset, path: path, log: sink.log, files: files)
    }

    /// The name of a dataset without a `name` in dataset.yaml: its folder's name.
    static func defaultName(_ folder: String) -> String {
        var f = folder
        if f == "." || f.isEmpty, let cwd = _FileSystem.currentDirectory() { f = cwd }
        return f.split(separator: "/").last.map(String.init) ?? f
    }

    private func exists(_ path: String) -> Bool {
        if case .missing = _FileSystem.entry(path) { return false }
        return true
    }

    private func describe(_ entry: _FileSystem.Entry) -> String {
        switch entry {
        case .missing(let code): _systemMessage(code)
        case .directory: "it is a folder"
        case .file: "it is a file"
        case .other: "it is not a regular file"
        }
    }

    private func readText(_ file: String, sink: _DiagnosticSink) -> String? {
        if _rejectUnloadable(file, limit: LoadLimits.yamlBytes, what: "a YAML file", sink: sink) { return nil }
        do {
            let bytes = try _FileSystem.read(file)
            let (text, _) = try _TextDecoding.utf8Text(bytes)
            return String(decoding: text, as: UTF8.self)
        } catch let error as FileReadError {
            sink.error(file, error.description)
        } catch let error as _EncodingError {
            sink.error(file, error.message)
        } catch {
            sink.error(file, "\(error)")
        }
        return nil
    }
}

/// `dataset.yaml`: name, description, source, as_of.
struct _Manifest {
    var name: String?
    var description: String?
    var source: String?
    var asOf: Day?

    static func load(_ file: String, log: _DiagnosticSink) -> _Manifest? {
        if _rejectUnloadable(file, limit: LoadLimits.yamlBytes, what: "a YAML file", sink: log) { return nil }
        guard let bytes = try? _FileSystem.read(file) else {
            log.error(file, "cannot read dataset.yaml")
            return nil
        }
        guard let text = try? _TextDecoding.utf8Text(bytes).text else {
            log.error(file, "dataset.yaml is not UTF-8 text")
            return nil
        }
        guard let tree = _YAMLValue.parse(String(decoding: text, as: UTF8.self), file: file, log: log) else { return nil }
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

/// Reports a file larger than `limit` bytes, or one that is not a regular file (a pipe or a
/// device such as /dev/zero would be read without end), before reading it. A missing file or a
/// folder is left to the read, which says so.
func _rejectUnloadable(_ file: String, limit: Int, what: String, sink: _DiagnosticSink) -> Bool {
    switch _FileSystem.entry(file) {
    case .file(let size) where size > limit:
        sink.error(file, "the file is \(size) bytes; \(what) may be at most \(LoadLimits.bytesText(limit)) (\(limit) bytes)")
        return true
    case .other:
        sink.error(file, "not a regular file: \(what) must be a file (a pipe or a device cannot be read to its end)")
        return true
    default:
        return false
    }
}
