import KexieModel

extension Dataset {
    /// The dataset as it would be without some persons and organizations, for what-if
    /// questions.
    ///
    /// The rows are masked, not deleted, so every other row keeps its number (dangling rows are
    /// reported by row number) and every id still resolves: a removed organization is never
    /// active (as if dissolved before any date: its positions and links lapse, its children lose
    /// their parent, its region its coverage); a removed person's positions never start. The
    /// persons, organizations and their text stay in the tables.
    ///
    /// - Complexity: O(total rows): the derived columns and adjacency are rebuilt.
    public func removing(persons removedPersons: [Int] = [], organizations removedOrganizations: [Int] = []) -> Dataset {
        var orgs = organizations
        for o in removedOrganizations { orgs.founded[o] = .distantFuture }
        var positions = self.positions
        for p in removedPersons {
            // A start after every day: never active (and not a seconded term with a start).
            for pos in positionsByPerson[p] { positions.starts[Int(pos)] = .distantFuture }
        }
        return Dataset(name: name, description: description, source: source, asOf: asOf, regions: regions,
                       organizations: orgs, persons: self.persons, positions: positions, links: links,
                       institutions: institutions, rules: rules)
    }
}
