import KexieModel

/// A person whose departure alone would open key-person gaps or lose sectors.
///
/// Only a person who is the *sole holder* of a required category somewhere can open a gap: for
/// an active association o with a key-person rule and a required category c, the holders of c
/// in o are the persons of category c with an active counting-role position in o (as for
/// key-person gaps); when there is exactly one, removing that person opens the gap (o, c), and
/// removing anyone else opens nothing in o. Likewise a sector of an organization is lost exactly
/// when its one contributor leaves — the single points of failure of the linkage analysis.
/// So the gaps and sectors of every person are found in one pass over the positions, without
/// an analysis per person, and equal what `WhatIf` removing that person reports as key-person
/// gaps opened and sectors lost.
public struct SoleKeyPerson: Sendable, Equatable {
    /// The person's row.
    public var person: Int
    /// The (association, category) gaps the departure opens, by association id, then the
    /// rule's order.
    public var gaps: [AnalysisDiff.Item]
    /// The (organization, sector) pairs the departure loses, by organization id, then sector.
    public var sectors: [AnalysisDiff.Item]
}

extension Analysis {
    /// Every person whose departure would open at least one key-person gap or lose a sector:
    /// most gaps first, then most sectors, then by person id.
    ///
    /// - Complexity: O(organizations + positions + single points), plus sorting the persons.
    public func soleKeyPersons() -> [SoleKeyPerson] {
        let d = dataset, orgs = d.organizations, regions = d.regions, positions = d.positions
        var gaps: [Int: [AnalysisDiff.Item]] = [:]
        var holders: [Int32: [Int]] = [:]  // category → distinct persons, per association
        for o in orgs.ids.sortedByUTF8((0..<orgs.count).filter { activity.organizations[$0] && orgs.types[$0] == .association }) {
            guard let r = orgs.regions.target(o), let rule = d.rules.keyPersonRule(level: regions.levels[r], kind: regions.kind(r)) else { continue }
            let counting = d.rules.countingRoles(at: regions.levels[r])
            holders.removeAll(keepingCapacity: true)
            for pos in d.positionsByOrganization[o] where activity.positions[Int(pos)] {
                guard counting.contains(positions.roles[Int(pos)]), let p = positions.persons.target(Int(pos)) else { continue }
                let c = d.persons.categories[p]
                if !(holders[c]?.contains(p) ?? false) { holders[c, default: []].append(p) }
            }
            for category in rule.categories {
                guard let c = d.persons.categoryNames.index(of: category), let held = holders[Int32(c)], held.count == 1 else { continue }
                gaps[held[0], default: []].append(AnalysisDiff.Item(organization: o, name: category))
            }
        }
        var sectors: [Int: [AnalysisDiff.Item]] = [:]
        for s in linkage.singlePoints {  // by (organization id, sector name)
            sectors[s.person, default: []].append(AnalysisDiff.Item(organization: s.organization, name: d.sectorNames[s.sector]))
        }
        let ranked = Set(gaps.keys).union(sectors.keys).map { p in
            SoleKeyPerson(person: p, gaps: gaps[p] ?? [], sectors: sectors[p] ?? [])
        }
        return ranked.sorted { x, y in
            if x.gaps.count != y.gaps.count { return x.gaps.count > y.gaps.count }
            if x.sectors.count != y.sectors.count { return x.sectors.count > y.sectors.count }
            return d.persons.ids.utf8Less(x.person, y.person)
        }
    }
}
