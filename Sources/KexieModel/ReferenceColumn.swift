/// A column of references from one table to the rows of another (an organization's region,
/// a position's person, …).
///
/// Each row is absent (empty cell), resolved to a row index of the target table, or unknown
/// (an id the target table does not have). Unknown references are findings, not load errors,
/// so their text is kept (sparsely) for reports.
///
/// - Invariant: `indices[i] >= 0` is a row of the target table; `indices[i] == ReferenceColumn.unknown`
///   exactly when `unresolvedText[i]` is set.
public struct ReferenceColumn: Sendable, Equatable {
    /// Row index of the target, or `ReferenceColumn.absent` / `ReferenceColumn.unknown`.
    public private(set) var indices: [Int32] = []
    private var unresolvedText: [Int32: String] = [:]

    /// Stored value of an empty cell.
    public static let absent: Int32 = -1
    /// Stored value of an id the target table does not have.
    public static let unknown: Int32 = -2

    /// An empty column.
    public init() {}

    /// The number of rows.
    public var count: Int { indices.count }

    /// The state of row `i`.
    public subscript(i: Int) -> Reference {
        let v = indices[i]
        if v >= 0 { return .resolved(Int(v)) }
        if v == ReferenceColumn.unknown { return .unknown(unresolvedText[Int32(i)] ?? "") }
        return .absent
    }

    /// The resolved target row, or `nil` when absent or unknown.
    @inlinable public func target(_ i: Int) -> Int? {
        let v = indices[i]
        return v >= 0 ? Int(v) : nil
    }

    /// A column from resolved rows: `indices` as stored, and the text of each unknown one.
    package init(indices: [Int32], unresolvedText: [Int32: String]) {
        self.indices = indices
        self.unresolvedText = unresolvedText
    }

    /// Appends an empty cell.
    public mutating func appendAbsent() { indices.append(ReferenceColumn.absent) }
    /// Appends a reference to `row` of the target table.
    public mutating func append(resolved row: Int) { indices.append(Int32(row)) }
    /// Appends a reference to an id the target table does not have.
    public mutating func append(unknown text: String) {
        unresolvedText[Int32(indices.count)] = text
        indices.append(ReferenceColumn.unknown)
    }
    /// The rows that are unknown, with their text, in row order.
    ///
    /// - Complexity: O(u log u) for u unknown rows.
    package var unknownRows: [(row: Int, text: String)] {
        unresolvedText.map { (Int($0.key), $0.value) }.sorted { $0.row < $1.row }
    }
    /// Resolves unknown row `i` to `row` of the target table (a reference found by name).
    package mutating func resolve(_ i: Int, to row: Int) {
        unresolvedText[Int32(i)] = nil
        indices[i] = Int32(row)
    }
    /// Reserves room for `n` rows.
    public mutating func reserveCapacity(_ n: Int) { indices.reserveCapacity(n) }
    /// Appends the rows of `other` after these (the pieces of one table, read apart).
    package mutating func append(contentsOf other: ReferenceColumn) {
        let offset = Int32(indices.count)
        for (row, text) in other.unresolvedText { unresolvedText[row + offset] = text }
        indices.append(contentsOf: other.indices)
    }
}

/// The state of one reference cell.
public enum Reference: Sendable, Equatable {
    /// The cell is empty.
    case absent
    /// The cell names this row of the target table.
    case resolved(Int)
    /// The cell names an id the target table does not have; the id as written.
    case unknown(String)
}

/// Columns of a table that the contract does not define, kept by header name in file order.
public struct AttributeColumns: Sendable, Equatable {
    /// The extra columns' headers, in file order.
    public private(set) var names: [String] = []
    /// The extra columns' values, one column per name.
    public private(set) var columns: [StringColumn] = []

    /// No extra columns.
    public init() {}
    /// Empty columns with these headers.
    public init(names: [String]) {
        self.names = names
        self.columns = Array(repeating: StringColumn(), count: names.count)
    }

    /// The value of attribute `name` at `row`, or `nil` when there is no such column.
    public func value(_ name: String, row: Int) -> String? {
        guard let c = names.firstIndex(of: name) else { return nil }
        return columns[c][row]
    }

    package mutating func append(column: Int, utf8 bytes: UnsafeBufferPointer<UInt8>) {
        columns[column].append(utf8: bytes)
    }

    /// Appends the rows of `other`, which has the same columns (a piece of the same table).
    package mutating func append(contentsOf other: AttributeColumns) {
        precondition(other.names == names, "attribute columns of another table")
        for c in columns.indices {
            for row in 0..<other.columns[c].count { other.columns[c].withUTF8(row) { columns[c].append(utf8: $0) } }
        }
    }
}
