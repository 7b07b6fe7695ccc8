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

/// The tables of the coverage family, each by name.
public struct CoverageTables: Sendable {
    /// Coverage of each level (of the district, when the filter names one).
    public var levelRates: FindingTable
    /// Coverage of each district, one covered/total/rate triple per level.
    public var districtRates: FindingTable
    /// Blank spots.
    public var blankSpots: FindingTable
    /// Associations missing key-person categories.
    public var keyPersonGaps: FindingTable
    /// Towns without a rural technical association.
    public var ruralTechGaps: FindingTable
    /// Districts missing societies.
    public var societyGaps: FindingTable
    /// Institutions without their association.
    public var institutionGaps: FindingTable
    /// Every target check.
    public var targets: FindingTable

    /// Every table, in the order of the contract.
    public var all: [FindingTable] {
        [levelRates, districtRates, blankSpots, keyPersonGaps, ruralTechGaps, societyGaps, institutionGaps, targets]
    }
}

/// The tables of the linkage family, each by name.
public struct LinkageTables: Sendable {
    /// Every active organization's strength, vertical linkage and sectors, by id.
    public var organizations: FindingTable
    /// Ties between organizations.
    public var pairs: FindingTable
    /// Organizations attached on paper only.
    public var weakAttachments: FindingTable
    /// Single points of failure.
    public var singlePoints: FindingTable
    /// Overloaded persons.
    public var overloaded: FindingTable
    /// Terms ending soon.
    public var expiring: FindingTable
    /// Islands.
    public var islands: FindingTable

    /// Every table, in the order of the contract.
    public var all: [FindingTable] { [organizations, pairs, weakAttachments, singlePoints, overloaded, expiring, islands] }
}

extension FindingFamily {
    /// The table whose rows are this family's findings: every row of it, except for frontier
    /// blank spots (the rows with `frontier` true) and missed targets (`status` missed).
    public var tableKind: FindingTable.Kind {
        switch self {
        case .blankSpots, .frontierBlankSpots: .blankSpot
        case .keyPersonGaps: .keyPersonGap
        case .ruralTechGaps: .ruralTechGap
        case .societyGaps: .societyGap
        case .institutionGaps: .institutionGap
        case .missedTargets: .target
        case .orphans: .orphan
        case .weakAttachments: .weakAttachment
        case .singlePoints: .singlePoint
        case .overloaded: .overloaded
        case .expiring: .expiring
        case .islands: .island
        }
    }
}

extension Analysis {
    /// The coverage family as tables: rates, districts, blank spots, gaps and targets.
    public func coverageTables(_ filter: FindingFilter = FindingFilter()) -> CoverageTables {
        let levels = dataset.rules.coverage.levels.filter { filter.level == nil || $0 == filter.level }
        return CoverageTables(levelRates: levelRateTable(filter, levels: levels), districtRates: districtRateTable(filter, levels: levels),
                              blankSpots: blankSpotTable(filter), keyPersonGaps: keyPersonGapTable(filter),
                              ruralTechGaps: ruralTechGapTable(filter), societyGaps: societyGapTable(filter),
                              institutionGaps: institutionGapTable(filter), targets: targetTable(targets, filter))
    }

    private func levelRateTable(_ filter: FindingFilter, levels: [Level]) -> FindingTable {
        var rates = FindingTable(analysis: "coverage", kind: .levelRate, file: "coverage_levels.csv",
                                 title: "Coverage by level", columns: ["level", "covered", "total", "rate"])
        let rateRows: [Coverage.Rate]
        if let district = filter.district {
            rateRows = coverage.districts.first { $0.region == district }?.rates ?? []
        } else {
            rateRows = coverage.levels
        }
        for r in rateRows where levels.contains(r.level) { rates.add([.text(r.level.name), .int(r.covered), .int(r.total), .rate(r.rate)]) }
        return rates
    }

