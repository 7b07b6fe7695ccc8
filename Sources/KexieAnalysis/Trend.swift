import KexieModel

/// The step of a trend: the dates are period ends.
public enum TrendStep: String, Sendable, CaseIterable {
    /// Month, quarter or year ends.
    case month, quarter, year

    /// Months per step.
    var months: Int {
        switch self {
        case .month: 1
        case .quarter: 3
        case .year: 12
        }
    }
}

/// Coverage over time, and optionally the count of every finding family, at a series of dates.
///
/// **Dates.** From `from` through `to`: `from` itself, the last day of every month, quarter
/// (31 March, 30 June, 30 September, 31 December) or year that lies strictly between them, and
/// `to` itself. Each value is what `Analysis(dataset, asOf: date)` gives at that date.
///
/// **Coverage** is computed for all dates in one sweep rather than by a coverage pass per
/// date: the frame does not change over time, so totals are counted once, and each covering
/// organization is active on a contiguous run of dates (founded ≤ date < dissolved), found by
/// binary search; the runs of each region are merged and added to per-date difference arrays.
/// **Finding counts** (blank spots, gaps, targets missed, orphans, linkage findings) need the
/// whole analysis at each date: it is run per date on the dataset loaded once.
///
/// - Complexity: coverage O(regions + organizations × log dates + dates × districts × levels);
///   finding counts one analysis per date.
public struct Trend: Sendable {
    /// One date's values.
    public struct Point: Sendable {
        /// The date of the values.
        public var date: Day
        /// Whole-frame rates, for every coverage level in rules order.
        public var levels: [Coverage.Rate]
        /// Per district (in the order of `Trend.districts`), rates for every coverage level.
        public var districts: [[Coverage.Rate]]
        /// The count of each finding family, when asked for.
        public var findings: FindingCounts?
    }

    /// The dataset sampled.
    public let dataset: Dataset
    /// The step between dates.
    public let step: TrendStep
    /// Every district-level region, sorted by id.
    public let districts: [Int]
    /// In date order.
    public let points: [Point]

    /// The trend of `dataset` from `from` through `to` (`from` ≤ `to`); finding counts when
    /// `findings` is true (an analysis per date).
    public init(_ dataset: Dataset, from: Day, to: Day, step: TrendStep, findings: Bool) {
        precondition(from <= to, "a trend runs forward")
        self.dataset = dataset
        self.step = step
        let dates = Trend.dates(from: from, to: to, step: step)
        let regions = dataset.regions, rules = dataset.rules
        let scope = CoverageScope(rules: rules, regions: regions)
        let districts = regions.ids.sortedByUTF8((0..<regions.count).filter { regions.levels[$0] == .district })
        let grid = _TrendGrid(dataset, districts: districts, scope: scope)

        // Totals: the frame does not change over time.
        var total = [Int](repeating: 0, count: grid.count)
        for r in 0..<regions.count where scope.counts(r) {
            for c in grid.cells(of: r) { total[c] += 1 }
        }
        let delta = Trend.coverageChanges(Trend.activeRuns(dataset, dates: dates, scope: scope), grid: grid, dateCount: dates.count)

        var covered = [Int](repeating: 0, count: grid.count)
        var points: [Point] = []
        for (k, date) in dates.enumerated() {
            for c in 0..<covered.count { covered[c] += delta[k * grid.count + c] }
            func rates(_ row: Int) -> [Coverage.Rate] {
                rules.coverage.levels.enumerated().map { slot, level in
                    Coverage.Rate(level: level, total: total[row * grid.width + slot], covered: covered[row * grid.width + slot])
                }
            }
            let counts = findings ? Analysis(dataset, asOf: date).findingCounts() : nil
            points.append(Point(date: date, levels: rates(0), districts: (1..<grid.rowCount).map(rates), findings: counts))
        }
        self.districts = districts
        self.points = points
    }

