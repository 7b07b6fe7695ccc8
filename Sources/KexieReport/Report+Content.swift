import KexieAnalysis
import KexieModel
import KexieOutput
import KexieRender

/// What a report shows at most per list before saying how many more there are.
public struct ReportOptions: Sendable {
    /// The command line to show in the report (and in the notebook's first cell).
    public var command: String
    /// SHA-256 of the input, shown beside the as-of date.
    public var contentHash: String
    /// Restrict district sections and diagrams to this region's subtree.
    public var scope: Int?
    /// Nodes per structure diagram before its deepest level is collapsed.
    public var maxNodes: Int

    public init(command: String, contentHash: String, scope: Int? = nil, maxNodes: Int = 150) {
        self.command = command
        self.contentHash = contentHash
        self.scope = scope
        self.maxNodes = maxNodes
    }
}

extension Analysis {
    /// The report: summary, coverage by district with a coverage diagram, frontier blank spots
    /// by district, key-person gaps, the other gaps, targets with how far each unit is from
    /// them, orphans by reason, linkage findings, and a structure diagram per district. Every
    /// number comes from this analysis, the same engine as `kexie analyze`.
    ///
    /// `progress` is called before each step that takes time (each diagram).
    public func report(_ options: ReportOptions, progress: (String) -> Void = { _ in }) throws(RenderError) -> ReportDocument {
        let d = dataset, regions = d.regions, orgs = d.organizations
        var doc = ReportDocument(
            title: "科协组织网络分析报告 · \(d.name)",
            subtitle: ["As of \(asOf) · input SHA-256 \(options.contentHash)", d.description ?? ""].filter { !$0.isEmpty },
            command: options.command)
        let filter = FindingFilter(district: options.scope.flatMap { tree.district(of: $0) })
        func table(_ t: FindingTable, columns: [String], limit: Int? = nil) -> ReportDocument.Block {
            let indices = columns.map { t.columns.firstIndex(of: $0)! }
            let numeric = indices.map { i in t.rows.first.map { row -> Bool in
                if case .text = row[i] { return false }
                if case .list = row[i] { return false }
                return true
            } ?? false }
            let rows = (limit.map { Array(t.rows.prefix($0)) } ?? t.rows).map { row in indices.map { row[$0].display } }
            return .table(columns: zip(columns, numeric).map { ($0, $1 ? .right : .left) }, rows: rows)
        }
        func more(_ t: FindingTable, _ limit: Int) {
            if t.rows.count > limit { doc.blocks.append(.paragraph("… and \(t.rows.count - limit) more (see `kexie \(t.analysis == "coverage" ? "gaps" : t.analysis) \(d.name)`).")) }
        }
        let coverageTables = coverageTables(filter)
        func coverageTable(_ kind: String) -> FindingTable { coverageTables.first { $0.kind == kind }! }

        // Summary.
        doc.blocks.append(.heading(level: 2, text: "概况 Summary", anchor: "summary"))
        let activeOrgs = activity.organizations.lazy.filter { $0 }.count
        let activePositions = activity.positions.lazy.filter { $0 }.count
        doc.blocks.append(.paragraph("\(regions.count) regions; \(activeOrgs) of \(orgs.count) organizations active; \(d.persons.count) persons; \(activePositions) of \(d.positions.count) positions active; \(d.links.count) links."))
        doc.blocks.append(.table(columns: [("level", .left), ("covered", .right), ("total", .right), ("rate", .right)],
                                 rows: coverage.levels.map { [$0.level.name, "\($0.covered)", "\($0.total)", NumberFormat.percent($0.rate)] }))
        doc.blocks.append(.list([
            "\(coverage.blankSpots.count) blank spots, \(coverage.blankSpots.filter(\.frontier).count) on the frontier",
            "\(gaps.keyPersons.count) associations missing key persons",
            "\(targets.filter { $0.status == .missed }.count) target checks missed, \(targets.filter { $0.status == .pending }.count) pending, \(targets.filter { $0.status == .met }.count) met",
            "\(orphans.count) orphan findings",
            "\(linkage.weakAttachments.count) weak attachments, \(linkage.singlePoints.count) single points of failure, \(linkage.overloaded.count) overloaded persons, \(linkage.expiring.count) terms ending within \(d.rules.expiryWarningDays) days",
        ]))

        // Coverage by district.
        doc.blocks.append(.heading(level: 2, text: "覆盖情况 Coverage by district", anchor: "coverage"))
        let levels = d.rules.coverage.levels
        doc.blocks.append(.table(
            columns: [("name", .left), ("id", .left)] + levels.flatMap { [("\($0.name) covered", ReportDocument.Alignment.right), ("rate", .right)] },
            rows: coverage.districts.filter { filter.district == nil || $0.region == filter.district }.map { row in
                [regions.names[row.region], regions.ids[row.region]] + row.rates.flatMap { ["\($0.covered)/\($0.total)", NumberFormat.percent($0.rate)] }
            }))
        progress("coverage diagram")
        let coveragePlan = coverageDiagram(scope: options.scope)
        doc.blocks.append(.figure(name: "coverage.svg", caption: "Coverage: each region filled by the rate of the level below it",
                                  svg: try Graphviz.render(coveragePlan.diagram, engine: coveragePlan.engine, format: .svg)))

        // Frontier blank spots by district.
        doc.blocks.append(.heading(level: 2, text: "待建空白点 Frontier blank spots", anchor: "blank-spots"))
        doc.blocks.append(.paragraph("Regions without an association whose parent region is covered: the next ones to build."))
        let frontier = coverage.blankSpots.filter { $0.frontier && (filter.district == nil || $0.district == filter.district) }
        if frontier.isEmpty { doc.blocks.append(.paragraph("None.")) }
        var byDistrict: [Int?: [Coverage.BlankSpot]] = [:]
        for b in frontier { byDistrict[b.district, default: []].append(b) }
        let districtOrder = byDistrict.keys.sorted { a, b in
            switch (a, b) {
            case (nil, _): true
            case (_, nil): false
            case let (x?, y?): regions.ids.utf8Less(x, y)
            }
        }
        for key in districtOrder {
            let spots = byDistrict[key]!
            doc.blocks.append(.heading(level: 3, text: "\(key.map { regions.names[$0] } ?? "above district level") (\(spots.count))", anchor: "blank-" + (key.map { regions.ids[$0].safeName() } ?? "top")))
            let limit = 100
            doc.blocks.append(.table(columns: [("id", .left), ("name", .left), ("level", .left), ("kind", .left)],
                                     rows: spots.prefix(limit).map { [regions.ids[$0.region], regions.names[$0.region], regions.levels[$0.region].name, regions.kind($0.region)] }))
            if spots.count > limit, let key {
                doc.blocks.append(.paragraph("… and \(spots.count - limit) more (see `kexie gaps \(d.name) --district \(regions.ids[key]) --frontier-only`)."))
            }
        }

        // Key-person gaps.
        doc.blocks.append(.heading(level: 2, text: "关键人物缺口 Key-person gaps", anchor: "key-persons"))
        let keyPersons = coverageTable("key_person_gap")
        doc.blocks.append(.paragraph("Associations lacking a required key-person category among the holders of counting roles (chair, vice-chairs, committee): \(keyPersons.rows.count)."))
        doc.blocks.append(table(keyPersons, columns: ["organization", "name", "level", "missing_labels", "missing"], limit: 300))
        more(keyPersons, 300)

        // Other gaps.
        doc.blocks.append(.heading(level: 2, text: "其他缺口 Rural technical, society and institution gaps", anchor: "other-gaps"))
        for (kind, columns) in [("rural_tech_gap", ["region", "name", "district_name"]), ("society_gap", ["district", "name", "missing"]),
                                ("institution_gap", ["institution", "name", "kind", "expected"])] {
            let t = coverageTable(kind)
            doc.blocks.append(.heading(level: 3, text: "\(t.title) (\(t.rows.count))", anchor: kind.replacing("_", with: "-")))
            doc.blocks.append(t.rows.isEmpty ? .paragraph("None.") : table(t, columns: columns))
        }

        // Targets.
        doc.blocks.append(.heading(level: 2, text: "目标进度 Targets of the plan", anchor: "targets"))
        if targets.isEmpty { doc.blocks.append(.paragraph("The rules set no targets.")) }
        var targetRows: [[String]] = []
        for t in targets {
            if let scope = filter.district, !(tree.contains(scope, t.unit) || tree.contains(t.unit, scope)) { continue }
            let target = d.rules.targets[t.target]
            var needed = 0
            if let r = target.minRate, t.total > 0 {
                var want = Int((r * Double(t.total)).rounded(.up))
                if Double(want - 1) / Double(t.total) >= r { want -= 1 }  // guard against rounding up past an exact rate
                needed = max(needed, want - t.covered)
            }
            if let m = target.minCovered { needed = max(needed, m - t.covered) }
            targetRows.append([target.name, regions.names[t.unit], target.due.description, t.evaluatedAt.description,
                               "\(t.covered)/\(t.total)", NumberFormat.percent(t.rate), t.status.rawValue, t.status == .met ? "—" : "\(max(needed, 0)) more"])
        }
        if !targetRows.isEmpty {
            doc.blocks.append(.table(columns: [("target", .left), ("unit", .left), ("due", .left), ("evaluated at", .left), ("covered", .right),
                                               ("rate", .right), ("status", .left), ("to go", .right)], rows: targetRows))
        }

        // Trend, when the plan's span holds more than one step.
        if let trend = trendBlocks() { doc.blocks += trend }

        // Orphans.
        doc.blocks.append(.heading(level: 2, text: "孤立与悬空 Orphans", anchor: "orphans"))
        let orphanTable = orphanTables(filter)[0]
        if orphanTable.rows.isEmpty { doc.blocks.append(.paragraph("None.")) }
        for reason in Orphan.Reason.allCases {
            let rows = orphanTable.rows.filter { $0[3] == .text(reason.rawValue) }
            guard !rows.isEmpty else { continue }
            var t = orphanTable
            t.rows = rows
            doc.blocks.append(.heading(level: 3, text: "\(reason.rawValue) (\(rows.count))", anchor: "orphan-" + reason.rawValue.replacing("_", with: "-")))
            doc.blocks.append(table(t, columns: reason == .underOrphan ? ["entity", "id", "name", "via", "via_name"] : ["entity", "id", "name"], limit: 200))
            more(t, 200)
        }

        // Linkage.
        doc.blocks.append(.heading(level: 2, text: "联系强度 Linkage", anchor: "linkage"))
        let linkageTables = linkageTables(filter)
        let organizations = linkageTables.first { $0.kind == "organization" }!
        var weakest = organizations
        let typeColumn = weakest.columns.firstIndex(of: "type")!, strengthColumn = weakest.columns.firstIndex(of: "strength")!
        func strength(_ row: [FindingTable.Cell]) -> Double { if case .double(let v) = row[strengthColumn] { return v ?? 0 }; return 0 }
        weakest.rows = weakest.rows.filter { $0[typeColumn] == .text(OrganizationType.association.name) }
            .enumerated().sorted { strength($0.element) != strength($1.element) ? strength($0.element) < strength($1.element) : $0.offset < $1.offset }
            .map(\.element)
        doc.blocks.append(.heading(level: 3, text: "Weakest associations", anchor: "weakest"))
        doc.blocks.append(table(weakest, columns: ["id", "name", "strength", "vertical", "sectors"], limit: 25))
        for (kind, columns, limit) in [("weak_attachment", ["id", "name", "parent_name"], 200), ("single_point", ["organization", "name", "sector", "person", "person_name"], 200),
                                       ("overloaded", ["person", "name", "posts"], 200), ("expiring", ["person_name", "organization_name", "role", "end"], 200),
                                       ("island", ["island", "size", "names"], 100)] {
            let t = linkageTables.first { $0.kind == kind }!
            doc.blocks.append(.heading(level: 3, text: "\(t.title) (\(t.rows.count))", anchor: kind.replacing("_", with: "-")))
            doc.blocks.append(t.rows.isEmpty ? .paragraph("None.") : table(t, columns: columns, limit: limit))
            more(t, limit)
        }

        // Structure per district.
        doc.blocks.append(.heading(level: 2, text: "组织结构 Structure by district", anchor: "structure"))
        doc.blocks.append(.paragraph("Each district's associations down to villages and communities; dashed boxes are blank spots (red: frontier); edge width follows the vertical linkage. Levels are collapsed into summary boxes where a district is large."))
        let districts = coverage.districts.map(\.region).filter { filter.district == nil || $0 == filter.district }
        for (i, r) in districts.enumerated() {
            progress("structure diagram \(i + 1) of \(districts.count): \(regions.names[r])")
            let plan = structureDiagram(scope: r, options: DiagramOptions(maxNodes: options.maxNodes))
            let name = "structure-\(i + 1)-\(regions.ids[r].safeName())"
            doc.blocks.append(.heading(level: 3, text: regions.names[r], anchor: name))
            if !plan.notes.isEmpty { doc.blocks.append(.paragraph(plan.notes.joined(separator: "; ") + ".")) }
            doc.blocks.append(.figure(name: "\(name).svg", caption: "\(regions.names[r]): structure",
                                      svg: try Graphviz.render(plan.diagram, engine: plan.engine, format: .svg)))
        }
        return doc
    }
}

extension String {
    /// The string reduced to ASCII letters, digits, `-` and `_` (others become `_`), for file
    /// names and anchors made from ids.
    func safeName() -> String {
        String(unicodeScalars.map { s -> Character in
            s.isASCII && (s.properties.isAlphabetic || ("0"..."9").contains(s) || s == "-" || s == "_") ? Character(s) : "_"
        })
    }
}