    private func districtRateTable(_ filter: FindingFilter, levels: [Level]) -> FindingTable {
        let regions = dataset.regions
        var districts = FindingTable(analysis: "coverage", kind: .districtRate, file: "coverage_districts.csv",
                                     title: "Coverage by district", columns: ["district", "name"] + levels.flatMap { ["\($0.name)_covered", "\($0.name)_total", "\($0.name)_rate"] })
        for row in coverage.districts where filter.district == nil || filter.district == row.region {
            var cells: [FindingTable.Cell] = [.text(regions.ids[row.region]), .text(regions.names[row.region])]
            for r in row.rates where levels.contains(r.level) { cells += [.int(r.covered), .int(r.total), .rate(r.rate)] }
            districts.add(cells)
        }
        return districts
    }

    private func blankSpotTable(_ filter: FindingFilter) -> FindingTable {
        let regions = dataset.regions, f = _Scope(self, filter)
        var blank = FindingTable(analysis: "coverage", kind: .blankSpot, file: "blank_spots.csv", title: "Blank spots",
                                 columns: ["id", "name", "level", "region_kind", "district", "district_name", "frontier"])
        for b in coverage.blankSpots where f.region(b.region) && (filter.level == nil || regions.levels[b.region] == filter.level)
            && (!filter.frontierOnly || b.frontier) {
            blank.add([.text(regions.ids[b.region]), .text(regions.names[b.region]), .text(regions.levels[b.region].name),
                       .text(regions.kind(b.region)), .text(b.district.map { regions.ids[$0] }),
                       .text(b.district.map { regions.names[$0] }), .bool(b.frontier)])
        }
        return blank
    }

    private func keyPersonGapTable(_ filter: FindingFilter) -> FindingTable {
        let regions = dataset.regions, orgs = dataset.organizations, f = _Scope(self, filter)
        var keyPersons = FindingTable(analysis: "coverage", kind: .keyPersonGap, file: "key_person_gaps.csv", title: "Key-person gaps",
                                      columns: ["organization", "name", "region", "level", "missing", "missing_labels"])
        for g in gaps.keyPersons {
            // Key-person gaps are found only for associations whose region is known.
            guard let r = orgs.regions.target(g.organization), f.region(r), filter.level == nil || regions.levels[r] == filter.level else { continue }
            keyPersons.add([.text(orgs.ids[g.organization]), .text(orgs.names[g.organization]), .text(regions.ids[r]),
                            .text(regions.levels[r].name), .list(g.missing), .list(g.missing.map { KnownVocabulary.categoryLabel($0) ?? $0 })])
        }
        return keyPersons
    }

    private func ruralTechGapTable(_ filter: FindingFilter) -> FindingTable {
        let regions = dataset.regions, f = _Scope(self, filter)
        var ruralTech = FindingTable(analysis: "coverage", kind: .ruralTechGap, file: "rural_tech_gaps.csv",
                                     title: "Towns without a rural technical association", columns: ["region", "name", "district", "district_name"])
        for r in gaps.ruralTech where f.region(r) {
            let district = tree.district(of: r)
            ruralTech.add([.text(regions.ids[r]), .text(regions.names[r]), .text(district.map { regions.ids[$0] }), .text(district.map { regions.names[$0] })])
        }
        return ruralTech
    }

    private func societyGapTable(_ filter: FindingFilter) -> FindingTable {
        let regions = dataset.regions, f = _Scope(self, filter)
        var societies = FindingTable(analysis: "coverage", kind: .societyGap, file: "society_gaps.csv",
                                     title: "Districts missing societies", columns: ["district", "name", "missing"])
        for g in gaps.societies where f.region(g.district) {
            societies.add([.text(regions.ids[g.district]), .text(regions.names[g.district]), .list(g.missing)])
        }
        return societies
    }

    private func institutionGapTable(_ filter: FindingFilter) -> FindingTable {
        let institutions = dataset.institutions, f = _Scope(self, filter)
        var table = FindingTable(analysis: "coverage", kind: .institutionGap, file: "institution_gaps.csv",
                                 title: "Institutions without their association", columns: ["institution", "name", "institution_kind", "expected"])
        for g in gaps.institutions {
            if filter.district != nil {
                guard let r = institutions.regions.target(g.institution), f.region(r) else { continue }
            }
            table.add([.text(institutions.ids[g.institution]), .text(institutions.names[g.institution]),
                       .text(institutions.kinds[g.institution].name), .text(g.expected.name)])
        }
        return table
    }

