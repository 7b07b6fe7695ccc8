import KexieAnalysis
import KexieModel

extension Analysis {
    /// The analysis document, schema 1 of the analyses contract: every list sorted as the
    /// contract says, ids as strings, numbers unrounded. The same input gives the same bytes.
    public func jsonDocument() -> JSONValue {
        let d = dataset
        let regions = d.regions, orgs = d.organizations
        func rate(_ r: Coverage.Rate) -> JSONValue {
            .object([("total", .int(r.total)), ("covered", .int(r.covered)), ("rate", r.rate.map(JSONValue.double) ?? .null)])
        }
        let summary: JSONValue = .object([
            ("regions", .int(regions.count)),
            ("organizations", .int(orgs.count)),
            ("active_organizations", .int(activity.organizations.lazy.filter { $0 }.count)),
            ("persons", .int(d.persons.count)),
            ("positions", .int(d.positions.count)),
            ("active_positions", .int(activity.positions.lazy.filter { $0 }.count)),
            ("links", .int(d.links.count)),
        ])
        let coverageDoc: JSONValue = .object([
            ("levels", .object(coverage.levels.map { ($0.level.name, rate($0)) })),
            ("districts", .array(coverage.districts.map { district in
                .object([("id", .string(regions.ids[district.region])), ("name", .string(regions.names[district.region]))]
                        + district.rates.map { ($0.level.name, rate($0)) })
            })),
            ("blank_spots", .array(coverage.blankSpots.map { b in
                .object([
                    ("id", .string(regions.ids[b.region])),
                    ("name", .string(regions.names[b.region])),
                    ("level", .string(regions.levels[b.region].name)),
                    ("kind", .string(regions.kind(b.region))),
                    ("district", b.district.map { .string(regions.ids[$0]) } ?? .null),
                    ("frontier", .bool(b.frontier)),
                ])
            })),
            ("key_person_gaps", .array(gaps.keyPersons.map { g in
                .object([("organization", .string(orgs.ids[g.organization])), ("missing", .array(g.missing.map(JSONValue.string)))])
            })),
            ("rural_tech_gaps", .array(gaps.ruralTech.map { .string(regions.ids[$0]) })),
            ("society_gaps", .array(gaps.societies.map { g in
                .object([("district", .string(regions.ids[g.district])), ("missing", .array(g.missing.map(JSONValue.string)))])
            })),
            ("institution_gaps", .array(gaps.institutions.map { g in
                .object([("institution", .string(d.institutions.ids[g.institution])), ("expected", .string(g.expected.name))])
            })),
            ("targets", .array(targets.map { t in
                let target = d.rules.targets[t.target]
                return .object([
                    ("name", .string(target.name)),
                    ("unit", .string(regions.ids[t.unit])),
                    ("due", .string(target.due.description)),
                    ("evaluated_at", .string(t.evaluatedAt.description)),
                    ("covered", .int(t.covered)),
                    ("total", .int(t.total)),
                    ("rate", t.rate.map(JSONValue.double) ?? .null),
                    ("status", .string(t.status.rawValue)),
                ])
            })),
        ])
        let orphansDoc: JSONValue = .array(orphans.map { o in
            var entry: [(String, JSONValue)] = [("kind", .string(o.kind.rawValue)), ("id", .string(id(of: o))), ("reason", .string(o.reason.rawValue))]
            if let via = o.via { entry.append(("via", .string(orgs.ids[via]))) }
            return .object(entry)
        })
        let l = linkage
        let linkageDoc: JSONValue = .object([
            ("organizations", .array(l.organizations.map { o in
                .object([
                    ("id", .string(orgs.ids[o.organization])),
                    ("strength", .double(o.strength)),
                    ("sectors", .object(o.sectors.map { (d.sectorNames[$0.sector], .double($0.sum)) })),
                    ("vertical", o.vertical.map(JSONValue.double) ?? .null),
                ])
            })),
            ("pairs", .array(l.pairs.map { p in
                .object([("a", .string(orgs.ids[p.a])), ("b", .string(orgs.ids[p.b])), ("strength", .double(p.strength))])
            })),
            ("weak_attachments", .array(l.weakAttachments.map { .string(orgs.ids[$0]) })),
            ("single_points", .array(l.singlePoints.map { s in
                .object([("organization", .string(orgs.ids[s.organization])), ("sector", .string(d.sectorNames[s.sector])),
                         ("person", .string(d.persons.ids[s.person]))])
            })),
            ("overloaded", .array(l.overloaded.map { .object([("person", .string(d.persons.ids[$0.person])), ("posts", .int($0.posts))]) })),
            ("expiring", .array(l.expiring.map { e in
                let p = d.positions
                return .object([
                    ("person", .string(d.persons.ids[p.persons.target(e.position)!])),
                    ("organization", .string(orgs.ids[p.organizations.target(e.position)!])),
                    ("role", .string(p.roles[e.position].name)),
                    ("end", .string(e.end.description)),
                ])
            })),
            ("islands", .array(l.islands.map { .array($0.map { .string(orgs.ids[$0]) }) })),
        ])
        return .object([
            ("schema", .int(1)),
            ("dataset", .string(d.name)),
            ("as_of", .string(asOf.description)),
            ("summary", summary),
            ("coverage", coverageDoc),
            ("orphans", orphansDoc),
            ("linkage", linkageDoc),
        ])
    }

    /// The id an orphan finding reports: the organization or person id, or the 1-based row
    /// number of a position or link.
    public func id(of orphan: Orphan) -> String {
        switch orphan.kind {
        case .organization: dataset.organizations.ids[orphan.row]
        case .person: dataset.persons.ids[orphan.row]
        case .position, .link: String(orphan.row + 1)
        }
    }
}
