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
        let d = dataset
        // The dataset's name and description come from dataset.yaml or code, not from a table
        // cell the loader checks: controls in them are shown as escapes, as on a terminal.
        var doc = ReportDocument(
            title: "科协组织网络分析报告 · \(TerminalText.neutralized(d.name))",
            subtitle: ["As of \(asOf) · input SHA-256 \(options.contentHash)", TerminalText.neutralized(d.description ?? "")].filter { !$0.isEmpty },
            command: options.command)
        let filter = FindingFilter(district: options.scope.flatMap { tree.district(of: $0) })
        let coverageTables = coverageTables(filter)
        doc.blocks += summaryBlocks()
        doc.blocks += try coverageBlocks(filter, options, progress: progress)
        doc.blocks += frontierBlocks(filter)
        doc.blocks += keyPersonBlocks(coverageTables)
        doc.blocks += otherGapBlocks(coverageTables)
        doc.blocks += targetBlocks(filter)
        // Trend, when the plan's span holds more than one step.
        if let trend = trendBlocks() { doc.blocks += trend }
        doc.blocks += orphanBlocks(filter)
        doc.blocks += linkageBlocks(filter)
        doc.blocks += try structureBlocks(filter, options, progress: progress)
        return doc
    }

    /// `t`'s first `limit` rows (`nil`: all) as a table block; text and lists align left.
    private func block(_ t: FindingTable, limit: Int? = nil) -> ReportDocument.Block {
        let numeric = t.columns.indices.map { i in t.rows.first.map { row -> Bool in
            if case .text = row[i] { return false }
            if case .list = row[i] { return false }
            if case .date = row[i] { return false }
            return true
        } ?? false }
        let rows = (limit.map { Array(t.rows.prefix($0)) } ?? t.rows).map { row in row.map(\.display) }
        return .table(columns: zip(t.columns, numeric).map { ($0, $1 ? .right : .left) }, rows: rows)
    }

    /// A line pointing to the view with the full list when `t` has more than `limit` rows.
    private func more(_ t: FindingTable, _ limit: Int) -> [ReportDocument.Block] {
        guard t.rows.count > limit else { return [] }
        return [.paragraph("… and \(t.rows.count - limit) more (see `kexie \(t.analysis == "coverage" ? "gaps" : t.analysis) \(TerminalText.neutralized(dataset.name))`).")]
    }

    /// A titled subsection of a finding table: its heading, the table (or "None.") and the
    /// pointer to the rest.
    private func subsection(_ t: FindingTable, anchor: String, limit: Int? = nil) -> [ReportDocument.Block] {
        [.heading(level: 3, text: "\(t.title) (\(t.rows.count))", anchor: anchor),
         t.rows.isEmpty ? .paragraph("None.") : block(t, limit: limit)] + (limit.map { more(t, $0) } ?? [])
    }

    private func summaryBlocks() -> [ReportDocument.Block] {
        let d = dataset
        let activeOrgs = activity.organizations.lazy.filter { $0 }.count
        let activePositions = activity.positions.lazy.filter { $0 }.count
        return [
            .heading(level: 2, text: "概况 Summary", anchor: "summary"),
            .paragraph("\(d.regions.count) regions; \(activeOrgs) of \(d.organizations.count) organizations active; \(d.persons.count) persons; \(activePositions) of \(d.positions.count) positions active; \(d.links.count) links."),
            .table(columns: [("level", .left), ("covered", .right), ("total", .right), ("rate", .right)],
                   rows: coverage.levels.map { [$0.level.name, "\($0.covered)", "\($0.total)", NumberFormat.percent($0.rate)] }),
            .list([
                "\(coverage.blankSpots.count) blank spots, \(coverage.blankSpots.filter(\.frontier).count) on the frontier",
                "\(gaps.keyPersons.count) associations missing key persons",
                "\(targets.filter { $0.status == .missed }.count) target checks missed, \(targets.filter { $0.status == .pending }.count) pending, \(targets.filter { $0.status == .met }.count) met",
                "\(orphans.count) orphan findings",
                "\(linkage.weakAttachments.count) weak attachments, \(linkage.singlePoints.count) single points of failure, \(linkage.overloaded.count) overloaded persons, \(linkage.expiring.count) terms ending within \(d.rules.expiryWarningDays) days",
            ]),
        ]
    }

    private func coverageBlocks(_ filter: FindingFilter, _ options: ReportOptions,
                                progress: (String) -> Void) throws(RenderError) -> [ReportDocument.Block] {
        let regions = dataset.regions, levels = dataset.rules.coverage.levels
        var blocks: [ReportDocument.Block] = [.heading(level: 2, text: "覆盖情况 Coverage by district", anchor: "coverage")]
        blocks.append(.table(
            columns: [("name", .left), ("id", .left)] + levels.flatMap { [("\($0.name) covered", ReportDocument.Alignment.right), ("rate", .right)] },
            rows: coverage.districts.filter { filter.district == nil || $0.region == filter.district }.map { row in
                [regions.names[row.region], regions.ids[row.region]] + row.rates.flatMap { ["\($0.covered)/\($0.total)", NumberFormat.percent($0.rate)] }
            }))
        progress("coverage diagram")
        let coveragePlan = coverageDiagram(scope: options.scope)
        blocks.append(.figure(name: "coverage.svg", caption: "Coverage: each region filled by the rate of the level below it",
                              svg: try Graphviz.render(coveragePlan.diagram, engine: coveragePlan.engine, format: .svg)))
        return blocks
    }

    /// Frontier blank spots grouped by district, those above district level first.
    private func frontierBlocks(_ filter: FindingFilter) -> [ReportDocument.Block] {
        let regions = dataset.regions
        var blocks: [ReportDocument.Block] = [
            .heading(level: 2, text: "待建空白点 Frontier blank spots", anchor: "blank-spots"),
            .paragraph("Regions without an association whose parent region is covered: the next ones to build."),
        ]
        let frontier = coverage.blankSpots.filter { $0.frontier && (filter.district == nil || $0.district == filter.district) }
        if frontier.isEmpty { blocks.append(.paragraph("None.")) }
        var byDistrict: [Int?: [Coverage.BlankSpot]] = [:]
        for b in frontier { byDistrict[b.district, default: []].append(b) }
        let districtOrder = byDistrict.sorted { a, b in
            switch (a.key, b.key) {
            case (nil, _): true
            case (_, nil): false
            case let (x?, y?): regions.ids.utf8Less(x, y)
            }
        }
        for (key, spots) in districtOrder {
            blocks.append(.heading(level: 3, text: "\(key.map { regions.names[$0] } ?? "above district level") (\(spots.count))", anchor: "blank-" + (key.map { regions.ids[$0].safeName() } ?? "top")))
            let limit = 100
            blocks.append(.table(columns: [("id", .left), ("name", .left), ("level", .left), ("kind", .left)],
                                 rows: spots.prefix(limit).map { [regions.ids[$0.region], regions.names[$0.region], regions.levels[$0.region].name, regions.kind($0.region)] }))
            if spots.count > limit, let key {
                blocks.append(.paragraph("… and \(spots.count - limit) more (see `kexie gaps \(TerminalText.neutralized(dataset.name)) --district \(regions.ids[key]) --frontier-only`)."))
            }
        }
        return blocks
    }

    private func keyPersonBlocks(_ tables: CoverageTables) -> [ReportDocument.Block] {
        let keyPersons = tables.keyPersonGaps
        return [
            .heading(level: 2, text: "关键人物缺口 Key-person gaps", anchor: "key-persons"),
            .paragraph("Associations lacking a required key-person category among the holders of counting roles (chair, vice-chairs, committee): \(keyPersons.rows.count)."),
            block(keyPersons.selecting(["organization", "name", "level", "missing_labels", "missing"]), limit: 300),
        ] + more(keyPersons, 300)
    }

    private func otherGapBlocks(_ tables: CoverageTables) -> [ReportDocument.Block] {
        // Scripts read `institution_kind` (a JSON Lines row has its own `kind`); people read "kind".
        var institutions = tables.institutionGaps.selecting(["institution", "name", "institution_kind", "expected"])
        institutions.columns[2] = "kind"
        return [.heading(level: 2, text: "其他缺口 Rural technical, society and institution gaps", anchor: "other-gaps")]
            + subsection(tables.ruralTechGaps.selecting(["region", "name", "district_name"]), anchor: "rural-tech-gap")
            + subsection(tables.societyGaps.selecting(["district", "name", "missing"]), anchor: "society-gap")
            + subsection(institutions, anchor: "institution-gap")
    }

    /// The most target rows (and, past them, targets) the report lists one by one.
    static let listedTargetRows = 200

    /// Targets with how many more covered units each one needs; past `listedTargetRows` rows,
    /// a count per target instead (of the first `listedTargetRows` targets), so that a report
    /// stays readable and its size bounded whatever the rules hold.
    private func targetBlocks(_ filter: FindingFilter) -> [ReportDocument.Block] {
        var blocks: [ReportDocument.Block] = [.heading(level: 2, text: "目标进度 Targets of the plan", anchor: "targets")]
        if targets.isEmpty { blocks.append(.paragraph("The rules set no targets.")) }
        let shown = targets.filter { t in
            filter.district.map { tree.contains($0, t.unit) || tree.contains(t.unit, $0) } ?? true
        }
        if shown.count > Self.listedTargetRows { return blocks + targetSummaryBlocks(shown) }
        let targetRows = shown.map(targetRow)
        if !targetRows.isEmpty {
            blocks.append(.table(columns: [("target", .left), ("unit", .left), ("due", .left), ("evaluated at", .left), ("covered", .right),
                                           ("rate", .right), ("status", .left), ("to go", .right)], rows: targetRows))
        }
        return blocks
    }

    /// The row of one target check: target, unit, dates, coverage and how many more it needs.
    private func targetRow(_ t: TargetResult) -> [String] {
        let d = dataset, target = d.rules.targets[t.target]
        var needed = 0
        if let r = target.minRate, t.total > 0 {
            var want = Int((r * Double(t.total)).rounded(.up))
            if Double(want - 1) / Double(t.total) >= r { want -= 1 }  // guard against rounding up past an exact rate
            needed = max(needed, want - t.covered)
        }
        if let m = target.minCovered { needed = max(needed, m - t.covered) }
        return [target.name, d.regions.names[t.unit], target.due.description, t.evaluatedAt.description,
                "\(t.covered)/\(t.total)", NumberFormat.percent(t.rate), t.status.rawValue, t.status == .met ? "—" : "\(max(needed, 0)) more"]
    }

    /// Too many target checks to list: the counts by status, then per target.
    private func targetSummaryBlocks(_ shown: [TargetResult]) -> [ReportDocument.Block] {
        var counts: [(target: Int, met: Int, missed: Int, pending: Int)] = []
        for t in shown {
            if counts.last?.target != t.target { counts.append((t.target, 0, 0, 0)) }  // results are in rules order
            switch t.status {
            case .met: counts[counts.count - 1].met += 1
            case .missed: counts[counts.count - 1].missed += 1
            case .pending: counts[counts.count - 1].pending += 1
            }
        }
        let total = (met: counts.reduce(0) { $0 + $1.met }, missed: counts.reduce(0) { $0 + $1.missed },
                     pending: counts.reduce(0) { $0 + $1.pending })
        var blocks: [ReportDocument.Block] = [.paragraph(
            "\(shown.count) target checks (\(counts.count) targets): \(total.missed) missed, \(total.pending) pending, \(total.met) met — "
                + "too many to list one by one; below, each target's counts. `kexie analyze --format csv` lists every check (targets.csv).")]
        let rows = counts.prefix(Self.listedTargetRows).map { c in
            let target = dataset.rules.targets[c.target]
            return [target.name, target.due.description, "\(c.met + c.missed + c.pending)", "\(c.missed)", "\(c.pending)", "\(c.met)"]
        }
        blocks.append(.table(columns: [("target", .left), ("due", .left), ("units", .right), ("missed", .right), ("pending", .right),
                                       ("met", .right)], rows: Array(rows)))
        if counts.count > Self.listedTargetRows {
            blocks.append(.paragraph("… and \(counts.count - Self.listedTargetRows) more targets."))
        }
        return blocks
    }

    /// Orphan findings grouped by reason.
    private func orphanBlocks(_ filter: FindingFilter) -> [ReportDocument.Block] {
        var blocks: [ReportDocument.Block] = [.heading(level: 2, text: "孤立与悬空 Orphans", anchor: "orphans")]
        if orphanTable(filter).rows.isEmpty { blocks.append(.paragraph("None.")) }
        for reason in Orphan.Reason.allCases {
            let t = orphanTable(filter) { $0.reason == reason }
            guard !t.rows.isEmpty else { continue }
            blocks.append(.heading(level: 3, text: "\(reason.rawValue) (\(t.rows.count))", anchor: "orphan-" + reason.rawValue.replacing("_", with: "-")))
            blocks.append(block(t.selecting(reason == .underOrphan ? ["entity", "id", "name", "via", "via_name"] : ["entity", "id", "name"]), limit: 200))
            blocks += more(t, 200)
        }
        return blocks
    }

    /// The weakest associations, then the linkage findings.
    private func linkageBlocks(_ filter: FindingFilter) -> [ReportDocument.Block] {
        let tables = linkageTables(filter)
        return [
            .heading(level: 2, text: "联系强度 Linkage", anchor: "linkage"),
            .heading(level: 3, text: "Weakest associations", anchor: "weakest"),
            block(weakestAssociationsTable(filter, limit: 25).selecting(["id", "name", "strength", "vertical", "sectors"])),
        ]
            + subsection(tables.weakAttachments.selecting(["id", "name", "parent_name"]), anchor: "weak-attachment", limit: 200)
            + subsection(tables.singlePoints.selecting(["organization", "name", "sector", "person", "person_name"]), anchor: "single-point", limit: 200)
            + subsection(tables.overloaded.selecting(["person", "name", "posts"]), anchor: "overloaded", limit: 200)
            + subsection(tables.expiring.selecting(["person_name", "organization_name", "role", "end"]), anchor: "expiring", limit: 200)
            + subsection(tables.islands.selecting(["island", "size", "names"]), anchor: "island", limit: 100)
    }

    /// A structure diagram of each district in scope.
    private func structureBlocks(_ filter: FindingFilter, _ options: ReportOptions,
                                 progress: (String) -> Void) throws(RenderError) -> [ReportDocument.Block] {
        let regions = dataset.regions
        var blocks: [ReportDocument.Block] = [
            .heading(level: 2, text: "组织结构 Structure by district", anchor: "structure"),
            .paragraph("Each district's associations down to villages and communities; dashed boxes are blank spots (red: frontier); edge width follows the vertical linkage. Levels are collapsed into summary boxes where a district is large."),
        ]
        let districts = coverage.districts.map(\.region).filter { filter.district == nil || $0 == filter.district }
        for (i, r) in districts.enumerated() {
            progress("structure diagram \(i + 1) of \(districts.count): \(regions.names[r])")
            let plan = structureDiagram(scope: r, options: DiagramOptions(maxNodes: options.maxNodes))
            let name = "structure-\(i + 1)-\(regions.ids[r].safeName())"
            blocks.append(.heading(level: 3, text: regions.names[r], anchor: name))
            let notes = plan.notes(layingOutWith: plan.engine)
            if !notes.isEmpty { blocks.append(.paragraph(notes.joined(separator: "; ") + ".")) }
            blocks.append(.figure(name: "\(name).svg", caption: "\(regions.names[r]): structure",
                                  svg: try Graphviz.render(plan.diagram, engine: plan.engine, format: .svg)))
        }
        return blocks
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