    /// For each covering organization in a counted region, the run of `dates` (indices
    /// lo..<hi) on which it is active, by (region, lo).
    private static func activeRuns(_ dataset: Dataset, dates: [Day], scope: CoverageScope) -> [(region: Int32, lo: Int32, hi: Int32)] {
        func firstDate(atOrAfter day: Day) -> Int {
            var lo = 0, hi = dates.count
            while lo < hi {
                let mid = (lo + hi) / 2
                if dates[mid] < day { lo = mid + 1 } else { hi = mid }
            }
            return lo
        }
        let orgs = dataset.organizations, regions = dataset.regions
        var runs: [(region: Int32, lo: Int32, hi: Int32)] = []
        for o in 0..<orgs.count {
            guard let r = orgs.regions.target(o), scope.counts(r),
                  scope.covers[Int(regions.levels[r].rawValue)][Int(orgs.types[o].rawValue)] else { continue }
            let lo = firstDate(atOrAfter: orgs.founded[o]), hi = firstDate(atOrAfter: orgs.dissolved[o])
            if lo < hi { runs.append((Int32(r), Int32(lo), Int32(hi))) }
        }
        runs.sort { $0.region != $1.region ? $0.region < $1.region : $0.lo < $1.lo }
        return runs
    }

    /// The runs of each region merged (a region is covered while any of its organizations is
    /// active) into difference arrays, one grid per date: +1 where coverage starts, -1 where
    /// it ends.
    private static func coverageChanges(_ runs: [(region: Int32, lo: Int32, hi: Int32)], grid: _TrendGrid, dateCount: Int) -> [Int] {
        var delta = [Int](repeating: 0, count: (dateCount + 1) * grid.count)
        func add(_ r: Int, _ lo: Int, _ hi: Int) {
            for c in grid.cells(of: r) {
                delta[lo * grid.count + c] += 1
                delta[hi * grid.count + c] -= 1
            }
        }
        var i = 0
        while i < runs.count {
            let r = runs[i].region
            var lo = runs[i].lo, hi = runs[i].hi
            i += 1
            while i < runs.count && runs[i].region == r {
                if runs[i].lo <= hi {
                    hi = max(hi, runs[i].hi)
                } else {
                    add(Int(r), Int(lo), Int(hi))
                    lo = runs[i].lo; hi = runs[i].hi
                }
                i += 1
            }
            add(Int(r), Int(lo), Int(hi))
        }
        return delta
    }

    /// `from`, every period end strictly between `from` and `to`, and `to` (see the type's
    /// documentation).
    public static func dates(from: Day, to: Day, step: TrendStep) -> [Day] {
        var dates = [from]
        var (year, month, _) = from.components
        // The end of the period `from` falls in: periods are aligned to the calendar year.
        month = ((month - 1) / step.months + 1) * step.months
        while true {
            let end = (28...31).reversed().lazy.compactMap { Day(year: year, month: month, day: $0) }.first!
            if end >= to { break }
            if end > from { dates.append(end) }
            month += step.months
            if month > 12 { month -= 12; year += 1 }
        }
        if to > from { dates.append(to) }
        return dates
    }

    /// The default start of a dataset's trend: the last day of the year before the earliest
    /// target of its rules falls due (the plan's start), else three years before `asOf`.
    public static func defaultStart(_ dataset: Dataset, asOf: Day) -> Day {
        let year = dataset.rules.targets.map { $0.due.components.year }.min() ?? asOf.components.year - 2
        return min(Day(year: max(year - 1, 1), month: 12, day: 31)!, asOf)
    }
}

/// The cells of one date's counts: a row for the whole frame, then one per district, each
/// with a column per coverage level (row-major).
struct _TrendGrid {
    /// Coverage levels.
    let width: Int
    /// 1 + districts.
    let rowCount: Int
    /// Per region: 0 for the frame only, else 1 + its slot in the districts.
    private let districtRow: [Int32]
    private let tree: RegionTree
    private let scope: CoverageScope

    /// The grid of `districts` (district-level region rows, in their order).
    init(_ dataset: Dataset, districts: [Int], scope: CoverageScope) {
        var districtRow = [Int32](repeating: 0, count: dataset.regions.count)
        for (i, r) in districts.enumerated() { districtRow[r] = Int32(i + 1) }
        self.districtRow = districtRow
        self.width = dataset.rules.coverage.levels.count
        self.rowCount = districts.count + 1
        self.tree = RegionTree(dataset.regions, children: dataset.regionChildren)
        self.scope = scope
    }

    /// The number of cells.
    var count: Int { rowCount * width }

    /// The cells a counted region `r` adds to: its level in the frame's row and, when it lies
    /// in a district, in that district's row.
    func cells(of r: Int) -> [Int] {
        let slot = scope.levelSlot[Int(scope.regions.levels[r].rawValue)]
        guard let d = tree.district(of: r) else { return [slot] }
        return [slot, Int(districtRow[d]) * width + slot]
    }
}
