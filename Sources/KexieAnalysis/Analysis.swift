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
        var timings = PhaseTimings()
        self.dataset = dataset
        self.asOf = asOf
        let tree = RegionTree(dataset.regions, children: dataset.regionChildren)
        let activity = Activity(dataset, at: asOf)
        self.tree = tree
        self.activity = activity
        timings.lap("analysis: region tree and activity")
        let (linkage, others) = _inParallel({
            var timings = PhaseTimings()
            let linkage = Linkage(dataset, activity: activity, asOf: asOf)
            timings.lap("analysis: linkage (in parallel)")
            return (linkage, timings)
        }, {
            var timings = PhaseTimings()
            let coverage = Coverage(dataset, tree: tree, activeOrganizations: activity.organizations)
            timings.lap("analysis: coverage")
            let gaps = Gaps(dataset, activity: activity)
            timings.lap("analysis: gaps")
            let targets = TargetResult.evaluate(dataset, asOf: asOf, coveredAtAsOf: coverage.coveredRegions)
            timings.lap("analysis: targets")
            let orphans = Orphan.find(dataset, tree: tree, activity: activity)
            timings.lap("analysis: orphans")
            return (coverage, gaps, targets, orphans, timings)
        })
        (coverage, gaps, targets, orphans) = (others.0, others.1, others.2, others.3)
        self.linkage = linkage.0
        timings.append(contentsOf: others.4)
        timings.append(contentsOf: linkage.1)
        self.timings = timings
    }

    /// The id an orphan finding reports: the organization or person id, or the 1-based row
    /// number of a position or link.
    public func id(of orphan: Orphan) -> String {
        switch orphan.kind {
        case .organization: dataset.organizations.ids[orphan.row]
        case .person: dataset.persons.ids[orphan.row]
        case .position, .link: String(orphan.row + 1)
        }
    }
}
