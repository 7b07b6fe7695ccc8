import Foundation
import Testing
import KexieIO
import KexieModel
import KexieTestSupport

@Suite struct RulesLoadingTests {
    @Test func mappingsMergeKeyByKeyAndListsReplace() throws {
        let ds = try TemporaryDataset(replacing: [
            "rules.yaml": """
                role_weights: {chair: 2.0}
                coverage:
                  levels: [township]
                key_persons:
                  township/town: [agri_station_head]
                counting_roles:
                  village: [chair, committee]
                """,
        ])
        let r = try #require(LoadOutcome(ds.path).dataset?.rules)
        #expect(r.weight(of: .chair) == 2.0)
        #expect(r.weight(of: .viceChair) == 1.0)  // untouched
        #expect(r.coverage.levels == [.township])
        #expect(r.coverage.excludeKinds == Rules.defaults.coverage.excludeKinds)
        #expect(r.coveringTypes(at: .village) == [.association, .popularizationOrg])
        #expect(r.keyPersonRule(level: .township, kind: "town")?.categories == ["agri_station_head"])
        #expect(r.keyPersonRule(level: .township, kind: "street")?.categories.count == 4)
        #expect(r.countingRoles(at: .village) == [.chair, .committee])
        #expect(r.countingRoles(at: .district) == Rules.committeeRoles)
    }

    @Test func rulesFilesApplyInOrderOverTheDatasetRules() throws {
        let ds = try TemporaryDataset(replacing: ["rules.yaml": "overload_threshold: 5\nexpiry_warning_days: 30\n"])
        try ds.write("override.yaml", "overload_threshold: 2\nlink_weights: {cooperates: 0.9}\n")
        let r = try #require(LoadOutcome(ds.path, rules: [ds.file("override.yaml")]).dataset?.rules)
        #expect(r.overloadThreshold == 2)
        #expect(r.expiryWarningDays == 30)
        #expect(r.weight(of: .cooperates) == 0.9 && r.weight(of: .pairsWith) == 0.5)
    }

    @Test func sectorsAcceptBothForms() throws {
        let ds = try TemporaryDataset(replacing: ["rules.yaml": "sectors:\n  official: economy\n  science: [teacher]\n"])
        let r = try #require(LoadOutcome(ds.path).dataset?.rules)
        #expect(r.sectors["official"] == "economy")
        #expect(r.sectors["teacher"] == "science")
        #expect(r.sectors["hospital_director"] == "health")
    }

    @Test func targetsReadIDsWrittenAsNumbersAsText() throws {
        let ds = try TemporaryDataset(replacing: [
            "regions.csv": "id,name,level,parent\n120000000000,天津市,city,\n120101000000,和平区,district,120000000000\n",
            "organizations.csv": "id,name,type,region,parent\nA,天津市科协,association,120000000000,\n",
            "rules.yaml": """
                targets:
                  - name: every district
                    due: 2020-12
                    per: district
                    level: township
                    scope: [120101000000]
                    min_rate: 1
                  - {name: one, due: 2018, per: city, level: district, min_covered: 1}
                """,
        ])
        let t = try #require(LoadOutcome(ds.path).dataset?.rules.targets)
        #expect(t.count == 2)
        #expect(t[0].scope == ["120101000000"] && t[0].due.description == "2020-12-01" && t[0].minRate == 1)
        #expect(t[1].scope == nil && t[1].minCovered == 1 && t[1].minRate == nil)
    }

