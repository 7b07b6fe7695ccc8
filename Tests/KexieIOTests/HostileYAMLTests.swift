import Foundation
import Testing
import KexieIO
import KexieModel
import KexieTestSupport

/// YAML as standard as PyYAML writes it (anchors and aliases) loads; alias bombs, deep nesting,
/// control characters, keys given twice and files that cannot be opened are errors with their
/// place.
@Suite struct HostileYAMLTests {
    private func errors(_ rules: String) throws -> [String] {
        let ds = try TemporaryDataset(replacing: ["rules.yaml": rules])
        return LoadOutcome(ds.path).diagnostics(.error).map(\.description)
    }

    @Test func punctuationInsideScalarsAndCommentsIsNotAnAlias() throws {
        let rules = """
            # &anchor *alias [[[[ in a comment
            targets:
              - name: "&全覆盖 *x [[[[{{"
                due: 2020-12-31
                per: district
                level: township
                min_rate: 0.5   # *not an alias
              - name: 'it''s & *so* [ok'
                due: 2021
                per: district
                level: village
                min_covered: 1
            """
        #expect(try errors(rules).isEmpty)
        let ds = try TemporaryDataset(replacing: ["rules.yaml": rules])
        #expect(LoadOutcome(ds.path).dataset?.rules.targets.map(\.name) == ["&全覆盖 *x [[[[{{", "it's & *so* [ok"])
    }

    /// Errors of a `dataset.yaml`.
    private func manifestErrors(_ manifest: String) throws -> [String] {
        let ds = try TemporaryDataset(replacing: ["dataset.yaml": manifest])
        return LoadOutcome(ds.path).diagnostics(.error).map(\.description)
    }

    @Test func anchorsAndAliasesLoadAsTheValuesWrittenOut() throws {
        let aliased = """
            coverage:
              exclude_kinds: &kinds [township_like, other]
              counts:
                township: &types [association, popularization_org]
                village: *types
            rural_tech:
              required_kinds: *kinds
            role_weights: &w {chair: 2}
            link_weights: {cooperates: 0.25}
            """
        let written = """
            coverage:
              exclude_kinds: [township_like, other]
              counts:
                township: [association, popularization_org]
                village: [association, popularization_org]
            rural_tech:
              required_kinds: [township_like, other]
            role_weights: {chair: 2}
            link_weights: {cooperates: 0.25}
            """
        let a = try TemporaryDataset(replacing: ["rules.yaml": aliased]), b = try TemporaryDataset(replacing: ["rules.yaml": written])
        let ra = try #require(LoadOutcome(a.path).dataset?.rules), rb = try #require(LoadOutcome(b.path).dataset?.rules)
        #expect(ra == rb)
        #expect(ra.ruralTechRequiredKinds == ["township_like", "other"])
        // An alias of a scalar may be a key; an alias of a list may not.
        #expect(try errors("role_weights: {&c chair: 2, vice_chair: 1}\nlink_weights: {*c : 1}\n").first?.contains("unknown link kind \"chair\"") == true)
        #expect(try errors("a: &l [x]\nrole_weights: {*l : 1}\n").first?.contains("rules.yaml:2:16: error: a mapping key must be a plain word") == true)
        #expect(try errors("coverage:\n  levels: *nowhere\n").first?.contains("rules.yaml:2:11: error: alias *nowhere has no anchor &nowhere before it") == true)
        #expect(try errors("coverage:\n  levels: &self [district, *self]\n").first?.contains("rules.yaml:2:28: error: alias *self is inside the value anchored as &self") == true)
        // An error about the aliased value as a whole points at the alias.
        #expect(try errors("overload_threshold: &n 3\ncoverage:\n  levels: *n\n").first?.contains("rules.yaml:3:11: error: coverage.levels: expected a list") == true)
    }

    /// Ten anchors, each a list of ten aliases of the one before: 10^10 values when expanded.
    static let billionLaughs: String = {
        var text = "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
        let names = Array("abcdefghij").map(String.init)
        for i in 1..<names.count {
            text += "\(names[i]): &\(names[i]) [" + Array(repeating: "*\(names[i - 1])", count: 10).joined(separator: ", ") + "]\n"
        }
        return text + "coverage:\n  exclude_kinds: *j\n"
    }()

    @Test func anAliasBombIsRefusedAtItsLineInWellUnderASecond() throws {
        let ds = try TemporaryDataset(replacing: ["rules.yaml": Self.billionLaughs])
        let clock = ContinuousClock()
        var outcome: LoadOutcome?
        let elapsed = clock.measure { outcome = LoadOutcome(ds.path) }
        #expect(elapsed < .milliseconds(500), "\(elapsed)")
        #expect(outcome?.failure == .dataError)
        let e = try #require(outcome?.diagnostics(.error).first)
        // Aliases repeat 123,340 values up to e; f's third *e (111,111 values) passes 400,000.
        #expect(e.description.hasSuffix("rules.yaml:6:16: error: alias *e repeats 111111 values (a list or mapping with everything in it), which takes the values that aliases repeat past 400000; a kexie YAML file's aliases may repeat at most 400000 values"), "\(e)")
    }

