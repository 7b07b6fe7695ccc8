import KexieModel

/// What breaks if some persons leave or some organizations go: the analysis of the dataset
/// without them (`Dataset.removing`) at the same date, compared with the analysis as it is.
///
/// The diff's families answer the questions directly: key-person gaps opened (associations
/// that lose a required category), sectors lost, new weak attachments, organizations cut off
/// into islands, strength moved (with the delta), new orphans (children of a removed
/// organization, persons left without a post). A removed person being unaffiliated is the
/// premise, not a finding, and is left out.
///
/// - Complexity: one analysis and one diff.
public struct WhatIf: Sendable {
    /// Person rows removed.
    public let persons: [Int]
    /// Organization rows removed.
    public let organizations: [Int]
    /// From the analysis as it is (`before`) to the one without them (`after`).
    public let diff: AnalysisDiff

    /// What breaks in `analysis` without the given person and organization rows.
    public init(_ analysis: Analysis, removingPersons persons: [Int] = [], removingOrganizations organizations: [Int] = []) {
        self.persons = persons
        self.organizations = organizations
        let without = Analysis(analysis.dataset.removing(persons: persons, organizations: organizations), asOf: analysis.asOf)
        var diff = AnalysisDiff(from: analysis, to: without)
        let removed = Set(persons)
        diff.orphans.added.removeAll { $0.kind == .person && $0.reason == .unaffiliated && removed.contains($0.row) }
        self.diff = diff
    }
}
