import KexieAnalysis
import KexieModel

/// Which findings to keep, for the daily views (`kexie gaps --district 120116000000 …`).
public struct FindingFilter: Sendable {
    /// Keep findings in this district region's subtree (by the region of the organization,
    /// person or region concerned).
    public var district: Int?
    /// Keep blank spots, key-person gaps and coverage rates of this level.
    public var level: Level?
    /// Keep only frontier blank spots.
    public var frontierOnly: Bool

    /// A filter; the defaults keep everything.
    public init(district: Int? = nil, level: Level? = nil, frontierOnly: Bool = false) {
        self.district = district
        self.level = level
        self.frontierOnly = frontierOnly
    }
}

extension Analysis {
    /// The coverage family as tables: rates, districts, blank spots, gaps and targets.
    public func coverageTables(_ filter: FindingFilter = FindingFilter()) -> [FindingTable] {
        let d = dataset, regions = d.regions, orgs = d.organizations
        let f = _Scope(self, filter)
        let levels = d.rules.coverage.levels.filter { filter.level == nil || $0 == filter.level }

        var rates = FindingTable(analysis: "coverage", kind: "level_rate", file: "coverage_levels.csv",
                                 title: "Coverage by level", columns: ["level", "covered", "total", "rate"])
        let rateRows: [Coverage.Rate]
        if let district = filter.district {
            rateRows = coverage.districts.first { $0.region == district }?.rates ?? []
        } else {
            rateRows = coverage.levels
        }
        for r in rateRows where levels.contains(r.level) { rates.add([.text(r.level.name), .int(r.covered), .int(r.total), .rate(r.rate)]) }

        var districts = FindingTable(analysis: "coverage", kind: "district_rate", file: "coverage_districts.csv",
                                     title: "Coverage by district", columns: ["district", "name"] + levels.flatMap { ["\($0.name)_covered", "\($0.name)_total", "\($0.name)_rate"] })
        for row in coverage.districts where filter.district == nil || filter.district == row.region {
            var cells: [FindingTable.Cell] = [.text(regions.ids[row.region]), .text(regions.names[row.region])]
            for r in row.rates where levels.contains(r.level) { cells += [.int(r.covered), .int(r.total), .rate(r.rate)] }
            districts.add(cells)
        }

        var blank = FindingTable(analysis: "coverage", kind: "blank_spot", file: "blank_spots.csv", title: "Blank spots",
                                 columns: ["id", "name", "level", "region_kind", "district", "district_name", "frontier"])
        for b in coverage.blankSpots where f.region(b.region) && (filter.level == nil || regions.levels[b.region] == filter.level)
            && (!filter.frontierOnly || b.frontier) {
            blank.add([.text(regions.ids[b.region]), .text(regions.names[b.region]), .text(regions.levels[b.region].name),
                       .text(regions.kind(b.region)), .text(b.district.map { regions.ids[$0] }),
                       .text(b.district.map { regions.names[$0] }), .bool(b.frontier)])
        }

        var keyPersons = FindingTable(analysis: "coverage", kind: "key_person_gap", file: "key_person_gaps.csv", title: "Key-person gaps",
                                      columns: ["organization", "name", "region", "level", "missing", "missing_labels"])
        for g in gaps.keyPersons {
            let r = orgs.regions.target(g.organization)!
            guard f.region(r), filter.level == nil || regions.levels[r] == filter.level else { continue }
            keyPersons.add([.text(orgs.ids[g.organization]), .text(orgs.names[g.organization]), .text(regions.ids[r]),
                            .text(regions.levels[r].name), .list(g.missing), .list(g.missing.map { KnownVocabulary.categoryLabel($0) ?? $0 })])
        }

        var ruralTech = FindingTable(analysis: "coverage", kind: "rural_tech_gap", file: "rural_tech_gaps.csv",
                                     title: "Towns without a rural technical association", columns: ["region", "name", "district", "district_name"])
        for r in gaps.ruralTech where f.region(r) {
            let district = tree.district(of: r)
            ruralTech.add([.text(regions.ids[r]), .text(regions.names[r]), .text(district.map { regions.ids[$0] }), .text(district.map { regions.names[$0] })])
        }

        var societies = FindingTable(analysis: "coverage", kind: "society_gap", file: "society_gaps.csv",
                                     title: "Districts missing societies", columns: ["district", "name", "missing"])
        for g in gaps.societies where f.region(g.district) {
            societies.add([.text(regions.ids[g.district]), .text(regions.names[g.district]), .list(g.missing)])
        }

        var institutions = FindingTable(analysis: "coverage", kind: "institution_gap", file: "institution_gaps.csv",
                                        title: "Institutions without their association", columns: ["institution", "name", "kind", "expected"])
        for g in gaps.institutions {
            if filter.district != nil {
                guard let r = d.institutions.regions.target(g.institution), f.region(r) else { continue }
            }
            institutions.add([.text(d.institutions.ids[g.institution]), .text(d.institutions.names[g.institution]),
                              .text(d.institutions.kinds[g.institution].name), .text(g.expected.name)])
        }

        var targetTable = FindingTable(analysis: "coverage", kind: "target", file: "targets.csv", title: "Targets",
                                       columns: ["target", "unit", "unit_name", "due", "evaluated_at", "covered", "total", "rate", "status"])
        for t in targets {
            if let district = filter.district, !(tree.contains(district, t.unit) || tree.contains(t.unit, district)) { continue }
            let target = d.rules.targets[t.target]
            targetTable.add([.text(target.name), .text(regions.ids[t.unit]), .text(regions.names[t.unit]), .text(target.due.description),
                             .text(t.evaluatedAt.description), .int(t.covered), .int(t.total), .rate(t.rate), .text(t.status.rawValue)])
        }
        return [rates, districts, blank, keyPersons, ruralTech, societies, institutions, targetTable]
    }

