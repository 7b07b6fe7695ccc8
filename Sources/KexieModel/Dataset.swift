import KexieMachinery
/// A loaded dataset: the six tables, its manifest, the effective rules, and the derived columns
/// and adjacency every analysis needs.
///
/// Built once by the loader (`KexieIO`) or by `Dataset.init(...)` from tables made in code.
/// All derived state is computed in the initializer, in time linear in the size of the tables.
public struct Dataset: Sendable {
    /// The dataset's name in outputs (`dataset.yaml` `name`, else the folder's name).
    public var name: String
    public var description: String?
    /// Where the data came from (`dataset.yaml` `source`).
    public var source: String?
    /// The default analysis date from `dataset.yaml`, if it gives one.
    public var asOf: Day?

    /// `regions.csv`: the frame.
    public let regions: RegionTable
    /// `organizations.csv`.
    public let organizations: OrganizationTable
    /// `persons.csv`.
    public let persons: PersonTable
    /// `positions.csv`.
    public let positions: PositionTable
    /// `links.csv` (empty when the file is absent).
    public let links: LinkTable
    /// `institutions.csv` (empty when the file is absent).
    public let institutions: InstitutionTable
    /// The contract's defaults with `rules.yaml` and any `--rules` files merged over them.
    public let rules: Rules

    /// Each person's sector (given, else `rules.sectors[category]`, else `other`):
    /// an index into `sectorNames`.
    public let personSectors: [UInt16]
    /// The sectors that occur, in first-seen order.
    public let sectorNames: [String]
    /// Each position's effective end: as written, or for a `seconded_vice_chair` with a start
    /// and no end, the start plus `rules.secondedTermYears`, at most `Day.latest` (a later day
    /// could not be written as a date kexie reads back).
    public let positionEnds: [Day]
    /// How many seconded terms computed from `rules.secondedTermYears` would have ended after
    /// `Day.latest` and end on it instead (the loader warns about them).
    public let secondedTermsEndingAtLatest: Int
    /// Each link's weight: as written, else `rules.linkWeights[kind]`.
    public let linkWeights: [Double]

    /// Child regions of each region.
    public let regionChildren: CompressedAdjacency
    /// Organizations attached to each organization (by a known `parent`).
    public let organizationChildren: CompressedAdjacency
    /// Position rows of each person (known persons only).
    public let positionsByPerson: CompressedAdjacency
    /// Position rows of each organization (known organizations only).
    public let positionsByOrganization: CompressedAdjacency

    /// Assembles a dataset and computes its derived columns and adjacency.
    ///
    /// - Complexity: O(total rows).
    public init(
        name: String, description: String? = nil, source: String? = nil, asOf: Day? = nil,
        regions: RegionTable, organizations: OrganizationTable, persons: PersonTable,
        positions: PositionTable, links: LinkTable, institutions: InstitutionTable, rules: Rules
    ) {
        self.name = name
        self.description = description
        self.source = source
        self.asOf = asOf
        self.regions = regions
        self.organizations = organizations
        self.persons = persons
        self.positions = positions
        self.links = links
        self.institutions = institutions
        self.rules = rules

        // The derived columns, in two independent halves built at once.
        let (first, second) = _inParallel({ () -> ([UInt16], [String], ([Day], Int), [Double], CompressedAdjacency) in
            let (personSectors, sectorNames) = Dataset.sectors(persons, rules: rules)
            var ends = positions.ends, endingAtLatest = 0
            for i in 0..<positions.count
            where positions.roles[i] == .secondedViceChair && positions.starts[i].isSet && !ends[i].isSet {
                let end = positions.starts[i].adding(years: rules.secondedTermYears)
                if end > .latest { endingAtLatest += 1 }
                ends[i] = min(end, .latest)
            }
            let linkWeights = (0..<links.count).map { links.givenWeights[$0] ?? rules.weight(of: links.kinds[$0]) }
            let byOrganization = CompressedAdjacency(nodeCount: organizations.count, groupingRowsBy: positions.organizations.indices)
            return (personSectors, sectorNames, (ends, endingAtLatest), linkWeights, byOrganization)
        }, { () -> (CompressedAdjacency, CompressedAdjacency, CompressedAdjacency) in
            (CompressedAdjacency(nodeCount: regions.count, groupingRowsBy: regions.parents),
             CompressedAdjacency(nodeCount: organizations.count, groupingRowsBy: organizations.parents.indices),
             CompressedAdjacency(nodeCount: persons.count, groupingRowsBy: positions.persons.indices))
        })
        (personSectors, sectorNames, (positionEnds, secondedTermsEndingAtLatest), linkWeights, positionsByOrganization) = first
        (regionChildren, organizationChildren, positionsByPerson) = second
    }

    /// Each person's sector (index into the names) and the sector names: the contract's
    /// sectors first, then any other the data or the rules name. Resolved once per distinct
    /// category, then per person by index.
    private static func sectors(_ persons: PersonTable, rules: Rules) -> ([UInt16], [String]) {
        var sectorIndex: [String: UInt16] = [:]
        var sectorNames: [String] = []
        func intern(_ s: String) -> UInt16 {
            if let i = sectorIndex[s] { return i }
            let i = UInt16(sectorNames.count)
            sectorIndex[s] = i
            sectorNames.append(s)
            return i
        }
        for (name, _) in KnownVocabulary.sectors { _ = intern(name) }
        let byGiven = (0..<persons.sectorNames.count).map { intern(persons.sectorNames[$0]) }
        let byCategory = (0..<persons.categoryNames.count).map {
            intern(rules.sectors[persons.categoryNames[$0]] ?? KnownVocabulary.fallbackSector)
        }
        let fallback = intern(KnownVocabulary.fallbackSector)
        var personSectors = [UInt16](repeating: fallback, count: persons.count)
        for p in 0..<persons.count {
            let given = persons.givenSectors[p]
            if given >= 0 {
                personSectors[p] = byGiven[Int(given)]
            } else if persons.categories[p] >= 0 {
                personSectors[p] = byCategory[Int(persons.categories[p])]
            }
        }
        return (personSectors, sectorNames)
    }

    /// The sector name of person `p`.
    public func sector(ofPerson p: Int) -> String { sectorNames[Int(personSectors[p])] }
}
