import Testing
import KexieAnalysis
import KexieModel
import KexieTestSupport

/// Targets of the plan (Targets.swift; analyses contract, section 1, "Targets"), worked by hand
/// on `DatasetBuilder.smallFrame()`:
///
///     D1 district ─┬─ T1 street ─────────┬─ V11 community
///                  │                     └─ V12 village
///                  ├─ T2 town ─────────── V21 village
///                  └─ T3 township_like ── V31 village_like     (both excluded)
///     D2 district ─── T4 township
private extension Analysis {
    /// Each result as `name unit evaluated-at covered/total status`.
    var targetRows: [String] {
        targets.map { t in
            "\(dataset.rules.targets[t.target].name) \(dataset.regions.ids[t.unit]) \(t.evaluatedAt) \(t.covered)/\(t.total) \(t.status.rawValue)"
        }
    }
}

@Suite struct TargetsTests {
    /// Associations in D1 (always), T1 (from 2018-03-01), T2 (from 2019-07-01), the excluded T3,
    /// and T4 (from 2021-06-01); a popularization organization in V11; V12's association
    /// dissolved on 2020-12-31.
    private static func plan(_ targets: String) -> DatasetBuilder {
        var b = DatasetBuilder.smallFrame(rules: "targets:\n" + targets)
        b.organization("A1", .association, region: "D1")
        b.organization("AT1", .association, region: "T1", parent: "A1", founded: "2018-03-01")
        b.organization("AT2", .association, region: "T2", parent: "A1", founded: "2019-07-01")
        b.organization("AT3", .association, region: "T3", parent: "A1")
        b.organization("AT4", .association, region: "T4", founded: "2021-06-01")
        b.organization("K11", .popularizationOrg, region: "V11", parent: "AT1")
        b.organization("AV12", .association, region: "V12", parent: "AT1", dissolved: "2020-12-31")
        return b
    }

    @Test func eachUnitIsJudgedAtTheEarlierOfDueAndAsOf() throws {
        let b = Self.plan("""
              - {name: all, due: 2019-12-31, per: district, level: township, min_rate: 1.0}

            """)
        // At 2019-12-31: D1's counted townships T1 and T2 are covered (T3 is excluded); D2's T4
        // is not, and the target is due: missed.
        #expect(try b.analysis().targetRows == ["all D1 2019-12-31 2/2 met", "all D2 2019-12-31 0/1 missed"])
        // Before the due date, judged at the as-of date: T2 has no association yet, and what is
        // not met yet is pending.
        #expect(try b.analysis(asOf: "2019-06-30").targetRows == ["all D1 2019-06-30 1/2 pending", "all D2 2019-06-30 0/1 pending"])
    }

