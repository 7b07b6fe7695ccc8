import KexieModel

/// The rows of a name column by name, for references given by name (dataset.md, "References by
/// name"). Built only when a reference is not an id: canonical tables never build one.
///
/// Names compare as stored, byte for byte (cells are trimmed, and NFKC-normalised, as the
/// loader reads them); an empty name is no name.
///
/// - Invariant: `names` holds each distinct non-empty name once; `first[k]` is the first row
///   named `names[k]`, and following `next` from it visits every row of that name in row order.
/// - Complexity: building is O(total name length) expected, with no `String` per row.
struct _NameIndex: Sendable {
    /// The distinct names.
    private(set) var names = InternedStrings()
    /// By distinct name: its first row.
    private var first: [Int32] = []
    /// By row: the next row of the same name, or -1.
    private var next: [Int32]

    init(_ column: StringColumn) {
        next = [Int32](repeating: -1, count: column.count)
        var last: [Int32] = []
        for row in 0..<column.count where !column.isEmpty(row) {
            // Names are kept as written; they are compared, as cells are, in NFKC (a real NFKC
            // only for the few names the fast test cannot vouch for).
            let (k, inserted) = column.withUTF8(row) { b in
                if _NFKC.isStable(b) { return names.insert(utf8: b) }
                var key = _NFKC.normalizedAndTrimmed(String(decoding: b, as: UTF8.self))
                return key.withUTF8 { names.insert(utf8: $0) }
            }
            if inserted {
                first.append(Int32(row))
                last.append(Int32(row))
            } else {
                next[Int(last[k])] = Int32(row)
                last[k] = Int32(row)
            }
        }
    }

    /// The rows named `name`, in row order (empty when none is).
    func rows(named name: String) -> [Int] {
        guard let k = names.index(of: name) else { return [] }
        return rows(ofName: k)
    }

    /// The rows of distinct name `k`, in row order.
    func rows(ofName k: Int) -> [Int] {
        var rows: [Int] = []
        var r = first[k]
        while r >= 0 {
            rows.append(Int(r))
            r = next[Int(r)]
        }
        return rows
    }

    /// The rows of `column` named `name`, in row order, found by comparing every row (for a
    /// few names, where building an index would cost more).
    ///
    /// - Complexity: O(rows), bytes compared only for rows of the same length.
    static func scan(_ column: StringColumn, for name: String) -> [Int] {
        var name = name
        return name.withUTF8 { want in
            column.bytes.withUnsafeBufferPointer { pool in
                var rows: [Int] = []
                var start = 0
                for (row, end) in column.ends.enumerated() {
                    let e = Int(end)
                    let stored = UnsafeBufferPointer(rebasing: pool[start ..< e])
                    if e - start == want.count, want.count > 0, stored.elementsEqual(want) {
                        rows.append(row)
                    } else if !stored.isEmpty, !_NFKC.isStable(stored),
                              _NFKC.normalizedAndTrimmed(String(decoding: stored, as: UTF8.self)).utf8.elementsEqual(want) {
                        // Names are kept as written (full-width brackets in official names);
                        // cells arrive in NFKC.
                        rows.append(row)
                    }
                    start = e
                }
                return rows
            }
        }
    }

    /// The first row of distinct name `k`.
    func firstRow(ofName k: Int) -> Int { Int(first[k]) }

    /// The distinct names nearest to `word`, nearest first, at most `limit`: names that hold
    /// the characters of `word` in order, or whose characters `word` holds (a shortened name:
    /// `南开` for `南开区`, `东园科协` for `东园街道科协`), closest in length first; then names a few
    /// edits away (at most max(1, a third of its characters)); ties in file order. Compared
    /// by Unicode scalar, so a Chinese name is as close as the characters it shares.
    ///
    /// - Complexity: O(distinct names × name length), plus O(n·m) edit distances only for names
    ///   whose length is within the allowed number of edits.
    func nearest(to word: String, limit: Int) -> [Int] {
        let w = Array(word.unicodeScalars)
        guard !w.isEmpty else { return [] }
        let threshold = max(1, w.count / 3)
        var distance = _BoundedDistance()
        var ranked: [(rank: Int, name: Int)] = []
        var scalars: [Unicode.Scalar] = []
        for k in 0..<names.count {
            scalars.removeAll(keepingCapacity: true)
            names.strings.withUTF8(k) { bytes in
                var decoder = UTF8()
                var it = bytes.makeIterator()
                while case .scalarValue(let s) = decoder.decode(&it) { scalars.append(s) }
            }
            let holds = w.count >= 2 && scalars.count >= 2 && (Self.holds(scalars, w) || Self.holds(w, scalars))
            let gap = abs(scalars.count - w.count)
            if holds {
                ranked.append((gap, k))
            } else if gap <= threshold, let d = distance.distance(w, scalars, atMost: threshold) {
                // After every name that holds the word, however long.
                ranked.append(((1 << 20) + d, k))
            }
        }
        ranked.sort { ($0.rank, $0.name) < ($1.rank, $1.name) }
        return ranked.prefix(limit).map(\.name)
    }

    /// Whether `a` holds the scalars of `b` in order, not necessarily side by side: a Chinese
    /// short name keeps characters of the full one (`南开区科协` for `南开区科学技术协会`).
    private static func holds(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar]) -> Bool {
        guard b.count <= a.count else { return false }
        var k = 0
        for s in a where k < b.count && s == b[k] { k += 1 }
        return k == b.count
    }
}

/// Edit distance (Levenshtein with adjacent transpositions, as `_Suggestion.distance`) with its
/// rows kept between calls: suggesting a name compares a word with every name of a frame.
struct _BoundedDistance {
    private var previous2: [Int] = []
    private var previous: [Int] = []
    private var current: [Int] = []

    /// The distance from `a` to `b`, or `nil` when it is more than `bound`.
    mutating func distance(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar], atMost bound: Int) -> Int? {
        if a.isEmpty || b.isEmpty { return max(a.count, b.count) <= bound ? max(a.count, b.count) : nil }
        let n = b.count + 1
        previous2 = [Int](repeating: 0, count: n)
        previous = Array(0..<n)
        current = [Int](repeating: 0, count: n)
        for i in 1...a.count {
            current[0] = i
            var rowMin = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                var v = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] { v = min(v, previous2[j - 2] + 1) }
                current[j] = v
                rowMin = min(rowMin, v)
            }
            // Every later row is at least this row's least value (minus nothing): stop early.
            if rowMin > bound { return nil }
            (previous2, previous, current) = (previous, current, previous2)
        }
        return previous[b.count] <= bound ? previous[b.count] : nil
    }
}
