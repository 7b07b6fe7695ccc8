import Foundation
import Testing
import KexieTestSupport

/// The property of dataset.md's "Tables as people keep them": a dataset in canonical form,
/// rewritten as people keep it — Chinese or differently cased column names, Chinese labels or
/// differently cased keys, every date form of the contract, full-width ids, region and
/// organization names (or name paths) for ids where they are unique, tab-separated tables —
/// analyses to the byte-identical JSON document; and so does its `kexie normalize` output.
///
/// The forms are written here from the contract's text, independently of the loader's tables,
/// so that a label the loader lacks or reads as another key fails the test. Each seed is a
/// fixed, repeatable rewrite; a failure names the seed and keeps the rewritten folder.
@Suite("Spreadsheet forms: any rewrite analyses as the canonical dataset", .serialized)
struct SpreadsheetFormsPropertyTests {
    @Test(arguments: [1, 2, 3, 4, 5, 6, 7, 8] as [UInt64])
    func sampleRewritten(seed: UInt64) throws {
        try check(dataset: Repository.dataset("sample"), seed: seed)
    }

    @Test(arguments: [11, 12] as [UInt64])
    func tianjinRewritten(seed: UInt64) throws {
        try check(dataset: Repository.dataset("tianjin"), seed: seed)
    }

    /// Issue 13's acceptance: the Tianjin network as one workbook saved by LibreOffice, with
    /// Chinese sheets and headers, serial dates and region names instead of codes
    /// (Tests/Fixtures/workbooks/make_workbooks.py), normalized and then analysed, gives the
    /// document datasets/tianjin gives.
    @Test func tianjinWorkbookWithNamesNormalizesToTheCanonicalAnalysis() throws {
        let expected = try runKexie(["analyze", Repository.dataset("tianjin"), "--format", "json"])
        let normalized = FileManager.default.temporaryDirectory.appendingPathComponent("kexie-tianjin-zh-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: normalized) }
        let normalize = try runKexie(["normalize", Repository.fixture("workbooks/tianjin-zh-names"), "--out", normalized])
        #expect(normalize.status == 0, "\(normalize.stderr)")
        #expect(normalize.stdout.contains("tianjin.xlsx[组织] → \(normalized)/organizations.csv (2,085 rows)"))
        let log = try String(contentsOfFile: normalized + "/normalize-log.csv", encoding: .utf8)
        #expect(log.components(separatedBy: ",region_name\n").count - 1 == 2_085)
        let got = try runKexie(["analyze", normalized, "--format", "json"])
        #expect(got.stdout == expected.stdout)
    }

    private func check(dataset: String, seed: UInt64) throws {
        let expected = try runKexie(["analyze", dataset, "--format", "json"])
        try #require(expected.status == 0, "\(expected.stderr)")
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("kexie-forms-\(seed)-\(UUID().uuidString)").path
        let normalized = folder + "-normalized"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        var rewriter = _Rewriter(dataset: dataset, seed: seed)
        try rewriter.write(into: folder)
        let got = try runKexie(["analyze", folder, "--format", "json"])
        #expect(got.status == 0, "seed \(seed): \(got.stderr)")
        #expect(got.stdout == expected.stdout, "seed \(seed): the rewrite in \(folder) analyses differently")
        let normalize = try runKexie(["normalize", folder, "--out", normalized])
        #expect(normalize.status == 0, "seed \(seed): \(normalize.stderr)")
        let again = try runKexie(["analyze", normalized, "--format", "json"])
        #expect(again.stdout == expected.stdout, "seed \(seed): the normalized form in \(normalized) analyses differently")
        if got.stdout == expected.stdout && again.stdout == expected.stdout {
            try? FileManager.default.removeItem(atPath: folder)
            try? FileManager.default.removeItem(atPath: normalized)
        }
    }
}

/// SplitMix64: a small, seeded, repeatable generator.
private struct _SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// The contract's spreadsheet forms (dataset.md, version 2), copied from its text.
private enum _ContractForms {
    /// Chinese column names, per column (类别 only where the table has that column).
    static let columnNames: [String: [String]] = [
        "id": ["编号", "编码", "代码", "ID"], "name": ["名称", "姓名"], "level": ["级别", "层级"],
        "parent": ["上级", "上级组织", "上级区划"], "kind": ["类别", "区划类型"], "type": ["类型", "组织类型"],
        "region": ["区划", "所属区划", "所在地区"], "institution": ["依托单位", "所属单位"], "discipline": ["学科"],
        "founded": ["成立日期", "成立时间"], "dissolved": ["撤销日期", "注销日期"], "category": ["人员类别", "类别"],
        "sector": ["领域"], "workplace": ["工作单位", "单位"], "person": ["人员", "人员编号"],
        "organization": ["组织", "组织编号"], "role": ["职务"], "start": ["任职开始", "开始日期"],
        "end": ["任职结束", "结束日期"], "from": ["组织甲"], "to": ["组织乙"], "weight": ["权重"],
    ]

