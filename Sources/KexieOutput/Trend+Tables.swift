import KexieAnalysis
import KexieModel

extension Trend {
    /// The trend as tables: whole-frame coverage per date and level, coverage per date and
    /// district (one covered/total/rate triple per level), and, when counted, the findings of
    /// each family per date.
    public func tables() -> [FindingTable] {
        let regions = dataset.regions
        let levels = dataset.rules.coverage.levels
        var frame = FindingTable(analysis: "trend", kind: .levelRate, file: "trend_levels.csv", title: "Coverage over time",
                                 columns: ["date"] + levels.flatMap { ["\($0.name)_covered", "\($0.name)_total", "\($0.name)_rate"] })
        var byDistrict = FindingTable(analysis: "trend", kind: .districtRate, file: "trend_districts.csv", title: "Coverage of each district over time",
                                      columns: ["date", "district", "name"] + levels.flatMap { ["\($0.name)_covered", "\($0.name)_total", "\($0.name)_rate"] })
        func cells(_ rates: [Coverage.Rate]) -> [FindingTable.Cell] { rates.flatMap { [.int($0.covered), .int($0.total), .rate($0.rate)] } }
        for p in points {
            frame.add([.date(p.date)] + cells(p.levels))
            for (district, rates) in zip(districts, p.districts) {
                byDistrict.add([.date(p.date), .text(regions.ids[district]), .text(regions.names[district])] + cells(rates))
            }
        }
        guard points.first?.findings != nil else { return [frame, byDistrict] }
        var findings = FindingTable(analysis: "trend", kind: .findingCounts, file: "trend_findings.csv", title: "Findings over time",
                                    columns: ["date"] + FindingFamily.allCases.map(\.jsonKey))
        for p in points {
            guard let counts = p.findings else { continue }
            findings.add([.date(p.date)] + FindingFamily.allCases.map { .int(counts[$0]) })
        }
        return [frame, byDistrict, findings]
    }

    /// The trend document: `{"schema": 1, "dataset", "from", "to", "step", "points": [{"date",
    /// "coverage": {"levels": {LEVEL: {"total", "covered", "rate"}}, "districts": [{"id",
    /// "name", LEVEL: {…}}]}, "findings"?: {FAMILY: N}}]}`, coverage shaped as in the analysis
    /// document.
    public func writeJSON(to w: inout JSONWriter) {
        let regions = dataset.regions
        w.object { w in
            w.key("schema"); w.int(1)
            w.key("dataset"); w.string(dataset.name)
            w.key("from"); w.string(points.first?.date.description ?? "")
            w.key("to"); w.string(points.last?.date.description ?? "")
            w.key("step"); w.string(step.rawValue)
            w.key("points"); w.array { w in
                for p in points {
                    w.object { w in
                        w.key("date"); w.string(p.date.description)
                        w.key("coverage"); w.object { w in
                            w.key("levels"); w.object { w in w.rates(p.levels) }
                            w.key("districts"); w.array { w in
                                for (district, r) in zip(districts, p.districts) {
                                    w.object { w in
                                        w.key("id"); w.string(regions.ids[district])
                                        w.key("name"); w.string(regions.names[district])
                                        w.rates(r)
                                    }
                                }
                            }
                        }
                        if let counts = p.findings {
                            w.key("findings"); w.object { w in
                                for family in FindingFamily.allCases { w.key(string: family.jsonKey); w.int(counts[family]) }
                            }
                        }
                    }
                }
            }
        }
    }
}