    /// The orphans family as one table.
    public func orphanTables(_ filter: FindingFilter = FindingFilter()) -> [FindingTable] {
        let d = dataset, orgs = d.organizations
        let f = _Scope(self, filter)
        var table = FindingTable(analysis: "orphans", kind: "orphan", file: "orphans.csv", title: "Orphans",
                                 columns: ["entity", "id", "name", "reason", "via", "via_name"])
        for o in orphans where f.orphan(o) {
            let name: String? = switch o.kind {
            case .organization: orgs.names[o.row]
            case .person: d.persons.names[o.row]
            case .position, .link: nil
            }
            table.add([.text(o.kind.rawValue), .text(id(of: o)), .text(name), .text(o.reason.rawValue),
                       .text(o.via.map { orgs.ids[$0] }), .text(o.via.map { orgs.names[$0] })])
        }
        return [table]
    }

    /// The linkage family as tables.
    public func linkageTables(_ filter: FindingFilter = FindingFilter()) -> [FindingTable] {
        let d = dataset, orgs = d.organizations, persons = d.persons, positions = d.positions
        let f = _Scope(self, filter)
        var organizations = FindingTable(analysis: "linkage", kind: "organization", file: "linkage_organizations.csv",
                                         title: "Linkage of organizations", columns: ["id", "name", "type", "strength", "vertical", "sectors"])
        for o in linkage.organizations where f.organization(o.organization) {
            organizations.add([.text(orgs.ids[o.organization]), .text(orgs.names[o.organization]), .text(orgs.types[o.organization].name),
                               .double(o.strength), .double(o.vertical), .measures(o.sectors.map { (d.sectorNames[$0.sector], $0.sum) })])
        }
        var pairs = FindingTable(analysis: "linkage", kind: "pair", file: "pairs.csv", title: "Ties between organizations",
                                 columns: ["a", "a_name", "b", "b_name", "strength"])
        for p in linkage.pairs where f.organization(p.a) || f.organization(p.b) {
            pairs.add([.text(orgs.ids[p.a]), .text(orgs.names[p.a]), .text(orgs.ids[p.b]), .text(orgs.names[p.b]), .double(p.strength)])
        }
        var weak = FindingTable(analysis: "linkage", kind: "weak_attachment", file: "weak_attachments.csv",
                                title: "Attached on paper only (no shared person, no link to the parent)", columns: ["id", "name", "parent", "parent_name"])
        for o in linkage.weakAttachments where f.organization(o) {
            let p = orgs.parents.target(o)!
            weak.add([.text(orgs.ids[o]), .text(orgs.names[o]), .text(orgs.ids[p]), .text(orgs.names[p])])
        }
        var single = FindingTable(analysis: "linkage", kind: "single_point", file: "single_points.csv",
                                  title: "Single points of failure", columns: ["organization", "name", "sector", "person", "person_name"])
        for s in linkage.singlePoints where f.organization(s.organization) {
            single.add([.text(orgs.ids[s.organization]), .text(orgs.names[s.organization]), .text(d.sectorNames[s.sector]),
                        .text(persons.ids[s.person]), .text(persons.names[s.person])])
        }
        var overloaded = FindingTable(analysis: "linkage", kind: "overloaded", file: "overloaded.csv",
                                      title: "Overloaded persons", columns: ["person", "name", "posts"])
        for o in linkage.overloaded where f.person(o.person) {
            overloaded.add([.text(persons.ids[o.person]), .text(persons.names[o.person]), .int(o.posts)])
        }
        var expiring = FindingTable(analysis: "linkage", kind: "expiring", file: "expiring.csv", title: "Terms ending soon",
                                    columns: ["person", "person_name", "organization", "organization_name", "role", "end"])
        for e in linkage.expiring {
            let p = positions.persons.target(e.position)!, o = positions.organizations.target(e.position)!
            guard f.organization(o) else { continue }
            expiring.add([.text(persons.ids[p]), .text(persons.names[p]), .text(orgs.ids[o]), .text(orgs.names[o]),
                          .text(positions.roles[e.position].name), .text(e.end.description)])
        }
        var islands = FindingTable(analysis: "linkage", kind: "island", file: "islands.csv",
                                   title: "Islands (cut off from every root)", columns: ["island", "size", "members", "names"])
        for (i, members) in linkage.islands.enumerated() where members.contains(where: f.organization) {
            islands.add([.int(i + 1), .int(members.count), .list(members.map { orgs.ids[$0] }), .list(members.map { orgs.names[$0] })])
        }
        return [organizations, pairs, weak, single, overloaded, expiring, islands]
    }