    @Test func scopeAndExceptChooseTheUnits() throws {
        let a = try Self.plan("""
              - {name: scoped, due: 2018-12-31, per: district, level: township, scope: [D2, D1, D1], except: [D2], min_covered: 1}
              - {name: townships, due: 2020-12-31, per: township, level: village, except: [T2], min_covered: 1}

            """).analysis()
        // The scope's units, less the exceptions, once each, by id. At 2018-12-31 only T1 is covered.
        // Every township is a unit when no scope is given, excluded kinds too (T3 counts no village).
        #expect(a.targetRows == [
            "scoped D1 2018-12-31 1/2 met",
            "townships T1 2020-12-31 1/2 met",
            "townships T3 2020-12-31 0/0 missed",
            "townships T4 2020-12-31 0/0 missed",
        ])
    }

    @Test func aMinimumRateOverNothingToCountIsMetAMinimumCountIsNot() throws {
        let a = try Self.plan("""
              - {name: rate, due: 2022-12-31, per: district, level: village, min_rate: 0.5}
              - {name: count, due: 2020-12-31, per: district, level: village, min_covered: 1}

            """).analysis()
        // D1 counts V11, V12, V21 (V31 is excluded); only V11 is covered (V12's association is
        // dissolved on the as-of date). D2 has no village: 0/0, rate nil.
        // `rate` is not due: D1 pending, D2 met (vacuously). `count` is due on the as-of date:
        // D1 has its one covered village, D2 none (a count over nothing is not met): missed.
        #expect(a.targetRows == [
            "rate D1 2020-12-31 1/3 pending",
            "rate D2 2020-12-31 0/0 met",
            "count D1 2020-12-31 1/3 met",
            "count D2 2020-12-31 0/0 missed",
        ])
        #expect(a.targets.map(\.rate) == [1.0 / 3, nil, 1.0 / 3, nil])
    }

    @Test func everyMinimumGivenMustHold() throws {
        let a = try Self.plan("""
              - {name: both, due: 2020-06-30, per: township, level: village, scope: [T1, T2], min_rate: 0.5, min_covered: 1}
              - {name: higher, due: 2020-06-30, per: township, level: village, scope: [T1], min_rate: 0.6}
              - {name: more, due: 2020-06-30, per: township, level: village, scope: [T1], min_rate: 0.5, min_covered: 2}

            """).analysis()
        // At 2020-06-30 T1 has V11 and V12 covered (AV12 is not dissolved yet): 2/2. T2's V21: 0/1.
        #expect(a.targetRows == [
            "both T1 2020-06-30 2/2 met",
            "both T2 2020-06-30 0/1 missed",
            "higher T1 2020-06-30 2/2 met",
            "more T1 2020-06-30 2/2 met",
        ])
        // On 2020-12-31 (targets due later) T1 has 1/2: rate 0.5 holds, 0.6 does not, nor 2 covered.
        let later = try Self.plan("""
              - {name: both, due: 2021-06-30, per: township, level: village, scope: [T1], min_rate: 0.5, min_covered: 1}
              - {name: higher, due: 2021-06-30, per: township, level: village, scope: [T1], min_rate: 0.6}
              - {name: more, due: 2021-06-30, per: township, level: village, scope: [T1], min_rate: 0.5, min_covered: 2}

            """).analysis()
        #expect(later.targetRows == ["both T1 2020-12-31 1/2 met", "higher T1 2020-12-31 1/2 pending", "more T1 2020-12-31 1/2 pending"])
    }

    @Test func evaluatingAloneAgreesWithTheAnalysis() throws {
        let a = try Self.plan("""
              - {name: early, due: 2018-12-31, per: district, level: township, min_rate: 1.0}
              - {name: now, due: 2020-12-31, per: township, level: village, min_covered: 1}
              - {name: later, due: 2030-01-01, per: district, level: township, min_covered: 2}

            """).analysis()
        #expect(TargetResult.evaluate(a.dataset, asOf: a.asOf) == a.targets)
        // early: T2 was not covered by 2018-12-31, T4 never. now: only T1 has a covered village.
        // later: D1 has 2 covered townships now, D2 none yet.
        #expect(a.targetRows == [
            "early D1 2018-12-31 1/2 missed", "early D2 2018-12-31 0/1 missed",
            "now T1 2020-12-31 1/2 met", "now T2 2020-12-31 0/1 missed", "now T3 2020-12-31 0/0 missed", "now T4 2020-12-31 0/0 missed",
            "later D1 2020-12-31 2/2 met", "later D2 2020-12-31 0/1 pending",
        ])
    }

    @Test func targetsMetBeforeTheirDueDateAndMissed() throws {
        let a = try analyzeInEdgeCaseFrame([
            "organizations.csv": organizationsHeader + """
                A,区科协,association,D1,,,,,
                T,东街道科协,association,T1,A,,,2018-03-01,
                W,西镇科协,association,T2,A,,,2019-07-01,

                """,
            "rules.yaml": """
                targets:
                  - {name: early, due: 2018-12-31, per: district, level: township, min_rate: 1.0}
                  - {name: one, due: 2018-12-31, per: district, level: township, min_covered: 1}
                  - {name: later, due: 2022-12-31, per: township, level: village, except: [T3], min_covered: 1}

                """,
        ], asOf: "2020-12-31")
        let rows = a.targets.map { "\(a.dataset.rules.targets[$0.target].name) \(a.dataset.regions.ids[$0.unit]) \($0.evaluatedAt) \($0.covered)/\($0.total) \($0.status.rawValue)" }
        #expect(rows == [
            "early D1 2018-12-31 1/2 missed",
            "one D1 2018-12-31 1/2 met",
            "later T1 2020-12-31 0/1 pending",
            "later T2 2020-12-31 0/1 pending",
        ])
    }
}
