import KexieModel

/// Region references given by name or name path (dataset.md, "References by name").
///
/// A cell names the regions whose name it is. Only when no region has the whole cell as its
/// name is it read as a path: names separated by "/" (or "／") or blanks, ancestors first
/// (`南开区/向阳路街道`, `南开区 向阳路街道`, `天津市/向阳路街道`). A path names the regions that
/// have its last name and have its earlier names as ancestors in that order, each further up
/// than the one after it, not necessarily as the direct parent and not necessarily from the
/// top: a careful reading of "the path's earlier names are its ancestors in that order",
/// which lets a user write as much of the path as it takes to tell two regions apart.
enum _RegionPaths {
    /// The names of a path, ancestors first (empty names between separators dropped).
    static func parts(_ text: String) -> [Substring] {
        text.split { $0 == "/" || $0 == "／" || $0 == " " || $0 == "\t" || $0 == "\u{3000}" }
    }

    /// The rows `text` names (see the type's documentation), or `nil` when that cannot be
    /// decided yet: a candidate's parent chain meets a parent still `ReferenceColumn.unknown`
    /// (regions.csv's own parents given by name, resolved in rounds).
    ///
    /// - Complexity: O(regions of the last name × depth).
    static func match(_ text: String, rowsNamed: (String) -> [Int], names: StringColumn, parents: [Int32]) -> _NameMatch? {
        let whole = rowsNamed(text)
        if !whole.isEmpty { return _NameMatch(whole) }
        let parts = parts(text)
        guard parts.count > 1, let last = parts.last else { return _NameMatch.none }
        var matches: [Int] = []
        for row in rowsNamed(String(last)) {
            guard let under = isUnder(row, ancestors: parts.dropLast(), names: names, parents: parents) else { return nil }
            if under { matches.append(row) }
        }
        return _NameMatch(matches)
    }

    /// Whether `ancestors` (the nearest last) are ancestors of `row` in that order, walking up
    /// from its parent and taking the nearest match of each; `nil` when the walk meets a parent
    /// not known yet first. A walk stops after 64 steps (a frame whose chain loops is an error
    /// reported elsewhere).
    private static func isUnder(_ row: Int, ancestors: ArraySlice<Substring>, names: StringColumn, parents: [Int32]) -> Bool? {
        var wanted = ancestors.endIndex
        var node = parents[row]
        var steps = 0
        while wanted > ancestors.startIndex {
            if node == ReferenceColumn.unknown { return nil }
            guard node >= 0, steps < 64 else { return false }
            if names[Int(node)] == ancestors[wanted - 1] { wanted -= 1 }
            node = parents[Int(node)]
            steps += 1
        }
        return true
    }

    /// The names from the top down to `row`, joined by "/" (`天津市/南开区/向阳路街道`); a parent
    /// not known ends the path there.
    static func path(of row: Int, names: StringColumn, parents: [Int32]) -> String {
        var chain = [names[row]]
        var node = parents[row]
        while node >= 0, chain.count < 64 {
            chain.append(names[Int(node)])
            node = parents[Int(node)]
        }
        return chain.reversed().joined(separator: "/")
    }

    /// `南开区/向阳路街道`: the parent's name and the row's, or `nil` for a top unit.
    static func example(_ row: Int, names: StringColumn, parents: [Int32]) -> String? {
        let p = parents[row]
        return p >= 0 ? "\(names[Int(p)])/\(names[row])" : nil
    }

    /// The rows nearest to `text`: for a path whose last name exists, the regions of that name
    /// (they are not under the path's earlier names); else the regions of the names nearest to
    /// the last name. At most three, nearest first.
    static func suggestions(for text: String, index: _NameIndex) -> [Int] {
        let parts = parts(text)
        if parts.count > 1, let last = parts.last {
            let rows = index.rows(named: String(last))
            if !rows.isEmpty { return Array(rows.prefix(3)) }
        }
        let word = parts.count > 1 ? parts.last.map(String.init) ?? text : text
        return index.nearest(to: word, limit: 3).map { index.firstRow(ofName: $0) }
    }
}

