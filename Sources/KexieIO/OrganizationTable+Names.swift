import KexieModel

/// The organizations as targets of organization references by name (organizations' parents,
/// positions, links; dataset.md, "References by name"): a cell that is not an id resolves when
/// it is the name of exactly one organization. Organizations have no name paths (the contract
/// gives paths to regions only); rows of one name are told apart by their regions.
///
/// Shared by the tables and pieces of tables that refer to the same organizations; its name
/// index is built on the first reference that is not an id.
final class _OrganizationNames: _NameTargets {
    static let conversion = Conversion.Kind.organizationName
    static let noun = "organization"
    static let table = "organizations.csv"
    let organizations: OrganizationTable
    /// The frame, for the places of organizations.
    let regions: RegionTable
    private let lazyIndex = _LazyNameIndex()

    init(_ organizations: OrganizationTable, regions: RegionTable) {
        self.organizations = organizations
        self.regions = regions
    }

    var ids: InternedStrings { organizations.ids }
    private var index: _NameIndex { lazyIndex.index(of: organizations.names) }

    func match(_ text: String) -> _NameMatch { _NameMatch(lazyIndex.rows(named: text, in: organizations.names)) }
    func name(_ row: Int) -> String { organizations.names[row] }

    /// `in 天津市/南开区`, `in region "V43"` (not in the frame), or `no region`.
    func place(_ row: Int) -> String {
        switch organizations.regions[row] {
        case .resolved(let r): "in " + _RegionPaths.path(of: r, names: regions.names, parents: regions.parents)
        case .unknown(let text): "in region \"\(text)\""
        case .absent: "no region"
        }
    }

    func suggestions(for text: String) -> [Int] {
        let index = index
        return index.nearest(to: text, limit: 3).map { index.firstRow(ofName: $0) }
    }

    func pathExample(_ row: Int) -> String? { nil }
}
