import KexieAnalysis
import KexieModel

extension Analysis {
    /// What a person reads first: coverage per district, frontier blank spots, key-person gaps,
    /// targets, orphans by reason, the weakest associations, single points of failure,
    /// overloaded persons and terms ending soon. Long lists are cut at `limit` rows.
    public func textReport(limit: Int = 15) -> String {
        let d = dataset, orgs = d.organizations
        var out = "\(TerminalText.neutralized(d.name)) — as of \(asOf)\n"
        let active = activity.organizations.lazy.filter { $0 }.count
        out += "\(NumberFormat.grouped(d.regions.count)) regions, \(NumberFormat.grouped(active)) active organizations of \(NumberFormat.grouped(orgs.count)), \(NumberFormat.grouped(d.persons.count)) persons, \(NumberFormat.grouped(activity.positions.lazy.filter { $0 }.count)) active positions\n\n"

        // Coverage per district, one column pair per coverage level.
        let levels = d.rules.coverage.levels
        var perDistrict = TextTable([("district", .left)] + levels.flatMap { [("\($0.name)", TextTable.Alignment.right), ("rate", .right)] })
        for row in coverage.districts {
            perDistrict.add([d.regions.names[row.region]] + row.rates.flatMap { ["\($0.covered)/\($0.total)", NumberFormat.percent($0.rate)] })
        }
        perDistrict.add(["all"] + coverage.levels.flatMap { ["\($0.covered)/\($0.total)", NumberFormat.percent($0.rate)] })
        out += "Coverage by district\n" + perDistrict.render().split(separator: "\n").map { "  " + $0 }.joined(separator: "\n") + "\n\n"

        let coverageTables = coverageTables(FindingFilter(frontierOnly: true))
        var frontier = coverageTables.blankSpots
        frontier.title = "Frontier blank spots (the association above exists)"
        // Missed first, then pending, then met: what needs action leads.
        func rank(_ status: TargetResult.Status) -> Int {
            switch status {
            case .missed: 0
            case .pending: 1
            case .met: 2
            }
        }
        let byStatus = targets.enumerated().sorted { a, b in
            rank(a.element.status) != rank(b.element.status) ? rank(a.element.status) < rank(b.element.status) : a.offset < b.offset
        }.map(\.element)
        for table in [frontier, coverageTables.keyPersonGaps, coverageTables.ruralTechGaps, coverageTables.societyGaps,
                      coverageTables.institutionGaps, targetTable(byStatus, FindingFilter())] {
            out += table.text(limit: limit) + "\n"
        }

        // Orphans: a count per reason and the first few ids.
        out += "Orphans (\(NumberFormat.grouped(orphans.count)))\n"
        if orphans.isEmpty { out += "  none\n" }
        var byReason = TextTable([("reason", .left), ("count", .right), ("first", .left)])
        for reason in Orphan.Reason.allCases {
            let found = orphans.filter { $0.reason == reason }
            guard !found.isEmpty else { continue }
            let first = found.prefix(5).map { o -> String in
                let name: String? = o.kind == .organization ? orgs.names[o.row] : (o.kind == .person ? d.persons.names[o.row] : nil)
                return name.map { "\(id(of: o)) \($0)" } ?? "row \(id(of: o))"
            }
            byReason.add([reason.rawValue, NumberFormat.grouped(found.count), first.joined(separator: ", ") + (found.count > 5 ? ", …" : "")])
        }
        if !orphans.isEmpty { out += byReason.render().split(separator: "\n").map { "  " + $0 }.joined(separator: "\n") + "\n" }
        out += "\n"

        // The weakest associations: least total tie strength first.
        var weakest = TextTable([("association", .left), ("name", .left), ("strength", .right), ("vertical", .right)])
        let associations = linkage.weakestAssociations()
        for o in associations.prefix(limit) {
            weakest.add([orgs.ids[o.organization], orgs.names[o.organization], NumberFormat.short(o.strength), o.vertical.map(NumberFormat.short) ?? "—"])
        }
        out += "Weakest-linked associations (\(NumberFormat.grouped(associations.count)) active)\n"
        out += associations.isEmpty ? "  none\n" : weakest.render().split(separator: "\n").map { "  " + $0 }.joined(separator: "\n") + "\n"
        if associations.count > limit { out += "  … and \(NumberFormat.grouped(associations.count - limit)) more\n" }
        out += "\n"

        let linkageTables = linkageTables()
        for table in [linkageTables.weakAttachments, linkageTables.singlePoints, linkageTables.overloaded, linkageTables.expiring,
                      linkageTables.islands] {
            out += table.text(limit: limit) + "\n"
        }
        out += "Full lists: kexie gaps | orphans | linkage DATASET, or --format csv --out DIR.\n"
        return out
    }
}
