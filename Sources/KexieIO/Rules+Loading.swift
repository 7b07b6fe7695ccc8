import KexieModel

extension Rules {
    /// The top-level keys of a rules file.
    static let _keys = [
        "coverage", "key_persons", "counting_roles", "sectors", "role_weights", "link_weights",
        "rural_tech", "societies", "institutions", "seconded_term_years", "expiry_warning_days",
        "overload_threshold", "targets",
    ]

    /// The built-in defaults as a YAML tree, the base every rules file is merged onto.
    static func _defaultsTree() -> _YAMLValue {
        let d = Rules.defaults
        let m = _SourceMark(file: "(built-in defaults)", line: nil, column: nil)
        func s(_ text: String) -> _YAMLValue { .scalar(text, quoted: false, m) }
        func list(_ items: [String]) -> _YAMLValue { .list(items.map(s), m) }
        func map(_ entries: [(String, _YAMLValue)]) -> _YAMLValue { .mapping(entries.map { ($0.0, m, $0.1) }, m) }
        func number(_ x: Double) -> _YAMLValue { s(String(x)) }
        let levels = Level.allCases
        return map([
            ("coverage", map([
                ("levels", list(d.coverage.levels.map(\.name))),
                ("counts", map(levels.compactMap { l in d.coverage.counts[l].map { (l.name, list($0.map(\.name))) } })),
                ("exclude_kinds", list(d.coverage.excludeKinds)),
            ])),
            ("key_persons", map(d.keyPersons.map { ($0.key, list($0.categories)) })),
            ("counting_roles", map(levels.compactMap { l in d.countingRoles[l].map { (l.name, list($0.map(\.name))) } })),
            ("sectors", map(d.sectors.sorted { $0.key < $1.key }.map { ($0.key, s($0.value)) })),
            ("role_weights", map(Role.allCases.map { ($0.name, number(d.weight(of: $0))) })),
            ("link_weights", map(LinkKind.allCases.map { ($0.name, number(d.weight(of: $0))) })),
            ("rural_tech", map([("required_kinds", list(d.ruralTechRequiredKinds))])),
            ("societies", map([("district", list(d.societyDisciplines))])),
            ("institutions", map(InstitutionKind.allCases.compactMap { k in d.institutionTypes[k].map { (k.name, s($0.name)) } })),
            ("seconded_term_years", s(String(d.secondedTermYears))),
            ("expiry_warning_days", s(String(d.expiryWarningDays))),
            ("overload_threshold", s(String(d.overloadThreshold))),
            ("targets", .list([], m)),
        ])
    }

    /// Rewrites the alternative `sectors` form `SECTOR: [CATEGORY, …]` into the documented
    /// `CATEGORY: SECTOR` form, so that both merge key by key over the defaults.
    static func _normalizingSectors(_ tree: _YAMLValue) -> _YAMLValue {
        guard case .mapping(var entries, let mark) = tree,
              let i = entries.firstIndex(where: { $0.key == "sectors" }),
              case .mapping(let sectorEntries, let sectorsMark) = entries[i].value else { return tree }
        var rewritten: [(key: String, keyMark: _SourceMark, value: _YAMLValue)] = []
        for e in sectorEntries {
            if case .list(let categories, _) = e.value {
                for c in categories {
                    if case .scalar(let name, _, let cm) = c {
                        rewritten.append((name, cm, .scalar(e.key, quoted: false, e.keyMark)))
                    } else {
                        rewritten.append((e.key, e.keyMark, e.value))  // reported as a wrong type later
                    }
                }
            } else {
                rewritten.append(e)
            }
        }
        entries[i].value = .mapping(rewritten, sectorsMark)
        return .mapping(entries, mark)
    }

