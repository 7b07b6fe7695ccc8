import KexieModel

/// The other spellings the contract accepts for a vocabulary value (dataset.md, "Tables as
/// people keep them": vocabulary): the English key in any case, the Chinese label the contract
/// gives for it, each part of a label written with "/", and the contract's synonyms.
///
/// Only consulted when a cell is not the key as written (`_VocabularyMatcher` on exact bytes is
/// the fast path). Texts are compared after NFKC and trimming (the row layer did both), so the
/// entries here are in NFKC form (`村(社区)级`, not `村（社区）级`).
///
/// Where the contract gives no label for a value, kexie also accepts the label it prints itself
/// (`Vocabulary.swift`: 其他 for `other`, 高校 for `university`, 教师 for `teacher`, 卫生健康 for
/// `health`, 村社区级 for `village`), so that what kexie writes reads back.
enum _ContractLabels {
    /// Level labels and synonyms (the contract's list, then kexie's own labels).
    static let levels: [(String, Level)] = [
        ("国家", .country), ("省", .province), ("省级", .province), ("市", .city), ("地级", .city), ("市级", .city),
        ("区", .district), ("县", .district), ("区县", .district), ("区县级", .district),
        ("乡", .township), ("镇", .township), ("街道", .township), ("乡镇", .township), ("乡镇街道", .township),
        ("乡镇街道级", .township), ("村", .village), ("社区", .village), ("村社区", .village), ("村(社区)级", .village),
    ]

    /// Synonyms of organization types beyond their labels.
    static let typeSynonyms: [(String, OrganizationType)] = [
        ("科学技术协会", .association), ("农村专业技术协会", .ruralTechAssociation),
    ]

    /// Synonyms of roles beyond their labels.
    static let roleSynonyms: [(String, Role)] = [
        ("副主席", .viceChair), ("常务委员", .standingCommittee), ("工作人员", .staff),
    ]

    /// Region kinds by label (the contract's list).
    static let regionKinds: [(String, String)] = [
        ("街道", "street"), ("镇", "town"), ("乡", "township"), ("苏木", "township"),
        ("社区", "community"), ("居委会", "community"), ("村", "village"), ("村委会", "village"),
    ]

    /// Sectors by label: the contract's (卫生 for health), then kexie's own labels.
    static let sectors: [(String, String)] = [
        ("卫生", "health"), ("教育", "education"), ("农业", "agriculture"), ("科技", "science"), ("经济", "economy"), ("其他", "other"),
    ] + KnownVocabulary.sectors.map { ($0.label, $0.name) }

    /// Key-person categories by their labels and each part of them.
    static let categories: [(String, String)] = KnownVocabulary.categories.flatMap { c in parts(c.label).map { ($0, c.name) } }

    /// A label and, when it is written with "/", each of its parts (`园区/联合科协` → 园区/联合科协,
    /// 园区, 联合科协): the whole label is what kexie prints, the parts what people write.
    static func parts(_ label: String) -> [String] {
        let parts = label.split(separator: "/").map(String.init)
        return parts.count > 1 ? [label] + parts : parts
    }

    /// Every Chinese spelling of vocabulary `E` with the case it means: the labels and their
    /// parts, the contract's synonyms, and for levels its list.
    static func spellings<E: ContractVocabulary>(_ type: E.Type) -> [(text: String, value: E)] {
        func typed<T>(_ list: [(String, T)]) -> [(String, E)] { list.compactMap { t, v in (v as? E).map { (t, $0) } } }
        let all = typed(levels) + E.allCases.flatMap { e in parts(e.label).map { ($0, e) } } + typed(typeSynonyms) + typed(roleSynonyms)
        var seen = Set<String>()
        return all.filter { seen.insert($0.0).inserted }
    }

    /// The case of `E` that `text` (NFKC, trimmed) stands for: its key in another case, a
    /// Chinese spelling (`spellings`); `nil` when none.
    static func value<E: ContractVocabulary>(_ text: String, _ type: E.Type) -> E? {
        let lower = text.lowercased()
        if let e = E.allCases.first(where: { $0.name == lower }) { return e }
        return spellings(E.self).first { $0.text == text }?.value
    }

    /// The value among `known` (keys of an open or rules-extended vocabulary) that `text`
    /// stands for: one of them in another case, or a Chinese spelling in `labels` of one of them.
    static func value(_ text: String, known: Set<String>, labels: [(String, String)]) -> String? {
        let lower = text.lowercased()
        if known.contains(lower) { return lower }
        return labels.first { $0.0 == text && known.contains($0.1) }?.1
    }

    /// Whether `text` is written in Chinese (holds a character that is not ASCII): then
    /// suggestions are Chinese labels.
    static func isChinese(_ text: String) -> Bool { text.utf8.contains { $0 >= 0x80 } }

    /// The message tail for an unknown value in the language it was written in: for English,
    /// `_Suggestion.hint` over the keys; for Chinese, the nearest Chinese spelling with its key
    /// (` — did you mean "医院院长" (hospital_director)?`) and, when `listAllowed`, the keys
    /// with their labels (`allowed: chair 主席, …`).
    static func hint(for text: String, keys: [String], spellings: [(text: String, key: String)],
                     listAllowed: Bool = true) -> String {
        guard isChinese(text) else { return _Suggestion.hint(for: text, allowed: keys, listAllowed: listAllowed) }
        var s = ""
        if let near = _Suggestion.nearest(to: text, in: spellings.map(\.text)),
           let key = spellings.first(where: { $0.text == near })?.key {
            s += " — did you mean \"\(near)\" (\(key))?"
        }
        if listAllowed {
            let labelled = keys.map { key in
                // A label written with "/" is listed by its parts.
                let labels = spellings.filter { $0.key == key && !$0.text.contains("/") }.map(\.text)
                return labels.isEmpty ? key : "\(key) \(labels.joined(separator: "/"))"
            }
            s += " (allowed: \(labelled.joined(separator: ", ")))"
        }
        return s
    }

    /// `hint` for vocabulary `E`, every Chinese spelling listed with its key.
    static func hint<E: ContractVocabulary>(for text: String, _ type: E.Type) -> String {
        hint(for: text, keys: E.names, spellings: spellings(E.self).map { ($0.text, $0.value.name) })
    }
}
