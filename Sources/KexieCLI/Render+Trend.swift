import ArgumentParser
import KexieAnalysis
import KexieModel
import KexieRender

/// What lines `kexie render trend` draws.
enum TrendChartLines: String, ExpressibleByArgument, CaseIterable {
    case level, district
}

/// Options of `kexie render trend`.
struct TrendChartOptions: ParsableArguments {
    @OptionGroup var range: TrendRangeOptions

    @Option(help: ArgumentHelp("trend: one line per coverage level (level) or per district (district, the default).", valueName: "lines"))
    var by: TrendChartLines = .district

    @Option(name: .customLong("trend-level"), help: ArgumentHelp("trend --by district: the level whose coverage each line shows (default township).", valueName: "level"))
    var level: Level = .township
}

extension Kexie.Render {
    /// The trend chart as SVG bytes (written by kexie, not Graphviz).
    func trendChart() throws -> [UInt8] {
        if let format, format != .svg {
            throw ValidationError("a trend chart is SVG only (got --format \(format.rawValue))")
        }
        let d = try Console.load(dataset, rules: options.rules).dataset
        if trend.by == .district && !d.rules.coverage.levels.contains(trend.level) {
            throw ValidationError("--trend-level \(trend.level.name) is not a coverage level (\(d.rules.coverage.levels.map(\.name).joined(separator: ", ")))")
        }
        let (from, to) = try trend.range.range(for: d, options: options)
        let series = Trend(d, from: from, to: to, step: trend.range.step, findings: false)
        let chart = series.chart(by: trend.by == .level ? .level : .district(trend.level))
        return Array(chart.svg().utf8)
    }
}
