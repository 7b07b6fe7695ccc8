import KexieAnalysis
import KexieModel
import KexieRender

extension Analysis {
    /// The report's "Trend" section: coverage by level and, per district, of the first coverage
    /// level below districts (townships by default), by quarter from `Trend.defaultStart` (the
    /// last day of the year before the plan's first target falls due, else three years before)
    /// to the as-of date. `nil` when that span holds no quarter end, so there is no trend to draw.
    func trendBlocks() -> [ReportDocument.Block]? {
        let start = Trend.defaultStart(dataset, asOf: asOf)
        guard Trend.dates(from: start, to: asOf, step: .quarter).count > 2 else { return nil }
        let trend = Trend(dataset, from: start, to: asOf, step: .quarter, findings: false)
        var blocks: [ReportDocument.Block] = [
            .heading(level: 2, text: "进展 Trend", anchor: "trend"),
            .paragraph("Coverage at the end of each quarter from \(start) to \(asOf), from the founding and dissolution dates of the organizations (`kexie trend DATASET --step quarter` gives the numbers)."),
            .figure(name: "trend-levels.svg", caption: "Coverage by level over time", svg: Array(trend.chart(by: .level).svg().utf8)),
        ]
        if let level = dataset.rules.coverage.levels.first(where: { $0 > .district }) {
            blocks.append(.figure(name: "trend-districts.svg", caption: "Coverage of \(level.name) by district over time",
                                  svg: Array(trend.chart(by: .district(level)).svg().utf8)))
        }
        return blocks
    }
}
