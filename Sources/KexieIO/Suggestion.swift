/// "Did you mean" for misspelt vocabulary: the nearest candidate by edit distance among those that
/// are plausible typos (at most max(2, a third of the word) edits, for a word with Chinese
/// characters max(1, a third), or a prefix of the word or the word a prefix of it).
enum _Suggestion {
    static func nearest(to word: String, in candidates: [String]) -> String? {
        let lower = word.lowercased()
        let w = Array(lower.unicodeScalars)
        var best: (candidate: String, distance: Int)?
        // A Chinese character carries a word's worth of meaning: two edits of a two-character
        // word (级别 → 学科) are another word, not a typo.
        let threshold = word.utf8.contains { $0 >= 0x80 } ? max(1, w.count / 3) : max(2, w.count / 3)
        for c in candidates {
            let cl = c.lowercased()
            let cs = Array(cl.unicodeScalars)
            // Close in spelling, or one word extends the other ("chairman" → "chair").
            let extends = min(cl.count, lower.count) >= 4 && (lower.hasPrefix(cl) || cl.hasPrefix(lower))
            // Lengths further apart than the threshold are never close in spelling, and a prefix
            // is exactly its length difference away: no O(n·m) table for a megabyte-long cell.
            let gap = abs(w.count - cs.count)
            let d = gap > threshold ? (extends ? gap : Int.max) : distance(w, cs)
            let plausible = d <= threshold || extends
            if plausible, d < (best?.distance ?? .max) { best = (c, d) }
        }
        return best?.candidate
    }

    /// The message tail for an unknown value: `— did you mean "x"? (allowed: a, b, c)`.
    static func hint(for word: String, allowed: [String], listAllowed: Bool = true) -> String {
        var s = ""
        if let near = nearest(to: word, in: allowed) { s += " — did you mean \"\(near)\"?" }
        if listAllowed { s += " (allowed: \(allowed.joined(separator: ", ")))" }
        return s
    }

    /// Levenshtein distance with adjacent transpositions (optimal string alignment).
    static func distance(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous2 = [Int](repeating: 0, count: b.count + 1)
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                var v = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] { v = min(v, previous2[j - 2] + 1) }
                current[j] = v
            }
            (previous2, previous, current) = (previous, current, previous2)
        }
        return previous[b.count]
    }
}
