import KexieAnalysis
import KexieModel

extension AnalysisDiff {
    /// Every family of the diff as a table whose first column, `change`, says which way the
    /// finding went (`opened`/`closed`, `founded`/`dissolved`, …): what appeared first, each
    /// part sorted as the analysis sorts it. Names come from the side the row belongs to.
    public func tables() -> [FindingTable] {
        var blank = Self.table(.blankSpot, "blank_spots.csv", "Blank spots opened and closed", ["id", "name", "level", "district", "district_name"])
        rows(&blank, blankSpots, "opened", "closed", Self.regionCells)

        var founded = Self.table(.organization, "organizations.csv", "Organizations founded and dissolved", ["id", "name", "type", "region"])
        rows(&founded, organizations, "founded", "dissolved", Self.organizationCells)

        var gaps = Self.table(.keyPersonGap, "key_person_gaps.csv", "Key-person gaps opened and filled", ["organization", "name", "category", "category_label"])
        rows(&gaps, keyPersonGaps, "opened", "filled", Self.itemCells(labelled: true))

        var sectorTable = Self.table(.sector, "sectors.csv", "Sectors gained and lost", ["organization", "name", "sector"])
        rows(&sectorTable, sectors, "gained", "lost", Self.itemCells(labelled: false))

        var weak = Self.table(.weakAttachment, "weak_attachments.csv", "Weak attachments new and resolved", ["id", "name", "type", "region"])
        rows(&weak, weakAttachments, "new", "resolved", Self.organizationCells)

        var island = Self.table(.island, "islands.csv", "Organizations cut off into islands and reconnected", ["id", "name", "type", "region"])
        rows(&island, islands, "cut_off", "reconnected", Self.organizationCells)

        var personTable = Self.table(.person, "persons.csv", "Persons who joined and left", ["id", "name", "category"])
        rows(&personTable, persons, "joined", "left") { d, p in [.text(d.persons.ids[p]), .text(d.persons.names[p]), .text(d.persons.category(p))] }

        return [blank, founded, orphanTable(), gaps, targetTable(), strengthTable(), sectorTable, weak, island, personTable]
    }

    private static func table(_ kind: FindingTable.Kind, _ file: String, _ title: String, _ columns: [String]) -> FindingTable {
        FindingTable(analysis: "diff", kind: kind, file: file, title: title, columns: ["change"] + columns)
    }

    /// Adds the rows of `c`, `added` ones (of `after`) first, each led by its change.
    private func rows<E>(_ t: inout FindingTable, _ c: Changes<E>, _ added: String, _ removed: String, _ cells: (Dataset, E) -> [FindingTable.Cell]) {
        for e in c.added { t.add([.text(added)] + cells(after.dataset, e)) }
        for e in c.removed { t.add([.text(removed)] + cells(before.dataset, e)) }
    }

    private static func regionCells(_ d: Dataset, _ r: Int) -> [FindingTable.Cell] {
        let district = d.regions.ancestor(of: r, at: .district)
        return [.text(d.regions.ids[r]), .text(d.regions.names[r]), .text(d.regions.levels[r].name),
                .text(district.map { d.regions.ids[$0] }), .text(district.map { d.regions.names[$0] })]
    }

    private static func organizationCells(_ d: Dataset, _ o: Int) -> [FindingTable.Cell] {
        let r = d.organizations.regions.target(o)
        return [.text(d.organizations.ids[o]), .text(d.organizations.names[o]), .text(d.organizations.types[o].name),
                .text(r.map { d.regions.ids[$0] })]
    }

    private static func itemCells(labelled: Bool) -> (Dataset, Item) -> [FindingTable.Cell] {
        { d, g in
            [.text(d.organizations.ids[g.organization]), .text(d.organizations.names[g.organization]), .text(g.name)]
                + (labelled ? [.text(KnownVocabulary.categoryLabel(g.name) ?? g.name)] : [])
        }
    }

    private func orphanTable() -> FindingTable {
        var t = Self.table(.orphan, "orphans.csv", "Orphans new and resolved", ["entity", "id", "name", "reason", "via"])
        func cells(_ x: Analysis, _ o: Orphan) -> [FindingTable.Cell] {
            let d = x.dataset
            let name: String? = switch o.kind {
            case .organization: d.organizations.names[o.row]
            case .person: d.persons.names[o.row]
            case .position, .link: nil
            }
            return [.text(o.kind.rawValue), .text(x.id(of: o)), .text(name), .text(o.reason.rawValue), .text(o.via.map { d.organizations.ids[$0] })]
        }
        for o in orphans.added { t.add([.text("new")] + cells(after, o)) }
        for o in orphans.removed { t.add([.text("resolved")] + cells(before, o)) }
        return t
    }

    private func targetTable() -> FindingTable {
        var t = Self.table(.target, "targets.csv", "Targets whose status changed",
                           ["target", "unit", "unit_name", "status_before", "status_after", "covered_before", "covered_after", "total"])
        for change in targets {
            let x = change.after.map { after.targets[$0] }, y = change.before.map { before.targets[$0] }
            // A change has a side at least: the result of `after` when there is one, else of `before`.
            guard let (d, result) = x.map({ (after.dataset, $0) }) ?? y.map({ (before.dataset, $0) }) else { continue }
            t.add([.text("changed"), .text(d.rules.targets[result.target].name), .text(d.regions.ids[result.unit]),
                   .text(d.regions.names[result.unit]), .text(y?.status.rawValue), .text(x?.status.rawValue),
                   y.map { .int($0.covered) } ?? .text(nil), x.map { .int($0.covered) } ?? .text(nil), .int(result.total)])
        }
        return t
    }

    private func strengthTable() -> FindingTable {
        let a = after.dataset
        var t = Self.table(.strength, "strength.csv", "Strength and vertical linkage moved",
                           ["id", "name", "type", "strength_before", "strength_after", "strength_delta", "vertical_before", "vertical_after", "vertical_delta"])
        for m in moves {
            let direction = m.strengthDelta != 0 ? m.strengthDelta : (m.verticalDelta ?? 0)
            t.add([.text(direction < 0 ? "weaker" : "stronger"), .text(a.organizations.ids[m.after]), .text(a.organizations.names[m.after]),
                   .text(a.organizations.types[m.after].name), .double(m.strengthBefore), .double(m.strengthAfter), .double(m.strengthDelta),
                   .double(m.verticalBefore), .double(m.verticalAfter), .double(m.verticalDelta)])
        }
        return t
    }
}

extension Array where Element == SoleKeyPerson {
    /// The ranking of `kexie whatif --rank-persons` as a table: rank, person, the number of
    /// gaps and sectors the departure opens, and which.
    public func table(_ analysis: Analysis) -> FindingTable {
        let d = analysis.dataset
        var t = FindingTable(analysis: "whatif", kind: .soleKeyPerson, file: "sole_key_persons.csv",
                             title: "Persons whose departure opens the most gaps",
                             columns: ["rank", "person", "name", "category", "gaps", "sectors", "opens", "loses"])
        for (i, s) in enumerated() {
            t.add([.int(i + 1), .text(d.persons.ids[s.person]), .text(d.persons.names[s.person]), .text(d.persons.category(s.person)),
                   .int(s.gaps.count), .int(s.sectors.count),
                   .list(s.gaps.map { "\(d.organizations.ids[$0.organization]) \($0.name)" }),
                   .list(s.sectors.map { "\(d.organizations.ids[$0.organization]) \($0.name)" })])
        }
        return t
    }
}