    /// Every family, in the order of the contract.
    public func allTables(_ filter: FindingFilter = FindingFilter()) -> [FindingTable] {
        coverageTables(filter) + orphanTables(filter) + linkageTables(filter)
    }
}

/// The district filter applied to regions, organizations, persons and orphan findings.
struct _Scope {
    let analysis: Analysis
    let district: Int?

    init(_ analysis: Analysis, _ filter: FindingFilter) {
        self.analysis = analysis
        self.district = filter.district
    }

    func region(_ r: Int) -> Bool {
        guard let district else { return true }
        return analysis.tree.contains(district, r)
    }

    func organization(_ o: Int) -> Bool {
        guard district != nil else { return true }
        guard let r = analysis.dataset.organizations.regions.target(o) else { return false }
        return region(r)
    }

    /// A person is in the district when their region is, or any organization they hold a post in is.
    func person(_ p: Int) -> Bool {
        guard district != nil else { return true }
        let d = analysis.dataset
        if let r = d.persons.regions.target(p), region(r) { return true }
        return d.positionsByPerson[p].contains { pos in
            d.positions.organizations.target(Int(pos)).map(organization) ?? false
        }
    }

    func orphan(_ o: Orphan) -> Bool {
        guard district != nil else { return true }
        let d = analysis.dataset
        switch o.kind {
        case .organization: return organization(o.row)
        case .person: return person(o.row)
        case .position:
            if let org = d.positions.organizations.target(o.row) { return organization(org) }
            return d.positions.persons.target(o.row).map(person) ?? false
        case .link:
            return [d.links.from.target(o.row), d.links.to.target(o.row)].contains { $0.map(organization) ?? false }
        }
    }
}
