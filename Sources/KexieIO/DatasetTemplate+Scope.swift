import KexieModel

/// Why `--scope` names no single region.
public struct TemplateScopeError: Error, Sendable, CustomStringConvertible {
    /// What was given.
    public var key: String
    /// Regions that have the name (id and name path), at most five; empty when none has it.
    public var candidates: [String]
    /// How many regions have the name.
    public var count: Int
    /// The nearest names, when none has it.
    public var nearest: String?

    public var description: String {
        if count > 1 {
            return "\"\(key)\": \(count) regions have this name (\(candidates.joined(separator: "; "))); give the id or a name path such as 南开区/向阳路街道"
        }
        return "\"\(key)\": no region has this id or name" + (nearest.map { " — did you mean \"\($0)\"?" } ?? "")
    }
}

extension DatasetTemplate {
    /// The region of `frame` that `key` names, as the contract reads a region reference by
    /// name: an id wins; else a name, or a name path (names from an ancestor down, separated by
    /// `/` or spaces), that exactly one region has, the path's earlier names being its
    /// ancestors in that order (not necessarily each the next one up).
    ///
    /// - Throws: `TemplateScopeError` listing up to five candidates (id and path) when several
    ///   regions match, or the nearest name when none does.
    /// - Complexity: O(regions · depth).
    public static func scope(_ key: String, in frame: RegionTable) throws(TemplateScopeError) -> Int {
        let key = key.trimmingWhitespace
        if let r = frame.ids.index(of: key) { return r }
        let names = key.split { $0 == "/" || $0.isWhitespace }.map(String.init)
        guard let last = names.last else { throw TemplateScopeError(key: key, candidates: [], count: 0, nearest: nil) }
        let matches = (0 ..< frame.count).filter { r in
            frame.names[r] == last && isSubsequence(names.dropLast(), of: ancestorNames(frame, r))
        }
        if matches.count == 1 { return matches[0] }
        if matches.isEmpty {
            let all = Array(Set((0 ..< frame.count).map { frame.names[$0] })).sorted()
            throw TemplateScopeError(key: key, candidates: [], count: 0, nearest: _Suggestion.nearest(to: last, in: all))
        }
        let shown = matches.prefix(5).map { r in "\(frame.ids[r]) \((ancestorNames(frame, r) + [frame.names[r]]).joined(separator: "/"))" }
        throw TemplateScopeError(key: key, candidates: shown, count: matches.count, nearest: nil)
    }

    /// The names of `r`'s ancestors, from the top down.
    private static func ancestorNames(_ frame: RegionTable, _ r: Int) -> [String] {
        var names: [String] = []
        var a = frame.parent(r)
        while let x = a {
            names.append(frame.names[x])
            a = frame.parent(x)
        }
        return names.reversed()
    }

    /// Whether `part` appears in `whole` in order (not necessarily contiguously).
    private static func isSubsequence(_ part: ArraySlice<String>, of whole: [String]) -> Bool {
        var i = part.startIndex
        for name in whole where i < part.endIndex && name == part[i] { i += 1 }
        return i == part.endIndex
    }
}

extension String {
    /// The string without leading and trailing white space.
    fileprivate var trimmingWhitespace: String {
        String(drop { $0.isWhitespace }.reversed().drop { $0.isWhitespace }.reversed())
    }
}
