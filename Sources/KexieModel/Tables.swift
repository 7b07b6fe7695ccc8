// The six tables of the dataset contract, column by column (struct of arrays).
// Row `i` of a table is the i-th data row of its CSV file, so row numbers in findings
// (`dangling_position`, `dangling_link`) are `i + 1`.

/// `regions.csv`: the administrative frame.
///
/// - Invariant (checked by the loader): every parent exists and sits at a higher level, so the
///   parent chains are acyclic and at most six steps long.
public struct RegionTable: Sendable, Equatable {
    /// Region ids (statistical division codes), row by row.
    public var ids = InternedStrings()
    /// Region names.
    public var names = StringColumn()
    /// Each region's level.
    public var levels: [Level] = []
    /// Parent row, or `ReferenceColumn.absent` for a top unit.
    public var parents: [Int32] = []
    /// Index into `kindNames`; inferred from the name when the cell was empty.
    public var kinds: [UInt16] = []
    /// The distinct kinds, in first-seen order.
    public var kindNames = InternedStrings()
    /// Columns the contract does not define, kept as text.
    public var attributes = AttributeColumns()

    /// An empty table.
    public init() {}
    /// The number of rows.
    public var count: Int { levels.count }

    /// The kind of region `i`.
    public func kind(_ i: Int) -> String { kindNames[Int(kinds[i])] }
    /// The parent row of region `i`, or `nil` for a top unit.
    @inlinable public func parent(_ i: Int) -> Int? { parents[i] >= 0 ? Int(parents[i]) : nil }
}

/// `organizations.csv`: the associations and other organizations.
public struct OrganizationTable: Sendable, Equatable {
    /// Organization ids, row by row.
    public var ids = InternedStrings()
    /// Organization names.
    public var names = StringColumn()
    /// Each organization's type.
    public var types: [OrganizationType] = []
    /// The region each organization is in.
    public var regions = ReferenceColumn()
    /// The organization above (the `1` of "N+1"), absent for a top association.
    public var parents = ReferenceColumn()
    /// The institution an organization belongs to (a university's association), if any.
    public var institutions = ReferenceColumn()
    /// Index into `disciplineNames`, or -1 when empty.
    public var disciplines: [Int32] = []
    /// The distinct disciplines, in first-seen order.
    public var disciplineNames = InternedStrings()
    /// Founding dates; `Day.distantPast` when empty.
    public var founded: [Day] = []
    /// Dissolution dates; `Day.distantFuture` when empty.
    public var dissolved: [Day] = []
    /// Columns the contract does not define, kept as text.
    public var attributes = AttributeColumns()

    /// An empty table.
    public init() {}
    /// The number of rows.
    public var count: Int { types.count }

    /// The discipline of organization `i`, or `nil`.
    public func discipline(_ i: Int) -> String? {
        disciplines[i] >= 0 ? disciplineNames[Int(disciplines[i])] : nil
    }
    /// Whether organization `i` exists at `day`: founded on or before it, not dissolved by it.
    @inlinable public func isActive(_ i: Int, at day: Day) -> Bool {
        founded[i] <= day && day < dissolved[i]
    }
}

/// `persons.csv`: key persons and other members.
public struct PersonTable: Sendable, Equatable {
    /// Person ids, row by row.
    public var ids = InternedStrings()
    /// Person names.
    public var names = StringColumn()
    /// Index into `categoryNames`, or -1 when empty.
    public var categories: [Int32] = []
    /// The distinct key-person categories, in first-seen order.
    public var categoryNames = InternedStrings()
    /// The sector written in the file: index into `sectorNames`, or -1 when empty
    /// (then it is derived from the category; see `Dataset.sectors`).
    public var givenSectors: [Int32] = []
    /// The distinct sectors written in the file, in first-seen order.
    public var sectorNames = InternedStrings()
    /// Where each person works (free text).
    public var workplaces = StringColumn()
    /// The region each person lives or works in, if given.
    public var regions = ReferenceColumn()
    /// Columns the contract does not define, kept as text.
    public var attributes = AttributeColumns()

    /// An empty table.
    public init() {}
    /// The number of rows.
    public var count: Int { categories.count }

    /// The category of person `i`, or `nil`.
    public func category(_ i: Int) -> String? {
        categories[i] >= 0 ? categoryNames[Int(categories[i])] : nil
    }
}

/// `positions.csv`: who holds which role in which organization.
public struct PositionTable: Sendable, Equatable {
    /// The person holding each position.
    public var persons = ReferenceColumn()
    /// The organization of each position.
    public var organizations = ReferenceColumn()
    /// Each position's role.
    public var roles: [Role] = []
    /// `Day.distantPast` when empty.
    public var starts: [Day] = []
    /// As written; `Day.distantFuture` when empty. See `Dataset.positionEnds` for the effective end.
    public var ends: [Day] = []
    /// Columns the contract does not define, kept as text.
    public var attributes = AttributeColumns()

    /// An empty table.
    public init() {}
    /// The number of rows.
    public var count: Int { roles.count }
}

/// `links.csv`: ties between organizations other than `parent`.
public struct LinkTable: Sendable, Equatable {
    /// One end of each link.
    public var from = ReferenceColumn()
    /// The other end of each link.
    public var to = ReferenceColumn()
    /// Each link's kind.
    public var kinds: [LinkKind] = []
    /// The weight written in the file (> 0), or `nil` when empty; see `Dataset.linkWeights`.
    public var givenWeights: [Double?] = []
    /// Start dates; `Day.distantPast` when empty.
    public var starts: [Day] = []
    /// End dates; `Day.distantFuture` when empty.
    public var ends: [Day] = []
    /// Columns the contract does not define, kept as text.
    public var attributes = AttributeColumns()

    /// An empty table.
    public init() {}
    /// The number of rows.
    public var count: Int { kinds.count }
}

/// `institutions.csv`: universities, parks, enterprises … that should have an association.
public struct InstitutionTable: Sendable, Equatable {
    /// Institution ids, row by row.
    public var ids = InternedStrings()
    /// Institution names.
    public var names = StringColumn()
    /// Each institution's kind.
    public var kinds: [InstitutionKind] = []
    /// The region each institution is in.
    public var regions = ReferenceColumn()
    /// Columns the contract does not define, kept as text.
    public var attributes = AttributeColumns()

    /// An empty table.
    public init() {}
    /// The number of rows.
    public var count: Int { kinds.count }
}