    /// The target checks `results` (of this analysis), in their order, as a table.
    func targetTable(_ results: [TargetResult], _ filter: FindingFilter) -> FindingTable {
        let d = dataset, regions = d.regions
        var table = FindingTable(analysis: "coverage", kind: .target, file: "targets.csv", title: "Targets",
                                 columns: ["target", "unit", "unit_name", "due", "evaluated_at", "covered", "total", "rate", "status"])
        for t in results {
            if let district = filter.district, !(tree.contains(district, t.unit) || tree.contains(t.unit, district)) { continue }
            let target = d.rules.targets[t.target]
            table.add([.text(target.name), .text(regions.ids[t.unit]), .text(regions.names[t.unit]), .date(target.due),
                       .date(t.evaluatedAt), .int(t.covered), .int(t.total), .rate(t.rate), .text(t.status.rawValue)])
        }
        return table
    }

    /// The orphans family as one table, of the findings `included` accepts.
    public func orphanTable(_ filter: FindingFilter = FindingFilter(), where included: (Orphan) -> Bool = { _ in true }) -> FindingTable {
        let d = dataset, orgs = d.organizations
        let f = _Scope(self, filter)
        var table = FindingTable(analysis: "orphans", kind: .orphan, file: "orphans.csv", title: "Orphans",
                                 columns: ["entity", "id", "name", "reason", "via", "via_name"])
        for o in orphans where f.orphan(o) && included(o) {
            let name: String? = switch o.kind {
            case .organization: orgs.names[o.row]
            case .person: d.persons.names[o.row]
            case .position, .link: nil
            }
            table.add([.text(o.kind.rawValue), .text(id(of: o)), .text(name), .text(o.reason.rawValue),
                       .text(o.via.map { orgs.ids[$0] }), .text(o.via.map { orgs.names[$0] })])
        }
        return table
    }

    /// The orphans family as tables (one).
    public func orphanTables(_ filter: FindingFilter = FindingFilter()) -> [FindingTable] { [orphanTable(filter)] }

    /// The linkage family as tables.
    public func linkageTables(_ filter: FindingFilter = FindingFilter()) -> LinkageTables {
        let f = _Scope(self, filter)
        return LinkageTables(organizations: organizationTable(linkage.organizations.filter { f.organization($0.organization) },
                                                              title: "Linkage of organizations"),
                             pairs: pairTable(f), weakAttachments: weakAttachmentTable(f), singlePoints: singlePointTable(f),
                             overloaded: overloadedTable(f), expiring: expiringTable(f), islands: islandTable(f))
    }

    /// The organization table of the linkage family cut to the active associations of the
    /// filter, least strength first (`Linkage.weakestAssociations`), at most `limit`.
    public func weakestAssociationsTable(_ filter: FindingFilter = FindingFilter(), limit: Int? = nil) -> FindingTable {
        let f = _Scope(self, filter)
        return organizationTable(linkage.weakestAssociations(limit: limit, where: f.organization),
                                 title: limit.map { "The \($0) weakest associations" } ?? "Weakest associations")
    }

    private func organizationTable(_ rows: [Linkage.Organization], title: String) -> FindingTable {
        let d = dataset, orgs = d.organizations
        var organizations = FindingTable(analysis: "linkage", kind: .organization, file: "linkage_organizations.csv",
                                         title: title, columns: ["id", "name", "type", "strength", "vertical", "sectors"])
        for o in rows {
            organizations.add([.text(orgs.ids[o.organization]), .text(orgs.names[o.organization]), .text(orgs.types[o.organization].name),
                               .double(o.strength), .double(o.vertical), .measures(o.sectors.map { (d.sectorNames[$0.sector], $0.sum) })])
        }
        return organizations
    }

