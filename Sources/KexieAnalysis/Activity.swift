import KexieModel

/// What is active at a date D (analyses.md, preamble):
/// - an organization is active when (`founded` empty or ≤ D) and (`dissolved` empty or > D);
/// - a position is active when its person and organization are known, the organization is
///   active, and (`start` empty or ≤ D) and (effective `end` empty or > D);
/// - a link is active when both ends are known and active and its dates hold as above.
///
/// - Complexity: O(organizations + positions + links) to build; lookups O(1).
public struct Activity: Sendable {
    /// The date D activity is judged at.
    public let date: Day
    /// `organizations[i]`: organization `i` is active.
    public let organizations: [Bool]
    /// `positions[i]`: position row `i` is active.
    public let positions: [Bool]
    /// `links[i]`: link row `i` is active.
    public let links: [Bool]

    /// What of `dataset` is active at `date`.
    public init(_ dataset: Dataset, at date: Day) {
        self.date = date
        let orgs = dataset.organizations
        let organizations = (0..<orgs.count).map { orgs.isActive($0, at: date) }
        let p = dataset.positions
        var positions = [Bool](repeating: false, count: p.count)
        for i in 0..<p.count {
            guard p.persons.indices[i] >= 0 else { continue }
            let o = p.organizations.indices[i]
            guard o >= 0, organizations[Int(o)] else { continue }
            positions[i] = p.starts[i] <= date && date < dataset.positionEnds[i]
        }
        let l = dataset.links
        var links = [Bool](repeating: false, count: l.count)
        for i in 0..<l.count {
            let a = l.from.indices[i], b = l.to.indices[i]
            guard a >= 0, b >= 0, organizations[Int(a)], organizations[Int(b)] else { continue }
            links[i] = l.starts[i] <= date && date < l.ends[i]
        }
        self.organizations = organizations
        self.positions = positions
        self.links = links
    }
}