    /// Labels per vocabulary column, key → the labels (and label parts) the contract gives.
    static let types: [String: [String]] = [
        "association": ["科协", "科学技术协会"], "society": ["学会"], "rural_tech_association": ["农技协", "农村专业技术协会"],
        "rural_tech_federation": ["农技协联合会"], "enterprise_association": ["企业科协"],
        "park_association": ["园区/联合科协", "园区", "联合科协"], "university_association": ["高校科协"],
        "popularization_org": ["科普组织"], "social_org": ["科技类社会组织"],
    ]
    static let roles: [String: [String]] = [
        "chair": ["主席"], "vice_chair": ["专职副主席", "副主席"], "part_time_vice_chair": ["兼职副主席"],
        "seconded_vice_chair": ["挂职副主席"], "standing_committee": ["常委", "常务委员"], "committee": ["委员"],
        "staff": ["专职工作人员", "工作人员"], "representative": ["代表"], "member": ["会员"], "volunteer": ["志愿者"],
    ]
    static let levels: [String: [String]] = [
        "country": ["国家"], "province": ["省", "省级"], "city": ["市", "地级", "市级"],
        "district": ["区", "县", "区县", "区县级"], "township": ["乡", "镇", "街道", "乡镇", "乡镇街道", "乡镇街道级"],
        "village": ["村", "社区", "村社区", "村（社区）级"],
    ]
    static let kinds: [String: [String]] = [
        "street": ["街道"], "town": ["镇"], "township": ["乡", "苏木"], "community": ["社区", "居委会"], "village": ["村", "村委会"],
    ]
    static let sectors: [String: [String]] = [
        "health": ["卫生"], "education": ["教育"], "agriculture": ["农业"], "science": ["科技"], "economy": ["经济"], "other": ["其他"],
    ]
    static let linkKinds: [String: [String]] = [
        "pairs_with": ["对接帮扶"], "cooperates": ["合作联系"], "group_member": ["团体会员"], "federation_member": ["联合会成员"],
    ]
    static let categories: [String: [String]] = [
        "hospital_director": ["医院院长"], "school_principal": ["学校校长"], "planting_center_director": ["种植业发展服务中心主任"],
        "research_institute_head": ["科研院所负责人"], "tech_enterprise_head": ["科技型企业负责人"], "high_skill_talent": ["高技能人才"],
        "health_center_director": ["卫生院院长/卫生服务中心主任", "卫生院院长", "卫生服务中心主任"],
        "agri_station_head": ["农技站站长"], "social_service_center_director": ["社会服务中心主任"], "clinic_director": ["卫生室主任"],
        "primary_school_principal": ["小学校长"], "village_official": ["大学生村官/社区工作者", "大学生村官", "社区工作者"],
        "popularization_leader": ["科普带头人"], "popularization_volunteer": ["科普志愿者"], "popularization_informant": ["科普信息员"],
        "agri_technician": ["农技人员"],
    ]

    /// What each column of each table holds, for the rewrite.
    enum Content { case id, vocabulary([String: [String]]), date, regionReference, organizationReference, other }

