import KexieMachinery
import KexieModel

/// Every finding of the analyses contract for one dataset as of one date.
///
/// Findings refer to rows of the dataset's tables by index; writers turn them into ids and
/// names. Computing it is linear in the size of the data plus the pairs shared persons create.
public struct Analysis: Sendable {
    /// The dataset analysed; findings are row indices into its tables.
    public let dataset: Dataset
    /// The analysis date D.
    public let asOf: Day
    /// The frame numbered for subtree tests: `tree.contains(district, region)`.
    public let tree: RegionTree
    /// What is active at `asOf`.
    public let activity: Activity
    /// Coverage rates and blank spots.
    public let coverage: Coverage
    /// Key-person, rural-technical, society and institution gaps.
    public let gaps: Gaps
    /// Every (target, unit) of the rules' targets, in rules order, then by unit id.
    public let targets: [TargetResult]
    /// Orphaned and dangling organizations, persons, positions and links.
    public let orphans: [Orphan]
    /// Tie strength, pairs, weak attachments, single points, overloads, expiring terms and islands.
    public let linkage: Linkage
    /// How long each analysis took.
    public let timings: PhaseTimings

    /// Runs every analysis: linkage on a second thread beside the others (they only read the
    /// dataset), so the wall time is about the longer of the two.
    public init(_ dataset: Dataset, asOf: Day) {
        let groundwork = Analysis._Groundwork(dataset, asOf: asOf)
        let (linkage, findings) = _inParallel({ groundwork.linkage() }, { groundwork.findings() })
        self.init(groundwork, findings: findings, linkage: linkage)
    }

    /// An analysis assembled from its parts (see `_Groundwork`).
    package init(_ groundwork: _Groundwork, findings: _Findings, linkage: (Linkage, PhaseTimings)) {
        dataset = groundwork.dataset
        asOf = groundwork.asOf
        tree = groundwork.tree
        activity = groundwork.activity
        (coverage, gaps, targets, orphans) = (findings.coverage, findings.gaps, findings.targets, findings.orphans)
        self.linkage = linkage.0
        var timings = groundwork.timings
        timings.append(contentsOf: findings.timings)
        timings.append(contentsOf: linkage.1)
        self.timings = timings
    }

    /// What every analysis starts from (the numbered frame, what is active), and the two halves
    /// of the work that can run side by side: linkage, and all the other findings. Writers that
    /// stream the document use the halves to start writing before linkage is done.
    package struct _Groundwork: Sendable {
        package let dataset: Dataset
        package let asOf: Day
        package let tree: RegionTree
        package let activity: Activity
        package let timings: PhaseTimings

        package init(_ dataset: Dataset, asOf: Day) {
            var timings = PhaseTimings()
            self.dataset = dataset
            self.asOf = asOf
            tree = RegionTree(dataset.regions, children: dataset.regionChildren)
            activity = Activity(dataset, at: asOf)
            timings.lap("analysis: region tree and activity")
            self.timings = timings
        }

        /// Linkage, timed; its pairs computed with it for a writer that prints them.
        package func linkage(computingPairs: Bool = false) -> (Linkage, PhaseTimings) {
            var timings = PhaseTimings()
            let linkage = Linkage(dataset, activity: activity, asOf: asOf, computingPairs: computingPairs)
            timings.lap("analysis: linkage (in parallel)")
            return (linkage, timings)
        }

        /// Coverage, gaps, targets and orphans, timed.
        package func findings() -> _Findings {
            var timings = PhaseTimings()
            let coverage = Coverage(dataset, tree: tree, activeOrganizations: activity.organizations)
            timings.lap("analysis: coverage")
            let gaps = Gaps(dataset, activity: activity)
            timings.lap("analysis: gaps")
            let targets = TargetResult.evaluate(dataset, asOf: asOf, coveredAtAsOf: coverage.coveredRegions)
            timings.lap("analysis: targets")
            let orphans = Orphan.find(dataset, tree: tree, activity: activity)
            timings.lap("analysis: orphans")
            return _Findings(coverage: coverage, gaps: gaps, targets: targets, orphans: orphans, timings: timings)
        }
    }

    /// The findings apart from linkage.
    package struct _Findings: Sendable {
        package let coverage: Coverage
        package let gaps: Gaps
        package let targets: [TargetResult]
        package let orphans: [Orphan]
        package let timings: PhaseTimings
    }

    /// The id an orphan finding reports: the organization or person id, or the 1-based row
    /// number of a position or link.
    public func id(of orphan: Orphan) -> String {
        Analysis._id(of: orphan, in: dataset)
    }

    /// `id(of:)` before the analysis is assembled.
    package static func _id(of orphan: Orphan, in dataset: Dataset) -> String {
        switch orphan.kind {
        case .organization: dataset.organizations.ids[orphan.row]
        case .person: dataset.persons.ids[orphan.row]
        case .position, .link: String(orphan.row + 1)
        }
    }
}
