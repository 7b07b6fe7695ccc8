extension String {
    /// The text cut to `limit` Unicode scalars with `…` after them; the text itself when it is
    /// not longer. Names shown in a legend, a heading or a cell are cut so (a name of megabytes,
    /// a pasted document, is unreadable there and would make every output as large).
    ///
    /// - Complexity: O(min(length, limit)).
    package func _cut(toScalars limit: Int) -> String {
        let scalars = unicodeScalars
        guard utf8.count > limit,
              let end = scalars.index(scalars.startIndex, offsetBy: limit, limitedBy: scalars.endIndex),
              end < scalars.endIndex else { return self }
        return String(scalars[..<end]) + "…"
    }
}
