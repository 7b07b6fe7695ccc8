import KexieModel

/// Every finding of the analyses contract for one dataset as of one date.
///
/// Findings refer to rows of the dataset's tables by index; writers turn them into ids and
/// names. Computing it is linear in the size of the data plus the pairs shared persons create.
public struct Analysis: Sendable {
    public let dataset: Dataset
    public let asOf: Day
    public let tree: RegionTree
    public let activity: Activity
    public let coverage: Coverage
    public let gaps: Gaps
    public let targets: [TargetResult]
    public let orphans: [Orphan]
    public let linkage: Linkage

    public init(_ dataset: Dataset, asOf: Day) {
        self.dataset = dataset
        self.asOf = asOf
        let tree = RegionTree(dataset.regions, children: dataset.regionChildren)
        let activity = Activity(dataset, at: asOf)
        self.tree = tree
        self.activity = activity
        coverage = Coverage(dataset, tree: tree, activeOrganizations: activity.organizations)
        gaps = Gaps(dataset, activity: activity)
        targets = TargetResult.evaluate(dataset, asOf: asOf, coveredAtAsOf: coverage.coveredRegions)
        orphans = Orphan.find(dataset, tree: tree, activity: activity)
        linkage = Linkage(dataset, activity: activity, asOf: asOf)
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