    static func content(table: String, column: String) -> Content {
        switch (table, column) {
        case ("regions", "id"), ("organizations", "id"), ("institutions", "id"), ("persons", "id"), ("positions", "person"): .id
        case ("regions", "level"): .vocabulary(levels)
        case ("regions", "kind"): .vocabulary(kinds)
        case ("organizations", "type"): .vocabulary(types)
        case ("persons", "category"): .vocabulary(categories)
        case ("persons", "sector"): .vocabulary(sectors)
        case ("positions", "role"): .vocabulary(roles)
        case ("links", "kind"): .vocabulary(linkKinds)
        case (_, "founded"), (_, "dissolved"), (_, "start"), (_, "end"): .date
        case ("regions", "parent"), (_, "region"): .regionReference
        case ("organizations", "parent"), ("positions", "organization"), ("links", "from"), ("links", "to"): .organizationReference
        default: .other
        }
    }
}

/// Rewrites a canonical dataset in randomly chosen spreadsheet forms.
private struct _Rewriter {
    let dataset: String
    var random: _SeededGenerator
    private var tables: [String: [[String]]] = [:]
    /// Region id → (name, parent id); organization id → name; the names used more than once.
    private var regions: [String: (name: String, parent: String)] = [:]
    private var regionNameCount: [String: Int] = [:]
    private var organizationNames: [String: String] = [:]
    private var organizationNameCount: [String: Int] = [:]

    init(dataset: String, seed: UInt64) {
        self.dataset = dataset
        random = _SeededGenerator(state: seed)
    }

    mutating func write(into folder: String) throws {
        for name in ["regions", "organizations", "persons", "positions", "links", "institutions"] {
            if let text = try? String(contentsOfFile: "\(dataset)/\(name).csv", encoding: .utf8) { tables[name] = _CSV.parse(text) }
        }
        index()
        for (name, rows) in tables {
            let tabs = Bool.random(using: &random)
            let rewritten = rewrite(name, rows)
            let text = rewritten.map { row in row.map { tabs ? $0 : _CSV.field($0) }.joined(separator: tabs ? "\t" : ",") }.joined(separator: "\n") + "\n"
            try text.write(toFile: "\(folder)/\(name).csv", atomically: true, encoding: .utf8)
        }
        for yaml in ["dataset.yaml", "rules.yaml"] where FileManager.default.fileExists(atPath: "\(dataset)/\(yaml)") {
            try FileManager.default.copyItem(atPath: "\(dataset)/\(yaml)", toPath: "\(folder)/\(yaml)")
        }
    }

    private mutating func index() {
        guard let r = tables["regions"], let header = r.first else { return }
        let (id, name, parent) = (header.firstIndex(of: "id")!, header.firstIndex(of: "name")!, header.firstIndex(of: "parent")!)
        for row in r.dropFirst() {
            regions[row[id]] = (row[name], row[parent])
            regionNameCount[row[name], default: 0] += 1
        }
        guard let o = tables["organizations"], let oh = o.first else { return }
        let (oid, oname) = (oh.firstIndex(of: "id")!, oh.firstIndex(of: "name")!)
        for row in o.dropFirst() {
            organizationNames[row[oid]] = row[oname]
            organizationNameCount[row[oname], default: 0] += 1
        }
    }

    private mutating func rewrite(_ table: String, _ rows: [[String]]) -> [[String]] {
        guard let header = rows.first else { return rows }
        var out = [header.map { headerName($0, table: table) }]
        for row in rows.dropFirst() {
            out.append(row.enumerated().map { i, cell in cell.isEmpty ? cell : rewrite(cell, _ContractForms.content(table: table, column: header[i])) })
        }
        return out
    }

    private mutating func headerName(_ column: String, table: String) -> String {
        var choices = [column, column.uppercased(), column.prefix(1).uppercased() + column.dropFirst()]
        for n in _ContractForms.columnNames[column] ?? [] where !(n == "类别" && (table == "persons") != (column == "category")) {
            choices.append(n)
        }
        return choices.randomElement(using: &random)!
    }