/// The regions of a loaded frame as targets of region references by name (organizations,
/// persons, institutions). One per load, shared by both threads; its name index is built on
/// the first reference that is not an id.
final class _RegionNames: _NameTargets {
    static let conversion = Conversion.Kind.regionName
    static let noun = "region"
    static let table = "regions.csv"
    let regions: RegionTable
    private let lazyIndex = _LazyNameIndex()

    init(_ regions: RegionTable) { self.regions = regions }

    var ids: InternedStrings { regions.ids }
    private var index: _NameIndex { lazyIndex.index(of: regions.names) }

    func match(_ text: String) -> _NameMatch {
        // The frame is complete: no parent is still unknown, so the match is always decided.
        _RegionPaths.match(text, rowsNamed: { self.lazyIndex.rows(named: $0, in: self.regions.names) },
                           names: regions.names, parents: regions.parents) ?? .none
    }
    func name(_ row: Int) -> String { regions.names[row] }
    func place(_ row: Int) -> String { _RegionPaths.path(of: row, names: regions.names, parents: regions.parents) }
    func suggestions(for text: String) -> [Int] { _RegionPaths.suggestions(for: text, index: index) }
    func pathExample(_ row: Int) -> String? { _RegionPaths.example(row, names: regions.names, parents: regions.parents) }
}

/// The parents of regions.csv given by name. Regions are one table, so a parent may come
/// later in the file, and a path's ancestors may have parents given by name themselves: the
/// names are resolved in rounds, each deciding the cells whose candidates' chains are known,
/// until a round decides nothing; the cells left (parents naming each other) are then decided
/// with the parents still unknown taken as absent.
///
/// - Complexity: O(rounds × cells by name × candidates × depth); a round decides every cell
///   whose ancestors are decided, so rounds are about the frame's depth.
struct _RegionParentNames {
    let index: _NameIndex
    /// Every row's parent: resolved by id or name, or `ReferenceColumn.absent`.
    private(set) var parents: [Int32]
    /// What each cell that was not an id matched, by row.
    private(set) var matches: [Int: _NameMatch] = [:]
    private let names: StringColumn

    /// Resolves the rows of `found` (the parents looked up as ids) that are
    /// `ReferenceColumn.unknown`, by the names in `text`.
    init(found: [Int32], text: StringColumn, names: StringColumn) {
        self.names = names
        index = _NameIndex(names)
        parents = found
        var pending = found.indices.filter { found[$0] == ReferenceColumn.unknown }
        var cells: [Int: String] = [:]
        for row in pending { cells[row] = text[row] }
        while !pending.isEmpty {
            var left: [Int] = []
            for row in pending {
                guard let cell = cells[row],
                      let match = _RegionPaths.match(cell, rowsNamed: index.rows(named:), names: names, parents: parents) else {
                    left.append(row)
                    continue
                }
                matches[row] = match
                if case .one(let p) = match { parents[row] = Int32(p) } else { parents[row] = ReferenceColumn.absent }
            }
            // No progress: parents that wait for each other are taken as absent, and decided next.
            if left.count == pending.count { for row in left { parents[row] = ReferenceColumn.absent } }
            pending = left
        }
    }

    /// `120104001000 (天津市/南开区/向阳路街道)`, with `ids` the frame's ids.
    func describe(_ row: Int, ids: InternedStrings) -> String {
        "\(ids[row]) (\(_RegionPaths.path(of: row, names: names, parents: parents)))"
    }

    func example(_ row: Int) -> String? { _RegionPaths.example(row, names: names, parents: parents) }

    /// The nearest names to `text`, each as `"南开区" (120104000000, 天津市/南开区)`.
    func nearest(to text: String, ids: InternedStrings) -> [String] {
        _RegionPaths.suggestions(for: text, index: index).map { "\"\(names[$0])\" (\(ids[$0]), \(_RegionPaths.path(of: $0, names: names, parents: parents)))" }
    }
}