    @Test func nestingIsCountedWithAliasesExpanded() throws {
        // The root mapping, coverage and 62 lists: 64 levels, allowed (and then not level names).
        let fits = "coverage:\n  levels: " + String(repeating: "[", count: 62) + String(repeating: "]", count: 62) + "\n"
        #expect(try errors(fits).allSatisfy { !$0.contains("nest more than") })
        let deep = "coverage:\n  levels: " + String(repeating: "[", count: 63) + String(repeating: "]", count: 63) + "\n"
        #expect(try errors(deep).first?.contains("rules.yaml:2:73: error: mappings and lists nest more than 64 levels deep") == true)
        // 40 levels, repeated inside 30: 70 levels once expanded, refused at the alias.
        let anchor = "a: &a " + String(repeating: "[", count: 39) + String(repeating: "]", count: 39) + "\n"
        let alias = "b: " + String(repeating: "[", count: 29) + "*a" + String(repeating: "]", count: 29) + "\n"
        #expect(try errors(anchor + alias).first?.contains("rules.yaml:2:33: error: mappings and lists nest more than 64 levels deep") == true)
    }

    @Test func aKeyTwiceIsAnErrorAtTheSecondWithTheFirstsLine() throws {
        #expect(try errors("overload_threshold: 3\nrole_weights:\n  chair: 2\n  \"chair\": 3\n").first?
            .hasSuffix("rules.yaml:4:3: error: key \"chair\" appears twice in one mapping (first at line 3)") == true)
        #expect(try manifestErrors("name: a\nas_of: 2020\nname: b\n").first?
            .hasSuffix("dataset.yaml:3:1: error: key \"name\" appears twice in one mapping (first at line 1)") == true)
    }

    @Test func controlCharactersInYAMLTextAreErrorsNamingTheCharacter() throws {
        // Written as escapes: the value is reported where it starts.
        #expect(try manifestErrors("name: \"示例\\e[31m红\"\n").first?
            .hasSuffix("dataset.yaml:1:7: error: control character U+001B in the value of \"name\"; only tab, CR and LF are allowed in YAML text") == true)
        #expect(try manifestErrors("description: ok\nsource: \"a\\x07\"\n").first?.contains("dataset.yaml:2:9: error: control character U+0007 in the value of \"source\"") == true)
        #expect(try errors("coverage:\n  exclude_kinds: [town, \"\\N\"]\n").first?.contains("rules.yaml:2:25: error: control character U+0085 in a list item") == true)
        #expect(try errors("role_weights: {\"ch\\0air\": 1}\n").first?.contains("rules.yaml:1:16: error: control character U+0000 in a key") == true)
        // Written raw: reported at the character itself.
        #expect(try manifestErrors("name: 示例\u{7F}区\n").first?.hasSuffix("dataset.yaml:1:9: error: control character U+007F; only tab, CR and LF are allowed in YAML text") == true)
        // Tab, CR and LF are text.
        #expect(try manifestErrors("name: \"a\\tb\\r\\nc\"\ndescription: |\n  two\n  lines\n").isEmpty)
    }

    @Test func aYAMLFileThatCannotBeOpenedIsMissingInput() throws {
        let folder = try TemporaryDataset()
        try FileManager.default.createDirectory(atPath: folder.file("rules.yaml"), withIntermediateDirectories: false)
        let outcome = LoadOutcome(folder.path)
        #expect(outcome.failure == .inputMissing)
        #expect(outcome.diagnostics(.error).first?.message.contains("is a folder, expected a file") == true)

        let loop = try TemporaryDataset()
        try FileManager.default.createSymbolicLink(atPath: loop.file("dataset.yaml"), withDestinationPath: "dataset.yaml")
        #expect(LoadOutcome(loop.path).failure == .inputMissing)

        // Without permission to read (not testable as root, who reads a file of mode 000).
        let locked = try TemporaryDataset(replacing: ["rules.yaml": "overload_threshold: 2\n"])
        try locked.write("more.yaml", "overload_threshold: 3\n")
        chmod(locked.file("rules.yaml"), 0)
        chmod(locked.file("more.yaml"), 0)
        if getuid() != 0 {
            #expect(LoadOutcome(locked.path).failure == .inputMissing)
            try locked.remove("rules.yaml")
            #expect(LoadOutcome(locked.path, rules: [locked.file("more.yaml")]).failure == .inputMissing)
        }
    }

    @Test func termsAndWarningsAreBoundedSoDatesStayOnTheCalendar() throws {
        #expect(try errors("seconded_term_years: 101\n").first?.contains("seconded_term_years: must be at most 100, found 101") == true)
        #expect(try errors("expiry_warning_days: 99999999\n").first?.contains("expiry_warning_days: must be at most 36525") == true)
        #expect(try errors("seconded_term_years: 100\nexpiry_warning_days: 36525\n").isEmpty)
    }
}
