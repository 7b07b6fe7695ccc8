import Testing
import KexieIO
import KexieModel
import KexieTestSupport

/// The pass before YAML parsing rejects anchors, aliases and deep nesting, and nothing else.
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

    @Test func anchorsAliasesAndDeepNestingAreErrorsWithTheirPlace() throws {
        #expect(try errors("role_weights: &w {chair: 1}\n").first?.hasSuffix("rules.yaml:1:15: error: YAML anchors (&name) are not supported in kexie files; write the value out") == true)
        #expect(try errors("coverage:\n  exclude_kinds: [town, *k]\n").first?.contains("rules.yaml:2:25: error: YAML aliases (*name)") == true)
        let nested = "coverage:\n  levels: " + String(repeating: "[", count: 65) + String(repeating: "]", count: 65) + "\n"
        #expect(try errors(nested).first?.contains("rules.yaml:2:75: error: mappings and lists nest more than 64 levels deep") == true)
        // 64 levels are allowed by the pass (and then rejected for what they are: not a level name).
        let deep = "coverage:\n  levels: " + String(repeating: "[", count: 64) + String(repeating: "]", count: 64) + "\n"
        #expect(try errors(deep).allSatisfy { !$0.contains("nested") })
    }

    @Test func termsAndWarningsAreBoundedSoDatesStayOnTheCalendar() throws {
        #expect(try errors("seconded_term_years: 101\n").first?.contains("seconded_term_years: must be at most 100, found 101") == true)
        #expect(try errors("expiry_warning_days: 99999999\n").first?.contains("expiry_warning_days: must be at most 36525") == true)
        #expect(try errors("seconded_term_years: 100\nexpiry_warning_days: 36525\n").isEmpty)
    }
}