    /// Builds typed rules from a merged tree, reporting unknown keys, wrong types and unknown
    /// names. Target units are checked against `regions` when it is given.
    static func _decode(_ tree: _YAMLValue, regions: RegionTable?, log: _DiagnosticSink) -> Rules? {
        let before = log.log.errorCount
        let d = _RulesDecoder(log: log)
        var rules = Rules.defaults
        guard let top = d.mapping(tree, "rules", allowed: _keys) else { return nil }
        for (key, keyMark, value) in top {
            switch key {
            case "coverage": _decodeCoverage(value, d, into: &rules.coverage)
            case "key_persons": rules.keyPersons = _decodeKeyPersons(value, d)
            case "counting_roles":
                rules.countingRoles = [:]
                for (k, km, v) in d.mapping(value, key) ?? [] {
                    guard let level = d.vocabulary(name: k, km, "counting_roles.\(k)", Level.self) else { continue }
                    rules.countingRoles[level] = d.list(v, "counting_roles.\(k)") { d.vocabulary($0, $1, Role.self) } ?? []
                }
            case "sectors": rules.sectors = _decodeSectors(value, keyMark, d)
            case "role_weights", "link_weights": _decodeWeights(key, value, d, into: &rules)
            case "rural_tech":
                for (k, _, v) in d.mapping(value, key, allowed: ["required_kinds"]) ?? [] {
                    rules.ruralTechRequiredKinds = d.list(v, "rural_tech.\(k)") { d.string($0, $1) } ?? []
                }
            case "societies":
                for (k, _, v) in d.mapping(value, key, allowed: ["district"]) ?? [] {
                    rules.societyDisciplines = d.list(v, "societies.\(k)") { d.string($0, $1) } ?? []
                }
            case "institutions":
                rules.institutionTypes = [:]
                for (k, km, v) in d.mapping(value, key) ?? [] {
                    guard let kind = d.vocabulary(name: k, km, "institutions.\(k)", InstitutionKind.self),
                          let type = d.vocabulary(v, "institutions.\(k)", OrganizationType.self) else { continue }
                    rules.institutionTypes[kind] = type
                }
            case "seconded_term_years", "expiry_warning_days", "overload_threshold": _decodeLimit(key, value, d, into: &rules)
            default: // targets
                if case .null = value { rules.targets = []; continue }
                rules.targets = d.list(value, key) { d.target($0, $1, regions: regions) } ?? []
            }
        }
        return log.log.errorCount == before ? rules : nil
    }

    /// `coverage:` — levels, what counts at each level, the kinds excluded.
    private static func _decodeCoverage(_ value: _YAMLValue, _ d: _RulesDecoder, into coverage: inout Coverage) {
        guard let entries = d.mapping(value, "coverage", allowed: ["levels", "counts", "exclude_kinds"]) else { return }
        for (k, _, v) in entries {
            let path = "coverage.\(k)"
            switch k {
            case "levels": coverage.levels = d.list(v, path) { d.vocabulary($0, $1, Level.self) } ?? []
            case "counts":
                coverage.counts = [:]
                for (lk, lm, lv) in d.mapping(v, path) ?? [] {
                    guard let level = d.vocabulary(name: lk, lm, "\(path).\(lk)", Level.self) else { continue }
                    coverage.counts[level] = d.list(lv, "\(path).\(lk)") { d.vocabulary($0, $1, OrganizationType.self) } ?? []
                }
            default: coverage.excludeKinds = d.list(v, path) { d.string($0, $1) } ?? []
            }
        }
    }

    /// `key_persons:` — the required categories per `level` or `level/kind`.
    private static func _decodeKeyPersons(_ value: _YAMLValue, _ d: _RulesDecoder) -> [KeyPersonRule] {
        var rules: [KeyPersonRule] = []
        for (k, km, v) in d.mapping(value, "key_persons") ?? [] {
            let parts = k.split(separator: "/", maxSplits: 1).map(String.init)
            guard let level = d.vocabulary(name: parts.first ?? "", km, "key_persons.\(k)", Level.self) else { continue }
            let categories = d.list(v, "key_persons.\(k)") { item, path in d.string(item, path).map { d.category($0, item.mark, path) } } ?? []
            d.warnUnknownCategories(categories, v, "key_persons.\(k)")
            let kind = parts.count > 1 ? d.regionKind(parts[1], km, "key_persons.\(k)") : nil
            rules.append(KeyPersonRule(level: level, kind: kind, categories: categories))
        }
        return rules
    }