    private func pairTable(_ f: _Scope) -> FindingTable {
        let orgs = dataset.organizations
        var pairs = FindingTable(analysis: "linkage", kind: .pair, file: "pairs.csv", title: "Ties between organizations",
                                 columns: ["a", "a_name", "b", "b_name", "strength"])
        for p in linkage.pairs where f.organization(p.a) || f.organization(p.b) {
            pairs.add([.text(orgs.ids[p.a]), .text(orgs.names[p.a]), .text(orgs.ids[p.b]), .text(orgs.names[p.b]), .double(p.strength)])
        }
        return pairs
    }

    private func weakAttachmentTable(_ f: _Scope) -> FindingTable {
        let orgs = dataset.organizations
        var weak = FindingTable(analysis: "linkage", kind: .weakAttachment, file: "weak_attachments.csv",
                                title: "Attached on paper only (no shared person, no link to the parent)", columns: ["id", "name", "parent", "parent_name"])
        for o in linkage.weakAttachments where f.organization(o) {
            let p = orgs.parents.target(o)  // known: a weak attachment has a vertical linkage
            weak.add([.text(orgs.ids[o]), .text(orgs.names[o]), .text(p.map { orgs.ids[$0] }), .text(p.map { orgs.names[$0] })])
        }
        return weak
    }

    private func singlePointTable(_ f: _Scope) -> FindingTable {
        let d = dataset, orgs = d.organizations, persons = d.persons
        var single = FindingTable(analysis: "linkage", kind: .singlePoint, file: "single_points.csv",
                                  title: "Single points of failure", columns: ["organization", "name", "sector", "person", "person_name"])
        for s in linkage.singlePoints where f.organization(s.organization) {
            single.add([.text(orgs.ids[s.organization]), .text(orgs.names[s.organization]), .text(d.sectorNames[s.sector]),
                        .text(persons.ids[s.person]), .text(persons.names[s.person])])
        }
        return single
    }

    private func overloadedTable(_ f: _Scope) -> FindingTable {
        let persons = dataset.persons
        var overloaded = FindingTable(analysis: "linkage", kind: .overloaded, file: "overloaded.csv",
                                      title: "Overloaded persons", columns: ["person", "name", "posts"])
        for o in linkage.overloaded where f.person(o.person) {
            overloaded.add([.text(persons.ids[o.person]), .text(persons.names[o.person]), .int(o.posts)])
        }
        return overloaded
    }

    private func expiringTable(_ f: _Scope) -> FindingTable {
        let d = dataset, orgs = d.organizations, persons = d.persons, positions = d.positions
        var expiring = FindingTable(analysis: "linkage", kind: .expiring, file: "expiring.csv", title: "Terms ending soon",
                                    columns: ["person", "person_name", "organization", "organization_name", "role", "end"])
        for e in linkage.expiring {
            // An expiring position is active, so its person and organization are known.
            guard let p = positions.persons.target(e.position), let o = positions.organizations.target(e.position), f.organization(o) else { continue }
            expiring.add([.text(persons.ids[p]), .text(persons.names[p]), .text(orgs.ids[o]), .text(orgs.names[o]),
                          .text(positions.roles[e.position].name), .date(e.end)])
        }
        return expiring
    }

    private func islandTable(_ f: _Scope) -> FindingTable {
        let orgs = dataset.organizations
        var islands = FindingTable(analysis: "linkage", kind: .island, file: "islands.csv",
                                   title: "Islands (cut off from every root)", columns: ["island", "size", "members", "names"])
        for (i, members) in linkage.islands.enumerated() where members.contains(where: f.organization) {
            islands.add([.int(i + 1), .int(members.count), .list(members.map { orgs.ids[$0] }), .list(members.map { orgs.names[$0] })])
        }
        return islands
    }

    /// Every family, in the order of the contract.
    public func allTables(_ filter: FindingFilter = FindingFilter()) -> [FindingTable] {
        coverageTables(filter).all + [orphanTable(filter)] + linkageTables(filter).all
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
