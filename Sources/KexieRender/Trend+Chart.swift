import KexieAnalysis
import KexieModel

/// What the lines of a trend chart are.
public enum TrendGrouping: Sendable, Equatable {
    /// One line per coverage level, for the whole frame.
    case level
    /// One line per district, the coverage of this level in it.
    case district(Level)
}

extension Trend {
    /// The trend as a line chart of coverage rates: per coverage level, or per district at one
    /// level (districts with nothing to count at that level are left out).
    public func chart(by grouping: TrendGrouping) -> TrendChart {
        let rules = dataset.rules, regions = dataset.regions
        let dates = points.map(\.date)
        let range = "\(dates.first.map { "\($0)" } ?? "") – \(dates.last.map { "\($0)" } ?? "")"
        switch grouping {
        case .level:
            return TrendChart(
                title: "\(dataset.name): coverage by level, \(range)", dates: dates,
                series: rules.coverage.levels.enumerated().map { slot, level in
                    TrendChart.Series(name: "\(level.label) \(level.name)", values: points.map { $0.levels[slot].rate })
                })
        case .district(let level):
            let slot = rules.coverage.levels.firstIndex(of: level)
            let series = districts.enumerated().compactMap { i, r -> TrendChart.Series? in
                guard let slot else { return nil }
                let values = points.map { $0.districts[i][slot].rate }
                return values.contains { $0 != nil } ? TrendChart.Series(name: regions.names[r], values: values) : nil
            }
            return TrendChart(title: "\(dataset.name): coverage of \(level.label) \(level.name) by district, \(range)", dates: dates, series: series)
        }
    }
}