    /// `sectors:` — the sector of each category, at most `LoadLimits.sectors` of them.
    private static func _decodeSectors(_ value: _YAMLValue, _ keyMark: _SourceMark, _ d: _RulesDecoder) -> [String: String] {
        var sectors: [String: String] = [:]
        for (k, km, v) in d.mapping(value, "sectors") ?? [] {
            if let sector = d.string(v, "sectors.\(k)") {
                sectors[d.category(k, km, "sectors.\(k)")] = d.sector(sector, v.mark, "sectors.\(k)")
            }
        }
        let named = Set(sectors.values).count
        if named > LoadLimits.sectors {
            d.error(keyMark, "sectors", "names \(named) different sectors (with the built-in ones); the rules may name at most \(LoadLimits.sectors)")
        }
        return sectors
    }

    /// `role_weights:` (0 allowed) and `link_weights:` (greater than 0), over the defaults.
    private static func _decodeWeights(_ key: String, _ value: _YAMLValue, _ d: _RulesDecoder, into rules: inout Rules) {
        for (k, km, v) in d.mapping(value, key) ?? [] {
            if key == "role_weights" {
                guard let role = d.vocabulary(name: k, km, "role_weights.\(k)", Role.self),
                      let w = d.number(v, "role_weights.\(k)", minimum: 0, inclusive: true, maximum: LoadLimits.weight) else { continue }
                rules.roleWeights[Int(role.rawValue)] = w
            } else {
                guard let kind = d.vocabulary(name: k, km, "link_weights.\(k)", LinkKind.self),
                      let w = d.number(v, "link_weights.\(k)", minimum: 0, inclusive: false, maximum: LoadLimits.weight) else { continue }
                rules.linkWeights[Int(kind.rawValue)] = w
            }
        }
    }

    /// The three numeric settings, each bounded.
    private static func _decodeLimit(_ key: String, _ value: _YAMLValue, _ d: _RulesDecoder, into rules: inout Rules) {
        switch key {
        case "seconded_term_years":
            // Bounded so that term ends stay on the calendar (a larger value is a typo).
            rules.secondedTermYears = d.integer(value, key, minimum: 0, maximum: 100) ?? rules.secondedTermYears
        case "expiry_warning_days":
            rules.expiryWarningDays = d.integer(value, key, minimum: 0, maximum: 36_525) ?? rules.expiryWarningDays
        default:
            rules.overloadThreshold = d.integer(value, key, minimum: 0) ?? rules.overloadThreshold
        }
    }
}

/// Typed reads from a YAML tree, each reporting "PATH: expected …, found …" at the value's mark.
struct _RulesDecoder {
    let log: _DiagnosticSink

    func error(_ mark: _SourceMark, _ path: String, _ message: String) {
        log.error(mark.file, line: mark.line, column: mark.column, "\(path): \(message)")
    }

    func mapping(_ v: _YAMLValue, _ path: String, allowed: [String]? = nil) -> [(String, _SourceMark, _YAMLValue)]? {
        guard case .mapping(let entries, _) = v else {
            error(v.mark, path, "expected a mapping (key: value lines), found \(v.kindDescription)")
            return nil
        }
        guard let allowed else { return entries.map { ($0.key, $0.keyMark, $0.value) } }
        var known: [(String, _SourceMark, _YAMLValue)] = []
        for e in entries {
            if allowed.contains(e.key) {
                known.append((e.key, e.keyMark, e.value))
            } else {
                error(e.keyMark, path == "rules" ? e.key : "\(path).\(e.key)",
                      "unknown key" + _Suggestion.hint(for: e.key, allowed: allowed))
            }
        }
        return known
    }

    func list<T>(_ v: _YAMLValue, _ path: String, _ element: (_YAMLValue, String) -> T?) -> [T]? {
        guard case .list(let items, _) = v else {
            error(v.mark, path, "expected a list ([a, b] or lines starting with \"- \"), found \(v.kindDescription)")
            return nil
        }
        var out: [T] = []
        for (i, item) in items.enumerated() {
            if let x = element(item, "\(path)[\(i)]") { out.append(x) }
        }
        return out
    }

    func string(_ v: _YAMLValue, _ path: String) -> String? {
        guard case .scalar(let s, _, _) = v else {
            error(v.mark, path, "expected a single value, found \(v.kindDescription)")
            return nil
        }
        return s
    }

