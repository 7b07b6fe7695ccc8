import KexieModel

/// Targets of the plan (analyses contract, section 1, "Targets").
///
/// For each target, in rules order, and each unit u — the regions at level `per` given in
/// `scope` (all regions at that level when `scope` is omitted), minus `except`, sorted by id —
/// coverage is evaluated at E = min(due, D) over the regions of level `level` in subtree(u),
/// with the same exclusions as coverage: covered, total and rate (`nil` when total is 0).
/// The unit has `met` the target when every minimum given holds at E (`min_rate`: rate ≥ it,
/// and vacuously when total is 0; `min_covered`: covered ≥ it); otherwise it is `missed` when
/// D ≥ due, else `pending`.
public struct TargetResult: Sendable, Equatable {
    /// Whether a unit met a target; the raw value is the JSON `status`.
    public enum Status: String, Sendable {
        /// `met`: every minimum holds; `missed`: not met and due; `pending`: not met, not yet due.
        case met, missed, pending
    }

    /// Index of the target in `rules.targets`.
    public var target: Int
    /// The unit's region row.
    public var unit: Int
    /// E = min(due, D), the date coverage was judged at.
    public var evaluatedAt: Day
    /// Covered regions of the target's level in the unit's subtree at E.
    public var covered: Int
    /// Regions of the target's level in the unit's subtree that coverage counts.
    public var total: Int
    /// Met, missed or pending.
    public var status: Status
    /// covered / total, or `nil` when total is 0.
    public var rate: Double? { total == 0 ? nil : Double(covered) / Double(total) }

    /// Evaluates every target of the dataset's rules as of `asOf`. `coveredAtAsOf`, when given,
    /// is `Coverage.coveredRegions` at `asOf` (so targets due later need no second pass).
    ///
    /// - Complexity: O(regions + organizations) per distinct evaluation date, plus O(regions)
    ///   per target.
    public static func evaluate(_ dataset: Dataset, asOf: Day, coveredAtAsOf: [Bool]? = nil) -> [TargetResult] {
        let regions = dataset.regions
        let scope = CoverageScope(rules: dataset.rules, regions: regions)
        var coveredAt: [Day: [Bool]] = [:]
        if let coveredAtAsOf { coveredAt[asOf] = coveredAtAsOf }
        var results: [TargetResult] = []
        for (t, target) in dataset.rules.targets.enumerated() {
            let at = min(target.due, asOf)
            if coveredAt[at] == nil {
                let orgs = dataset.organizations
                let active = (0..<orgs.count).map { orgs.isActive($0, at: at) }
                coveredAt[at] = scope.coveredRegions(dataset, activeOrganizations: active)
            }
            let covered = coveredAt[at]!

            var units: [Int]
            if let ids = target.scope {
                units = ids.compactMap { regions.ids.index(of: $0) }
            } else {
                units = (0..<regions.count).filter { regions.levels[$0] == target.per }
            }
            let except = Set(target.except.compactMap { regions.ids.index(of: $0) })
            units = regions.ids.sortedByUTF8(Set(units).subtracting(except))

            // Count the `level` regions under each unit by walking up to the unit's level.
            var unitSlot = [Int: Int]()
            for (i, u) in units.enumerated() { unitSlot[u] = i }
            var total = [Int](repeating: 0, count: units.count)
            var coveredCount = total
            for r in 0..<regions.count where regions.levels[r] == target.level && scope.isCounted(r) {
                guard let u = regions.ancestor(of: r, at: target.per), let i = unitSlot[u] else { continue }
                total[i] += 1
                if covered[r] { coveredCount[i] += 1 }
            }
            for (i, u) in units.enumerated() {
                var met = true
                if let minRate = target.minRate, total[i] > 0, Double(coveredCount[i]) / Double(total[i]) < minRate { met = false }
                if let minCovered = target.minCovered, coveredCount[i] < minCovered { met = false }
                let status: Status = met ? .met : (asOf >= target.due ? .missed : .pending)
                results.append(TargetResult(target: t, unit: u, evaluatedAt: at, covered: coveredCount[i], total: total[i], status: status))
            }
        }
        return results
    }
}

extension CoverageScope {
    /// Whether region `r` is of a kind coverage counts (its level is checked by the caller).
    func isCounted(_ r: Int) -> Bool { !excludedKind[Int(regions.kinds[r])] }
}

extension TargetResult {
    /// The most target rows (one per target and unit) an analysis evaluates: 100,000, so that
    /// the rows and what is written of them stay well under a gigabyte.
    public static let rowLimit = 100_000

    /// Too many target rows: the target with the most units, the rows, the limit.
    public struct RowLimitExceeded: Error, Sendable, Equatable, CustomStringConvertible {
        /// The name of the target with the most units (the first in rules order among equals).
        public var target: String
        /// Its units.
        public var units: Int
        /// Its `per` level.
        public var per: Level
        /// The rows of every target.
        public var rows: Int
        /// The limit exceeded.
        public var limit: Int

        public var description: String {
            "the rules' \(rows == units ? "target" : "targets") make up to \(rows) target rows (one per target and unit), more than "
                + "the limit of \(limit); target \"\(target)\" alone has \(units) units (per \(per.name)) — give it a scope, or "
                + "fewer targets per unit"
        }
    }

    /// Throws when the rules' targets would make more than `limit` rows (`evaluate`'s units:
    /// the regions of the scope, else of the `per` level, minus `except`), before any is made.
    ///
    /// - Complexity: O(regions + targets + their scope and except ids).
    public static func checkRowLimit(_ d: Dataset, limit: Int = rowLimit) throws(RowLimitExceeded) {
        var atLevel = [Int](repeating: 0, count: Level.allCases.count)
        for r in 0..<d.regions.count { atLevel[Int(d.regions.levels[r].rawValue)] += 1 }
        var rows = 0, largest: (units: Int, target: Int)?
        for (t, target) in d.rules.targets.enumerated() {
            let except = Set(target.except.compactMap { d.regions.ids.index(of: $0) })
            let units = if let scope = target.scope {
                Set(scope.compactMap { d.regions.ids.index(of: $0) }).subtracting(except).count
            } else {
                atLevel[Int(target.per.rawValue)] - except.filter { d.regions.levels[$0] == target.per }.count
            }
            rows &+= units
            if units > (largest?.units ?? -1) { largest = (units, t) }
        }
        guard rows > limit, let largest else { return }
        let target = d.rules.targets[largest.target]
        throw RowLimitExceeded(target: target.name, units: largest.units, per: target.per, rows: rows, limit: limit)
    }
}
