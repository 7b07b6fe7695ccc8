import Testing
import KexieAnalysis
import KexieModel
import KexieTestSupport

/// Coverage and blank spots (Coverage.swift; analyses contract, section 1), worked by hand on
/// `DatasetBuilder.smallFrame()` unless a case builds its own:
///
///     D1 district ─┬─ T1 street ─────────┬─ V11 community
///                  │                     └─ V12 village
///                  ├─ T2 town ─────────── V21 village
///                  └─ T3 township_like ── V31 village_like     (both excluded by default)
///     D2 district ─── T4 township
private extension Analysis {
    /// Blank spots as `id frontier`.
    var blank: [String] { coverage.blankSpots.map { "\(dataset.regions.ids[$0.region]) \($0.frontier)" } }
    /// Blank spots as `id district frontier` (`-` without a district).
    var blankWithDistrict: [String] {
        coverage.blankSpots.map { b in
            "\(dataset.regions.ids[b.region]) \(b.district.map { dataset.regions.ids[$0] } ?? "-") \(b.frontier)"
        }
    }
    /// Frontier blank spots' ids.
    var frontier: [String] { regionIDs(coverage.blankSpots.filter(\.frontier).map(\.region)) }
    /// Whole-frame rates as `level covered/total`.
    var levelRates: [String] { coverage.levels.map(Self.describe) }
    /// Each district's rates as `district: level covered/total, …`.
    var districtRates: [String] {
        coverage.districts.map { "\(dataset.regions.ids[$0.region]): " + $0.rates.map(Self.describe).joined(separator: ", ") }
    }
    static func describe(_ r: Coverage.Rate) -> String { "\(r.level.name) \(r.covered)/\(r.total)" }
}

@Suite struct CoverageTests {
    @Test func coverageBlankSpotsAndFrontier() throws {
        let a = try analyzeInEdgeCaseFrame(blankSpotsAndFrontierFiles)
        #expect(a.coverage.levels.map { "\($0.level.name) \($0.covered)/\($0.total)" } == ["district 1/1", "township 1/2", "village 1/2"])
        // T2 is uncovered (its association is founded after the as-of date): a frontier blank
        // spot under the covered district. V1 is uncovered under covered T1: frontier too.
        #expect(a.coverage.blankSpots.map { "\(a.dataset.regions.ids[$0.region]) \($0.frontier)" } == ["T2 true", "V1 true"])
    }