    /// A finite number above (or from, when `inclusive`) `minimum` and at most `maximum`.
    func number(_ v: _YAMLValue, _ path: String, minimum: Double, inclusive: Bool, maximum: Double = .infinity) -> Double? {
        guard case .scalar(let s, let quoted, _) = v, !quoted, let x = Double(s), x.isFinite else {
            error(v.mark, path, "expected a number, found \(v.kindDescription)")
            return nil
        }
        guard inclusive ? x >= minimum : x > minimum else {
            error(v.mark, path, "must be \(inclusive ? "at least" : "greater than") \(minimum), found \(s)")
            return nil
        }
        guard x <= maximum else {
            error(v.mark, path, "must be at most \(Int(maximum)), found \(s)")
            return nil
        }
        return x
    }

    func integer(_ v: _YAMLValue, _ path: String, minimum: Int, maximum: Int = .max) -> Int? {
        guard case .scalar(let s, let quoted, _) = v, !quoted, let x = Int(s) else {
            error(v.mark, path, "expected a whole number, found \(v.kindDescription)")
            return nil
        }
        guard x >= minimum else {
            error(v.mark, path, "must be at least \(minimum), found \(s)")
            return nil
        }
        guard x <= maximum else {
            error(v.mark, path, "must be at most \(maximum), found \(s)")
            return nil
        }
        return x
    }

    func date(_ v: _YAMLValue, _ path: String) -> Day? {
        guard let s = string(v, path) else { return nil }
        guard let d = Day(parsing: s) else {
            error(v.mark, path, "bad date \"\(s)\": expected YYYY-MM-DD, YYYY-MM or YYYY")
            return nil
        }
        return d
    }

    func vocabulary<E: ContractVocabulary>(_ v: _YAMLValue, _ path: String, _ type: E.Type) -> E? {
        guard let s = string(v, path) else { return nil }
        return vocabulary(name: s, v.mark, path, type)
    }

    /// A vocabulary value: its key, or another spelling the contract accepts (another case, a
    /// Chinese label or part of one, a synonym: `_ContractLabels`; a `.label` conversion).
    func vocabulary<E: ContractVocabulary>(name: String, _ mark: _SourceMark, _ path: String, _ type: E.Type) -> E? {
        if let e = E(name: name) { return e }
        let text = _ContractLabels.isChinese(name) ? _NFKC.normalizedAndTrimmed(name) : name
        if let e = _ContractLabels.value(text, E.self) {
            converted(mark, path, read: name, became: e.name)
            return e
        }
        error(mark, path, "unknown \(E.vocabularyName) \"\(name)\"" + _ContractLabels.hint(for: text, E.self))
        return nil
    }

    /// Records that `read` at `mark` (rules key path `path`) was read as `became`.
    func converted(_ mark: _SourceMark, _ path: String, read: String, became: String) {
        log.converted(Conversion(.label, file: mark.file, line: mark.line, column: mark.column, columnName: path, read: read, became: became))
    }

    /// A key-person category: as written, or the contract's category a Chinese label (or part
    /// of one) or another case stands for.
    func category(_ name: String, _ mark: _SourceMark, _ path: String) -> String {
        openValue(name, mark, path, known: Set(KnownVocabulary.categories.map(\.name)), labels: _ContractLabels.categories)
    }

    /// A sector: as written, or the contract's sector its Chinese label or another case stands for.
    func sector(_ name: String, _ mark: _SourceMark, _ path: String) -> String {
        openValue(name, mark, path, known: Set(KnownVocabulary.sectors.map(\.name)), labels: _ContractLabels.sectors)
    }

    /// A region kind in a `level/kind` key: as written, or the kind its Chinese label or another
    /// case stands for.
    func regionKind(_ name: String, _ mark: _SourceMark, _ path: String) -> String {
        openValue(name, mark, path, known: Set(RegionKinds.township + RegionKinds.village), labels: _ContractLabels.regionKinds)
    }