    /// A rules file that should fail, with the error's line and words.
    private func expectRulesError(_ yaml: String, line: Int, _ words: [String], sourceLocation: SourceLocation = #_sourceLocation) throws {
        let ds = try TemporaryDataset(replacing: ["rules.yaml": yaml])
        let outcome = LoadOutcome(ds.path)
        #expect(outcome.failure == .dataError, sourceLocation: sourceLocation)
        let e = try #require(outcome.diagnostics(.error).first, sourceLocation: sourceLocation)
        #expect(e.file == ds.file("rules.yaml"), sourceLocation: sourceLocation)
        #expect(e.line == line, "\(e)", sourceLocation: sourceLocation)
        for w in words { #expect(e.message.contains(w), "\(e.message) lacks \(w)", sourceLocation: sourceLocation) }
    }

    @Test func rulesErrorsNameTheKeyAndLine() throws {
        try expectRulesError("coverge:\n  levels: [district]\n", line: 1, ["coverge", "unknown key", "did you mean \"coverage\"?"])
        try expectRulesError("coverage:\n  levels: district\n", line: 2, ["coverage.levels", "expected a list"])
        try expectRulesError("coverage:\n  levels: [district, twnship]\n", line: 2, ["coverage.levels[1]", "unknown level \"twnship\"", "did you mean \"township\"?"])
        try expectRulesError("role_weights:\n  chairman: 1\n", line: 2, ["unknown role \"chairman\""])
        try expectRulesError("role_weights:\n  chair: heavy\n", line: 2, ["role_weights.chair", "expected a number"])
        try expectRulesError("coverage:\n  counts:\n    village: [associaton]\n", line: 3, ["unknown organization type \"associaton\""])
        try expectRulesError("link_weights: {pairs_with: 0}\n", line: 1, ["greater than 0"])
        try expectRulesError("overload_threshold: 2.5\n", line: 1, ["expected a whole number"])
        try expectRulesError("targets:\n  - name: x\n    due: 2020-13-01\n    per: district\n    level: township\n    min_rate: 1\n", line: 3, ["bad date"])
        try expectRulesError("targets:\n  - name: x\n    due: 2020\n    per: district\n    level: township\n", line: 2, ["min_rate", "min_covered"])
        try expectRulesError("targets:\n  - name: x\n    due: 2020\n    per: district\n    level: township\n    min_rate: 1\n    scope: [D9]\n", line: 7, ["no region has the id \"D9\""])
        try expectRulesError("key_persons: [a, b]\n", line: 1, ["expected a mapping"])
        try expectRulesError("coverage: [\n", line: 2, ["not valid YAML"])
    }

    @Test func manifestGivesNameAndDate() throws {
        let ds = try TemporaryDataset(replacing: ["dataset.yaml": "name: 示例\nas_of: 2019-06\nowner: x\n"])
        let outcome = LoadOutcome(ds.path)
        let d = try #require(outcome.dataset)
        #expect(d.name == "示例")
        #expect(d.asOf?.description == "2019-06-01")
        #expect(outcome.diagnostics(.warning).first?.message.contains("unknown key \"owner\"") == true)
        let bad = try TemporaryDataset(replacing: ["dataset.yaml": "as_of: yesterday\n"])
        #expect(LoadOutcome(bad.path).failure == .dataError)
    }
}

/// Rules files as PyYAML writes them: `safe_dump` writes a list used twice once, with an anchor
/// (`&id001`), and then an alias (`*id001`).
@Suite struct PyYAMLRulesTests {
    /// A copy of dataset `folder` with `rules.yaml` replaced.
    private func copy(of folder: String, rules: String) throws -> TemporaryDataset {
        var files: [String: String] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: folder) where name.hasSuffix(".csv") || name == "dataset.yaml" {
            files[name] = try String(contentsOfFile: "\(folder)/\(name)", encoding: .utf8)
        }
        files["rules.yaml"] = rules
        return try TemporaryDataset(files)
    }

    /// The rules of `file` read by PyYAML, changed by `change` (Python, on `rules`), and dumped
    /// twice: by `safe_dump` (anchors and aliases) and by a dumper that writes every list out.
    private func dumps(of file: String, change: String = "") throws -> (aliased: String, writtenOut: String) {
        let script = """
            import sys, yaml
            rules = yaml.safe_load(open(sys.argv[1], encoding='utf-8'))
            \(change)
            class WrittenOut(yaml.SafeDumper):
                def ignore_aliases(self, data): return True
            sys.stdout.write(yaml.safe_dump(rules, allow_unicode=True))
            sys.stdout.write('\\0')
            sys.stdout.write(yaml.dump(rules, Dumper=WrittenOut, allow_unicode=True))
            """
        let r = try runBinary("/usr/bin/env", ["python3", "-c", script, file])
        #expect(r.status == 0, "\(r.stderr)")
        let parts = r.stdout.split(separator: "\0", omittingEmptySubsequences: false).map(String.init)
        try #require(parts.count == 2)
        return (parts[0], parts[1])
    }

    /// The rules of `folder` with each text as rules.yaml: equal, and without errors.
    private func expectSameRules(_ folder: String, _ texts: (aliased: String, writtenOut: String)) throws -> Rules {
        let aliasedFolder = try copy(of: folder, rules: texts.aliased), writtenFolder = try copy(of: folder, rules: texts.writtenOut)
        let aliased = LoadOutcome(aliasedFolder.path), written = LoadOutcome(writtenFolder.path)
        #expect(aliased.diagnostics(.error).isEmpty, "\(aliased.diagnostics(.error))")
        let rules = try #require(aliased.dataset?.rules)
        #expect(rules == written.dataset?.rules)
        return rules
    }

    @Test func safeDumpOfTheSampleRulesWithARepeatedListLoadsAsTheListWrittenOut() throws {
        // The sample's last target excepts the very list the second one targets.
        let sample = Repository.dataset("sample")
        let texts = try dumps(of: sample + "/rules.yaml", change: "rules['targets'][3]['except'] = rules['targets'][1]['scope']")
        #expect(texts.aliased.contains("scope: &id001") && texts.aliased.contains("except: *id001"), "\(texts.aliased)")
        let rules = try expectSameRules(sample, texts)
        #expect(rules.targets.count == 4 && rules.targets[3].except == ["T1", "T2"])
    }

    @Test func theCorpusCaseOfAnAliasLoadsAsItsListWrittenOut() throws {
        let folder = Repository.root.appendingPathComponent("Tests/Corpus/rules-yaml-alias").path
        let text = try String(contentsOfFile: folder + "/rules.yaml", encoding: .utf8)
        #expect(text.contains("&id001") && text.contains("*id001"))
        let rules = try expectSameRules(folder, (text, try dumps(of: folder + "/rules.yaml").writtenOut))
        #expect(rules.targets.map(\.except) == [[], ["T1", "T2"]])
    }
}