    private mutating func rewrite(_ cell: String, _ content: _ContractForms.Content) -> String {
        switch content {
        case .id: return fullWidth(cell)
        case .vocabulary(let labels):
            // Only keys the contract labels: another value of an open vocabulary (a category,
            // a kind above the township level) is free text, whose case is its own.
            guard let forms = labels[cell] else { return cell }
            return ([cell, cell.uppercased(), cell.prefix(1).uppercased() + cell.dropFirst()] + forms).randomElement(using: &random)!
        case .date: return dateForm(cell)
        case .regionReference: return regionName(cell) ?? fullWidth(cell)
        case .organizationReference:
            if let name = organizationNames[cell], organizationNameCount[name] == 1, organizationNames[name] == nil, regions[name] == nil,
               Bool.random(using: &random) { return name }
            return fullWidth(cell)
        case .other: return cell
        }
    }

    /// Half of the ids get full-width letters, digits and hyphens (NFKC reads them back).
    private mutating func fullWidth(_ id: String) -> String {
        guard Bool.random(using: &random) else { return id }
        return String(String.UnicodeScalarView(id.unicodeScalars.map { u in
            switch u.value {
            case 0x30...0x39, 0x41...0x5A, 0x61...0x7A, 0x2D: Unicode.Scalar(u.value + 0xFEE0)!
            default: u
            }
        }))
    }

    /// A region's name when unique, else the shortest path of names from an ancestor down that
    /// only this region matches; `nil` (keep the id) for half of them, and when no path is unique.
    private mutating func regionName(_ id: String) -> String? {
        guard let region = regions[id], Bool.random(using: &random), regions[region.name] == nil else { return nil }
        if regionNameCount[region.name] == 1 { return region.name }
        var path = [region.name]
        var ancestor = region.parent
        while let a = regions[ancestor] {
            path.insert(a.name, at: 0)
            if matches(path) == 1 { return path.joined(separator: Bool.random(using: &random) ? "/" : " ") }
            ancestor = a.parent
        }
        return nil
    }

    /// How many regions a name path names: the last name is the region's, the earlier ones its
    /// ancestors in order (not necessarily next to each other).
    private func matches(_ path: [String]) -> Int {
        regions.values.filter { r in
            guard r.name == path.last! else { return false }
            var rest = path.dropLast()
            var ancestor = r.parent
            while let want = rest.last, let a = regions[ancestor] {
                if a.name == want { rest = rest.dropLast() }
                ancestor = a.parent
            }
            return rest.isEmpty
        }.count
    }

    /// `YYYY-MM-DD`, `YYYY-MM` or `YYYY` in another form of the contract meaning the same day.
    private mutating func dateForm(_ date: String) -> String {
        let parts = date.split(separator: "-").map { Int($0)! }
        let (y, m, d) = (parts[0], parts.count > 1 ? parts[1] : 1, parts.count > 2 ? parts[2] : 1)
        var forms = ["\(y)/\(m)/\(d)", "\(y).\(m).\(d)", "\(y)-\(m)-\(d)", "\(y)年\(m)月\(d)日", date + (parts.count == 3 ? " 00:00:00" : "")]
        if d == 1 { forms.append("\(y)年\(m)月") }
        if d == 1 && m == 1 { forms.append("\(y)年") }
        return forms.randomElement(using: &random)!
    }
}

/// RFC 4180 for the test's own reading and writing.
private enum _CSV {
    static func parse(_ text: String) -> [[String]] {
        var rows: [[String]] = [], row: [String] = [], cell = "", quoted = false
        var chars = Array(text.unicodeScalars)[...]
        while let c = chars.popFirst() {
            if quoted {
                if c == "\"" {
                    if chars.first == "\"" { cell.unicodeScalars.append("\""); chars.removeFirst() } else { quoted = false }
                } else { cell.unicodeScalars.append(c) }
            } else if c == "\"" { quoted = true
            } else if c == "," { row.append(cell); cell = ""
            } else if c == "\n" || c == "\r" {
                if c == "\r", chars.first == "\n" { chars.removeFirst() }
                row.append(cell); cell = ""
                if row != [""] { rows.append(row) }
                row = []
            } else { cell.unicodeScalars.append(c) }
        }
        if !cell.isEmpty || !row.isEmpty { row.append(cell); rows.append(row) }
        return rows
    }

    static func field(_ s: String) -> String {
        s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s
    }
}