    /// A value of an open vocabulary: as written, or the one of `known` it stands for
    /// (`_ContractLabels.value(_:known:labels:)`; a `.label` conversion).
    private func openValue(_ name: String, _ mark: _SourceMark, _ path: String, known: Set<String>, labels: [(String, String)]) -> String {
        if known.contains(name) { return name }
        let text = _ContractLabels.isChinese(name) ? _NFKC.normalizedAndTrimmed(name) : name
        guard let key = _ContractLabels.value(text, known: known, labels: labels) else { return name }
        converted(mark, path, read: name, became: key)
        return key
    }


    /// A region id, as the tables' ids are read: in NFKC (a `.fullWidth` conversion when that
    /// changes it).
    func code(_ id: String, _ mark: _SourceMark, _ path: String) -> String {
        guard _ContractLabels.isChinese(id) else { return id }
        let n = _NFKC.normalizedAndTrimmed(id)
        if !n.utf8.elementsEqual(id.utf8) {
            log.converted(Conversion(.fullWidth, file: mark.file, line: mark.line, column: mark.column, columnName: path, read: id, became: n))
        }
        return n
    }

    func warnUnknownCategories(_ categories: [String], _ v: _YAMLValue, _ path: String) {
        let known = KnownVocabulary.categories.map(\.name)
        for c in categories where !known.contains(c) {
            log.warning(v.mark.file, line: v.mark.line, column: v.mark.column,
                        "\(path): \"\(c)\" is not a known key-person category" + _Suggestion.hint(for: c, allowed: known, listAllowed: false))
        }
    }

    func target(_ v: _YAMLValue, _ path: String, regions: RegionTable?) -> Target? {
        let keys = ["name", "due", "per", "level", "scope", "except", "min_rate", "min_covered"]
        guard let entries = mapping(v, path, allowed: keys) else { return nil }
        var name: String?, due: Day?, per: Level?, level: Level?
        var scope: [String]?, except: [String] = [], minRate: Double?, minCovered: Int?
        var ok = true
        var scopeValues: [(path: String, id: String, value: _YAMLValue)] = []
        for (k, _, value) in entries {
            let p = "\(path).\(k)"
            switch k {
            case "name": name = string(value, p)
            case "due": due = date(value, p); ok = ok && due != nil
            case "per": per = vocabulary(value, p, Level.self); ok = ok && per != nil
            case "level": level = vocabulary(value, p, Level.self); ok = ok && level != nil
            case "scope", "except":
                if case .null = value { continue }
                let ids = list(value, p) { item, ip in string(item, ip).map { (code($0, item.mark, ip), item) } } ?? []
                scopeValues += ids.enumerated().map { ("\(p)[\($0.offset)]", $0.element.0, $0.element.1) }
                if k == "scope" { scope = ids.map(\.0) } else { except = ids.map(\.0) }
            case "min_rate":
                if case .null = value { continue }
                minRate = number(value, p, minimum: 0, inclusive: true)
                if let r = minRate, r > 1 { error(value.mark, p, "a rate is between 0 and 1, found \(r)"); ok = false }
                ok = ok && minRate != nil
            default:
                if case .null = value { continue }
                minCovered = integer(value, p, minimum: 0); ok = ok && minCovered != nil
            }
        }
        for (k, present) in [("name", name != nil), ("due", due != nil), ("per", per != nil), ("level", level != nil)] where !present {
            if !entries.contains(where: { $0.0 == k }) { error(v.mark, path, "a target needs \"\(k)\"") }
            ok = false
        }
        if minRate == nil && minCovered == nil && ok {
            error(v.mark, path, "a target needs \"min_rate\" or \"min_covered\" (or both)")
            ok = false
        }
        if let regions, let per {
            for (p, id, value) in scopeValues {
                guard case .scalar = value else { continue }
                guard let r = regions.ids.index(of: id) else {
                    error(value.mark, p, "no region has the id \"\(id)\"")
                    ok = false
                    continue
                }
                if regions.levels[r] != per {
                    error(value.mark, p, "region \(id) (\(regions.names[r])) is a \(regions.levels[r].name), but the target is checked per \(per.name)")
                    ok = false
                }
            }
        }
        guard ok, let name, let due, let per, let level else { return nil }
        return Target(name: name, due: due, per: per, level: level, scope: scope, except: except,
                      minRate: minRate, minCovered: minCovered)
    }
}
