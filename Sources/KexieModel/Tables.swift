// The six tables of the dataset contract, column by column (struct of arrays).
// Row `i` of a table is the i-th data row of its CSV file, so row numbers in findings
// (`dangling_position`, `dangling_link`) are `i + 1`.

/// `regions.csv`: the administrative frame.
///
/// - Invariant (checked by the loader): every parent exists and sits at a higher level, so the
///   parent chains are acyclic and at most six steps long.
public struct RegionTable: Sendable, Equatable {
    public var ids = InternedStrings()
    public var names = StringColumn()
    public var levels: [Level] = []
    /// Parent row, or `ReferenceColumn.absent` for a top unit.
    public var parents: [Int32] = []
    /// Index into `kindNames`; inferred from the name when the cell was empty.
    public var kinds: [UInt16] = []
    /// The distinct kinds, in first-seen order.
    public var kindNames = InternedStrings()
    public var attributes = AttributeColumns()

    public init() {}
    public var count: Int { levels.count }

    /// The kind of region `i`.
    public func kind(_ i: Int) -> String { kindNames[Int(kinds[i])] }
    /// The parent row of region `i`, or `nil` for a top unit.
    @inlinable public func parent(_ i: Int) -> Int? { parents[i] >= 0 ? Int(parents[i]) : nil }
}

/// `organizations.csv`: the associations and other organizations.
public struct OrganizationTable: Sendable, Equatable {
    public var ids = InternedStrings()
    public var names = StringColumn()
    public var types: [OrganizationType] = []
    public var regions = ReferenceColumn()
    public var parents = ReferenceColumn()
    public var institutions = ReferenceColumn()
    /// Index into `disciplineNames`, or -1 when empty.
    public var disciplines: [Int32] = []
    public var disciplineNames = InternedStrings()
    public var founded: [Day] = []
    public var dissolved: [Day] = []
    public var attributes = AttributeColumns()

    public init() {}
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
    public var ids = InternedStrings()
    public var names = StringColumn()
    /// Index into `categoryNames`, or -1 when empty.
    public var categories: [Int32] = []
    public var categoryNames = InternedStrings()
    /// The sector written in the file: index into `sectorNames`, or -1 when empty
    /// (then it is derived from the category; see `Dataset.sectors`).
    public var givenSectors: [Int32] = []
    public var sectorNames = InternedStrings()
    public var workplaces = StringColumn()
    public var regions = ReferenceColumn()
    public var attributes = AttributeColumns()

    public init() {}
    public var count: Int { categories.count }

    /// The category of person `i`, or `nil`.
    public func category(_ i: Int) -> String? {
        categories[i] >= 0 ? categoryNames[Int(categories[i])] : nil
    }
}

/// `positions.csv`: who holds which role in which organization.
public struct PositionTable: Sendable, Equatable {
    public var persons = ReferenceColumn()
    public var organizations = ReferenceColumn()
    public var roles: [Role] = []
    /// `Day.distantPast` when empty.
    public var starts: [Day] = []
    /// As written; `Day.distantFuture` when empty. See `Dataset.positionEnds` for the effective end.
    public var ends: [Day] = []
    public var attributes = AttributeColumns()

    public init() {}
    public var count: Int { roles.count }
}

/// `links.csv`: ties between organizations other than `parent`.
public struct LinkTable: Sendable, Equatable {
    public var from = ReferenceColumn()
    public var to = ReferenceColumn()
    public var kinds: [LinkKind] = []
    /// The weight written in the file (> 0), or `nil` when empty; see `Dataset.linkWeights`.
    public var givenWeights: [Double?] = []
    public var starts: [Day] = []
    public var ends: [Day] = []
    public var attributes = AttributeColumns()

    public init() {}
    public var count: Int { kinds.count }
}

/// `institutions.csv`: universities, parks, enterprises … that should have an association.
public struct InstitutionTable: Sendable, Equatable {
    public var ids = InternedStrings()
    public var names = StringColumn()
    public var kinds: [InstitutionKind] = []
    public var regions = ReferenceColumn()
    public var attributes = AttributeColumns()

    public init() {}
    public var count: Int { kinds.count }
}
