extension RegionTable {
    /// The rows a user's `key` names: the row whose id is `key`, when there is one (and it is
    /// of `level`, when given); else every row of `level` whose name is exactly `key`, in row
    /// order.
    ///
    /// An id always wins over a name, so `rows(matching:)` returns at most one row for an id.
    /// An empty result means nothing has this id or name; more than one row means the name is
    /// ambiguous and the caller should ask for an id.
    ///
    /// - Complexity: O(1) expected for an id (a hash lookup); O(regions) for a name.
    public func rows(matching key: String, level: Level? = nil) -> [Int] {
        if let r = ids.index(of: key), level == nil || levels[r] == level { return [r] }
        return (0..<count).filter { (level == nil || levels[$0] == level) && names[$0] == key }
    }
}