    @Test func ratesPerDistrictAndForTheFrame() throws {
        var b = DatasetBuilder.smallFrame()
        b.organization("A1", .association, region: "D1")
        b.organization("AT1", .association, region: "T1", parent: "A1")
        b.organization("K12", .popularizationOrg, region: "V12", parent: "AT1")  // covers a village
        b.organization("K2", .popularizationOrg, region: "T2", parent: "A1")     // not a township
        b.organization("S4", .society, region: "T4")                             // not a township either
        let a = try b.analysis()
        // Counted: D1 D2 | T1 T2 T4 (T3 excluded) | V11 V12 V21 (V31 excluded). Covered: D1, T1, V12.
        #expect(a.levelRates == ["district 1/2", "township 1/3", "village 1/3"])
        #expect(a.coverage.levels.map(\.rate) == [0.5, 1.0 / 3, 1.0 / 3])
        // D2 has no village: 0/0, rate nil, and the level is still listed.
        #expect(a.districtRates == [
            "D1: district 1/1, township 1/2, village 1/3",
            "D2: district 0/1, township 0/1, village 0/0",
        ])
        #expect(a.coverage.districts.map { $0.rates.map(\.rate) } == [[1, 0.5, 1.0 / 3], [0, 0, nil]])
        // D2 has no parent: frontier. T2 and V11 sit under covered regions: frontier. T4 under the
        // uncovered D2 and V21 under the uncovered T2 wait for the association above them.
        #expect(a.blankWithDistrict == ["D2 D2 true", "T2 D1 true", "T4 D2 false", "V11 D1 true", "V21 D1 false"])
    }

    @Test func activeFromFoundedUntilBeforeDissolved() throws {
        var b = DatasetBuilder.smallFrame()
        b.organization("A1", .association, region: "D1")
        b.organization("AT1", .association, region: "T1", parent: "A1", dissolved: "2020-12-31")
        b.organization("AT2", .association, region: "T2", parent: "A1", founded: "2020-12-31")
        b.organization("AT4", .association, region: "T4", founded: "2021-01-01")
        b.organization("AX", .association, region: "X9", parent: "A1")  // an unknown region covers nothing
        let dataset = try b.load()
        // On 2020-12-31 AT1 is dissolved (not active that day) and AT2 is founded (active that day).
        let a = Analysis(dataset, asOf: day("2020-12-31"))
        #expect(a.blank == ["D2 true", "T1 true", "T4 false", "V11 false", "V12 false", "V21 true"])
        // The day before, the other way round.
        #expect(Analysis(dataset, asOf: day("2020-12-30")).blank
            == ["D2 true", "T2 true", "T4 false", "V11 true", "V12 true", "V21 false"])
        // AT4's founding day covers T4; T4's villages: it has none.
        #expect(Analysis(dataset, asOf: day("2021-01-01")).blank
            == ["D2 true", "T1 true", "V11 false", "V12 false", "V21 true"])
    }

    @Test func anExcludedParentWithAnAssociationStillCountsAsCovered() throws {
        var b = DatasetBuilder.smallFrame()
        b.region("V32", .village, parent: "T3", kind: "village")  // counted, under the excluded T3
        b.organization("A1", .association, region: "D1")
        var withAssociation = b
        withAssociation.organization("AT3", .association, region: "T3", parent: "A1")
        let a = try withAssociation.analysis()
        // T3 is not counted (no blank spot, no rate) but is covered: V32 is on the frontier.
        #expect(a.regionIDs(a.coverage.countedRegions.indices.filter { !a.coverage.countedRegions[$0] }) == ["T3", "V31"])
        #expect(a.regionIDs(a.coverage.coveredRegions.indices.filter { a.coverage.coveredRegions[$0] }) == ["D1", "T3"])
        #expect(a.levelRates == ["district 1/2", "township 0/3", "village 0/4"])
        #expect(a.frontier == ["D2", "T1", "T2", "V32"])
        // Without T3's association, V32 waits for it.
        let without = try b.analysis()
        #expect(without.frontier == ["D2", "T1", "T2"])
        #expect(without.blank.last == "V32 false")
    }

    @Test func rulesChooseTheLevelsAndWhatCoversThem() throws {
        var b = DatasetBuilder.smallFrame(rules: "coverage: {levels: [township], counts: {township: [society]}}\n")
        b.organization("A1", .association, region: "D1")
        b.organization("S1", .society, region: "T1", parent: "A1")
        b.organization("AT2", .association, region: "T2", parent: "A1")  // no longer covers a township
        let a = try b.analysis()
        #expect(a.levelRates == ["township 1/3"])
        #expect(a.districtRates == ["D1: township 1/2", "D2: township 0/1"])
        // Districts are no coverage level now: every blank township is on the frontier.
        #expect(a.blank == ["T2 true", "T4 true"])
    }

    @Test func noExcludedKindsCountsDevelopmentZones() throws {
        var b = DatasetBuilder.smallFrame(rules: "coverage: {exclude_kinds: []}\n")
        b.organization("A1", .association, region: "D1")
        let a = try b.analysis()
        #expect(a.levelRates == ["district 1/2", "township 0/4", "village 0/4"])
        #expect(a.blank == ["D2 true", "T1 true", "T2 true", "T3 true", "T4 false", "V11 false", "V12 false", "V21 false", "V31 false"])
    }

    @Test func regionsOutsideAnyDistrictCountOnlyForTheFrame() throws {
        // C1 city ─┬─ D1 district ── T1 town
        //          └─ T9 town (directly under the city: no district)
        var b = DatasetBuilder()
        b.region("C1", .city)
        b.region("D1", .district, parent: "C1")
        b.region("T1", .township, parent: "D1", kind: "town")
        b.region("T9", .township, parent: "C1", kind: "town")
        b.organization("AC", .association, region: "C1")
        let a = try b.analysis()
        #expect(a.levelRates == ["district 0/1", "township 0/2", "village 0/0"])
        #expect(a.districtRates == ["D1: district 0/1, township 0/1, village 0/0"])
        // D1 and T9 sit under a city, which is no coverage level: frontier. T1 waits for D1.
        #expect(a.blankWithDistrict == ["D1 D1 true", "T1 D1 false", "T9 - true"])
    }

    @Test func rulesChangeTheLevelsCounted() throws {
        let plain = try analyzeInEdgeCaseFrame(rulesChangeFiles)
        #expect(plain.coverage.levels.map(\.level) == [.district, .township, .village])
        let a = try analyzeInEdgeCaseFrame(rulesChangeFiles.merging(["rules.yaml": changedRules]) { $1 })
        #expect(a.coverage.levels.map(\.level) == [.township])
        #expect(a.coverage.blankSpots.map { a.dataset.regions.ids[$0.region] } == ["T2"])
    }
}
