import Testing
import KexieMachinery
import KexieModel
@testable import KexieIO
import KexieTestSupport

/// A load that keeps every conversion.
private func load(_ ds: TemporaryDataset) -> (dataset: Dataset?, log: DiagnosticLog) {
    var loader = DatasetLoader()
    loader.keepsEveryConversion = true
    do {
        let loaded = try loader.load(ds.path)
        return (loaded.dataset, loaded.log)
    } catch {
        return (nil, error.log)
    }
}

/// The conversions of `file` as `(kind, line, column, read, became)`.
private func conversions(_ log: DiagnosticLog, _ file: String) -> [String] {
    log.everyConversion.filter { $0.file == file }.map {
        "\($0.kind.rawValue) \($0.line.map(String.init) ?? "-"):\($0.column.map(String.init) ?? "-") \($0.read) → \($0.became)"
    }
}

/// Errors and warnings as `file:line:column: severity: message` with the dataset's folder cut.
private func problems(_ log: DiagnosticLog, _ ds: TemporaryDataset) -> [String] {
    log.diagnostics.filter { $0.severity != .note }.map { $0.description.replacingOccurrences(of: ds.path + "/", with: "") }
}

/// Dataset version 2, "Tables as people keep them": every form reads as its canonical value,
/// and each conversion is recorded where it happened.
@Suite struct PeoplesFormsTests {
    // MARK: Column names

    @Test func chineseAndCasedHeadersReadAsTheContractsColumns() throws {
        let ds = try TemporaryDataset(replacing: [
            "regions.csv": "编码,名称,级别,上级,类别\nD1,示例区,district,,\nT1,东街道,township,D1,\n",
            "organizations.csv": "ID,Name,组织类型,所属区划,上级组织,成立日期\nA-D1,示例区科协,association,D1,,1990\nA-T1,东街道科协,association,T1,A-D1,\n",
            "persons.csv": "编号,姓名,类别,领域,工作单位,区划\nP1,张三,teacher,,,T1\n",
            "positions.csv": "人员编号,组织编号,职务,任职开始,任职结束\nP1,A-T1,chair,,\n",
        ])
        let (dataset, log) = load(ds)
        #expect(log.errorCount == 0 && log.warningCount == 0, "\(log.diagnostics)")
        #expect(conversions(log, ds.file("regions.csv")) == [
            "column_name 1:1 编码 → id", "column_name 1:2 名称 → name", "column_name 1:3 级别 → level",
            "column_name 1:4 上级 → parent", "column_name 1:5 类别 → kind",
        ])
        #expect(conversions(log, ds.file("organizations.csv")) == [
            "column_name 1:1 ID → id", "column_name 1:2 Name → name", "column_name 1:3 组织类型 → type",
            "column_name 1:4 所属区划 → region", "column_name 1:5 上级组织 → parent", "column_name 1:6 成立日期 → founded",
        ])
        // 类别 is `category` in persons.csv.
        #expect(conversions(log, ds.file("persons.csv")).contains("column_name 1:3 类别 → category"))
        #expect(dataset?.organizations.parents.target(1) == 0)
        #expect(dataset?.persons.categoryNames[0] == "teacher")
        #expect(dataset?.positions.count == 1)
    }

    /// The issue's header: 类型 is `type` only where the table has a type (organizations); in
    /// regions.csv it is an attribute, with the Chinese name of `kind` suggested.
    @Test func theIssuesRegionHeaderReadsAndSuggestsInChinese() throws {
        let ds = try TemporaryDataset(replacing: [
            "regions.csv": "编码,名称,级别,上级,类型\nD1,示例区,区县级,,\nT1,东街道,乡镇,D1,街道\n",
            "organizations.csv": "编码,名称,类型,区划,上级\nA-D1,示例区科协,科协,D1,\n",
        ])
        let (dataset, log) = load(ds)
        #expect(problems(log, ds) == [
            "regions.csv:1:5: warning: column \"类型\" is not a column of regions.csv and is kept as an attribute — did you mean \"类别\" (kind)?",
        ])
        #expect(dataset?.regions.attributes.names == ["类型"])
        #expect(conversions(log, ds.file("organizations.csv")).prefix(5) == [
            "column_name 1:1 编码 → id", "column_name 1:2 名称 → name", "column_name 1:3 类型 → type",
            "column_name 1:4 区划 → region", "column_name 1:5 上级 → parent",
        ])
    }

    @Test func fullWidthHeaderAndTheSameColumnTwice() throws {
        let ds = try TemporaryDataset(replacing: ["organizations.csv": "ｉｄ,name,type,region,parent,编号\nA,a,association,D1,,\n"])
        let (_, log) = load(ds)
        #expect(problems(log, ds) == [
            "organizations.csv:1:6: error: column \"id\" appears twice in the header (columns 1 and 6) (as \"ｉｄ\" and \"编号\")",
        ])
    }

    // MARK: Text

    /// Cells that are compared are read in NFKC; names, display text, are kept as written.
    @Test func fullWidthCellsAreRecordedAndCompareEqual() throws {
        let ds = try TemporaryDataset(replacing: [
            "regions.csv": "id,name,level,parent,kind\n１２０１０１,示例区（南开）,district,,\n120101001,东街道,township,120101,\n",
            "organizations.csv": "id,name,type,region,parent\n㈱A,a,association,１２０１０１,\nB,ｂ,ａｓｓｏｃｉａｔｉｏｎ,120101001,(株)A\n",
        ])
        let (dataset, log) = load(ds)
        #expect(log.errorCount == 0, "\(log.diagnostics)")
        #expect(conversions(log, ds.file("regions.csv")) == ["full_width 2:1 １２０１０１ → 120101"])
        #expect(conversions(log, ds.file("organizations.csv")) == [
            "full_width 2:1 ㈱A → (株)A", "full_width 2:4 １２０１０１ → 120101", "full_width 3:3 ａｓｓｏｃｉａｔｉｏｎ → association",
        ])
        let d = try #require(dataset)
        #expect(d.regions.ids[0] == "120101" && d.regions.names[0] == "示例区（南开）")
        #expect(d.regions.parent(1) == 0)
        #expect(d.organizations.ids[0] == "(株)A")  // longer than the cell: written after the records
        #expect(d.organizations.names[1] == "ｂ")
        #expect(d.organizations.regions.target(0) == 0)
        #expect(d.organizations.parents.target(1) == 0)
    }

    @Test func stableTextIsNeverLookedAtAgain() {
        func mayChange(_ s: String) -> Bool { Array(s.utf8).withUnsafeBufferPointer(_NFKC.mayChange) }
        #expect(!mayChange("id,name\n120101,南开区科协、天津《科普》【一】\n"))
        #expect(mayChange("１"))
        #expect(mayChange("村（社区）级"))
        #expect(mayChange("㎞"))
        #expect(_NFKC.normalizedAndTrimmed("村（社区）级\u{2003}") == "村(社区)级")
        #expect(_NFKC.normalized("㎞") == "km")
    }

    // MARK: Vocabulary

    @Test func everyChineseSpellingOfTheContract() {
        let levels: [(String, Level)] = [
            ("国家", .country), ("省", .province), ("省级", .province), ("市", .city), ("地级", .city), ("市级", .city),
            ("区", .district), ("县", .district), ("区县", .district), ("区县级", .district), ("乡", .township), ("镇", .township),
            ("街道", .township), ("乡镇", .township), ("乡镇街道", .township), ("乡镇街道级", .township), ("村", .village),
            ("社区", .village), ("村社区", .village), ("村(社区)级", .village), ("Village", .village), ("TOWNSHIP", .township),
        ]
        for (text, level) in levels { #expect(_ContractLabels.value(text, Level.self) == level, "\(text)") }
        let types: [(String, OrganizationType)] = [
            ("科协", .association), ("科学技术协会", .association), ("学会", .society), ("农技协", .ruralTechAssociation),
            ("农村专业技术协会", .ruralTechAssociation), ("农技协联合会", .ruralTechFederation), ("企业科协", .enterpriseAssociation),
            ("园区", .parkAssociation), ("联合科协", .parkAssociation), ("高校科协", .universityAssociation),
            ("科普组织", .popularizationOrg), ("科技类社会组织", .socialOrg), ("Association", .association),
        ]
        for (text, type) in types { #expect(_ContractLabels.value(text, OrganizationType.self) == type, "\(text)") }
        let roles: [(String, Role)] = [
            ("主席", .chair), ("专职副主席", .viceChair), ("副主席", .viceChair), ("兼职副主席", .partTimeViceChair),
            ("挂职副主席", .secondedViceChair), ("常委", .standingCommittee), ("常务委员", .standingCommittee), ("委员", .committee),
            ("专职工作人员", .staff), ("工作人员", .staff), ("代表", .representative), ("会员", .member), ("志愿者", .volunteer),
        ]
        for (text, role) in roles { #expect(_ContractLabels.value(text, Role.self) == role, "\(text)") }
        let links: [(String, LinkKind)] = [("对接帮扶", .pairsWith), ("合作联系", .cooperates), ("团体会员", .groupMember), ("联合会成员", .federationMember)]
        for (text, kind) in links { #expect(_ContractLabels.value(text, LinkKind.self) == kind, "\(text)") }
        let kinds = Set(RegionKinds.township + RegionKinds.village)
        for (text, kind) in [("街道", "street"), ("镇", "town"), ("乡", "township"), ("苏木", "township"), ("社区", "community"),
                             ("居委会", "community"), ("村", "village"), ("村委会", "village")] {
            #expect(_ContractLabels.value(text, known: kinds, labels: _ContractLabels.regionKinds) == kind, "\(text)")
        }
        let sectors = Set(KnownVocabulary.sectors.map(\.name))
        for (text, sector) in [("卫生", "health"), ("教育", "education"), ("农业", "agriculture"), ("科技", "science"),
                               ("经济", "economy"), ("其他", "other")] {
            #expect(_ContractLabels.value(text, known: sectors, labels: _ContractLabels.sectors) == sector, "\(text)")
        }
        let categories = Set(KnownVocabulary.categories.map(\.name))
        for (text, category) in [("学校校长", "school_principal"), ("卫生院院长", "health_center_director"),
                                 ("卫生服务中心主任", "health_center_director"), ("大学生村官", "village_official"),
                                 ("社区工作者", "village_official"), ("医院院长", "hospital_director"), ("Teacher", "teacher")] {
            #expect(_ContractLabels.value(text, known: categories, labels: _ContractLabels.categories) == category, "\(text)")
        }
        #expect(_ContractLabels.value("街道办", Level.self) == nil)
    }

    @Test func labelsInTablesAreConvertedWhereTheyAre() throws {
        let ds = try TemporaryDataset(replacing: [
            "regions.csv": "id,name,level,parent,kind\nD1,示例区,区,,\nT1,东街道,乡镇,D1,街道\nV1,东社区,村（社区）级,T1,社区\n",
            "organizations.csv": "id,name,type,region,parent\nA,a,科协,D1,\nB,b,科学技术协会,T1,A\n",
            "persons.csv": "id,name,category,sector\nP1,张三,学校校长,教育\nP2,李四,卫生院院长/卫生服务中心主任,\n",
            "positions.csv": "person,organization,role\nP1,B,兼职副主席\nP2,B,Chair\n",
            "links.csv": "from,to,kind\nA,B,对接帮扶\n",
            "institutions.csv": "id,name,kind\nU1,南开大学,高校\n",
        ])
        let (dataset, log) = load(ds)
        #expect(log.errorCount == 0 && log.warningCount == 0, "\(log.diagnostics)")
        #expect(conversions(log, ds.file("regions.csv")) == [
            "label 2:3 区 → district", "label 3:3 乡镇 → township", "label 3:5 街道 → street",
            "full_width 4:3 村（社区）级 → 村(社区)级", "label 4:3 村(社区)级 → village", "label 4:5 社区 → community",
        ])
        #expect(conversions(log, ds.file("persons.csv")) == [
            "label 2:3 学校校长 → school_principal", "label 2:4 教育 → education",
            "label 3:3 卫生院院长/卫生服务中心主任 → health_center_director",
        ])
        #expect(conversions(log, ds.file("positions.csv")) == ["label 2:3 兼职副主席 → part_time_vice_chair", "label 3:3 Chair → chair"])
        let d = try #require(dataset)
        #expect(d.regions.kind(1) == "street" && d.regions.kind(2) == "community")
        #expect(d.organizations.types == [.association, .association])
        #expect((0..<d.persons.categoryNames.count).map { d.persons.categoryNames[$0] } == ["school_principal", "health_center_director"])
        #expect(d.positions.roles == [.partTimeViceChair, .chair])
        #expect(d.links.kinds == [.pairsWith])
        #expect(d.institutions.kinds == [.university])
    }

    @Test func unknownValuesAreSuggestedInTheLanguageWritten() throws {
        let ds = try TemporaryDataset(replacing: [
            "organizations.csv": "id,name,type,region,parent\nA,a,科协会,D1,\n",
            "persons.csv": "id,name,category\nP1,张三,医院院长们\n",
            "positions.csv": "person,organization,role\nP1,A,兼职副主任\n",
        ])
        let (_, log) = load(ds)
        let p = problems(log, ds)
        #expect(p.contains("organizations.csv:2:3: error: unknown organization type \"科协会\" in column \"type\" — did you mean \"科协\" (association)? (allowed: association 科协/科学技术协会, society 学会, rural_tech_association 农技协/农村专业技术协会, rural_tech_federation 农技协联合会, enterprise_association 企业科协, park_association 园区/联合科协, university_association 高校科协, popularization_org 科普组织, social_org 科技类社会组织, other 其他)"), "\(p)")
        #expect(p.contains("positions.csv:2:3: error: unknown role \"兼职副主任\" in column \"role\" — did you mean \"兼职副主席\" (part_time_vice_chair)? (allowed: chair 主席, vice_chair 专职副主席/副主席, part_time_vice_chair 兼职副主席, seconded_vice_chair 挂职副主席, standing_committee 常委/常务委员, committee 委员, staff 专职工作人员/工作人员, representative 代表, member 会员, volunteer 志愿者)"), "\(p)")
        #expect(p.contains("persons.csv:2:3: warning: category \"医院院长们\" is not a known key-person category — did you mean \"医院院长\" (hospital_director)? (kept as written)"), "\(p)")
    }

    /// Once a level is unknown, the checks that depend on it (kind, parent levels) are not run.
    @Test func anUnknownLevelIsOneError() throws {
        let ds = try TemporaryDataset(replacing: [
            "regions.csv": "id,name,level,parent,kind\nD1,示例区,district,,\nT1,东街道,街道办,D1,街道\nV1,东社区,village,T1,\nV2,西社区,village,T1,\n",
        ])
        let (_, log) = load(ds)
        #expect(problems(log, ds) == [
            "regions.csv:3:3: error: unknown level \"街道办\" in column \"level\" — did you mean \"街道\" (township)? (allowed: country 国家, province 省/省级, city 市/地级/市级, district 区/县/区县/区县级, township 乡/镇/街道/乡镇/乡镇街道/乡镇街道级, village 村/社区/村社区/村(社区)级/村社区级)",
        ])
    }

    // MARK: Dates

    @Test func otherDateForms() {
        let cases: [(String, String)] = [
            ("2019/3/5", "2019-03-05"), ("2020.1.10", "2020-01-10"), ("2020-1-2", "2020-01-02"), ("2020/01/02", "2020-01-02"),
            ("2019年3月5日", "2019-03-05"), ("2020年11月", "2020-11"), ("2020年", "2020"),
            ("2018-01-01 00:00:00", "2018-01-01"), ("2019/3/5 8:30", "2019-03-05"), ("2018-01-01T12:00:00.250", "2018-01-01"),
            ("2020年1月2日 23:59", "2020-01-02"),
        ]
        for (text, canonical) in cases { #expect(Day.parsingOtherForm(text)?.canonical == canonical, "\(text)") }
        #expect(Day.parsingOtherForm("2020年11月")?.day == Day(year: 2020, month: 11, day: 1))
        for bad in ["2019/3", "2019/3-5", "2019/2/30", "19/3/5", "2019年3月5", "2018-01-01 25:00", "2018-01-01 0:60", "2020年 1:00", "43252"] {
            #expect(Day.parsingOtherForm(bad) == nil, "\(bad)")
        }
    }

    @Test func datesInTablesAreConvertedAndSerialsExplained() throws {
        let ds = try TemporaryDataset(replacing: [
            "organizations.csv": "id,name,type,region,parent,founded,dissolved\nA,a,association,D1,,2019/3/5,2020.1.10\nB,b,association,D1,A,2020年11月,2018-01-01 00:00:00\n",
            "persons.csv": "id,name,category\nP1,张三,teacher\n",
            "positions.csv": "person,organization,role,start,end\nP1,A,chair,43252,\n",
        ])
        let (_, log) = load(ds)
        #expect(conversions(log, ds.file("organizations.csv")) == [
            "date_form 2:6 2019/3/5 → 2019-03-05", "date_form 2:7 2020.1.10 → 2020-01-10",
            "date_form 3:6 2020年11月 → 2020-11", "date_form 3:7 2018-01-01 00:00:00 → 2018-01-01",
        ])
        #expect(problems(log, ds).contains(
            "positions.csv:2:4: error: \"start\" is 43252, a number, not a date: as an Excel serial date it would be 2018-06-01; write it as 2018-06-01 (in Excel, format the column as a date yyyy-mm-dd or as Text before saving as CSV)"))
    }

    @Test func foundedAfterTheAsOfDateWarns() throws {
        let ds = try TemporaryDataset(replacing: [
            "dataset.yaml": "as_of: 2024-06-30\n",
            "organizations.csv": "id,name,type,region,parent,founded\nA,a,association,D1,,2042-01-01\nB,b,association,T1,A,2024-06-30\nC,c,association,T2,A,2025\n",
        ])
        let (_, log) = load(ds)
        #expect(problems(log, ds) == [
            "organizations.csv:2:6: warning: \"founded\" 2042-01-01 is later than the as-of date 2024-06-30: a typo? (an organization does not count before it is founded) (2 rows; the first is here)",
        ])
    }

    @Test func excelSerials() {
        #expect(Day(excelSerial: 43252, system: .from1900)?.description == "2018-06-01")
        #expect(Day(excelSerial: 43252.75, system: .from1900)?.description == "2018-06-01")
        #expect(Day(excelSerial: 1, system: .from1900)?.description == "1900-01-01")
        #expect(Day(excelSerial: 59, system: .from1900)?.description == "1900-02-28")
        #expect(Day(excelSerial: 60, system: .from1900)?.description == nil)  // Excel's 29 February 1900
        #expect(Day(excelSerial: 61, system: .from1900)?.description == "1900-03-01")
        #expect(Day(excelSerial: 0, system: .from1900)?.description == nil)
        #expect(Day(excelSerial: 2_958_465, system: .from1900)?.description == "9999-12-31")
        #expect(Day(excelSerial: 2_958_466, system: .from1900)?.description == nil)
        #expect(Day(excelSerial: 0, system: .from1904)?.description == "1904-01-01")
        #expect(Day(excelSerial: 41790, system: .from1904)?.description == "2018-06-01")
        #expect(Day(excelSerial: -1, system: .from1904)?.description == nil)
    }

    // MARK: Excel damage

    @Test func codesInScientificNotationAreOneErrorEach() throws {
        let rows = (0..<10).map { "1.20120E+11,a\($0),association,D1,\n" }.joined()
        let ds = try TemporaryDataset(replacing: ["organizations.csv": "id,name,type,region,parent\n" + rows + "B,b,association,1.2e11,\n"])
        let (_, log) = load(ds)
        let p = problems(log, ds)
        #expect(p.count == 11)
        #expect(p.first == "organizations.csv:2:1: error: \"id\" is \"1.20120E+11\", a number in scientific notation: Excel converted a code to a number, and the digits after the 6th are lost. Keep codes as text: in Excel, format the column as Text before typing or pasting the codes, or import the CSV with the column set to Text (Data > From Text/CSV), then save again")
        #expect(p.last?.hasPrefix("organizations.csv:12:4: error: \"region\" is \"1.2e11\", a number in scientific notation") == true)
        #expect(!p.contains { $0.contains("duplicate") })
        func scientific(_ s: String) -> Bool { Array(s.utf8).withUnsafeBufferPointer(_ScientificCode.matches) }
        #expect(scientific("1E+11") && scientific("1.2012e11") && scientific("9.9E-3"))
        #expect(!scientific("1.2") && !scientific("A.E1") && !scientific("1.E5") && !scientific("12E5x"))
    }

    @Test func tabSeparatedTablesAreReadWithANote() throws {
        let ds = try TemporaryDataset(replacing: [
            // A first row of empty cells is blank, as in a CSV.
            "organizations.csv": "\t\t\t\t\nid\tname\ttype\tregion\tparent\nA\t示例区科协, 总会\tassociation\tD1\t\nB\t\"b\tc\"\tassociation\tT1\tA\n",
        ])
        let (dataset, log) = load(ds)
        #expect(log.errorCount == 0, "\(log.diagnostics)")
        #expect(conversions(log, ds.file("organizations.csv")) == ["tab_separated -:- tab → ,"])
        #expect(log.diagnostics.contains { $0.severity == .note && $0.line == nil && $0.message == "1 table read as tab-separated (its header has tabs and no commas)" })
        #expect(dataset?.organizations.names[0] == "示例区科协, 总会")
        #expect(dataset?.organizations.names[1] == "b\tc")
        #expect(dataset?.organizations.parents.target(1) == 0)
    }

    @Test func semicolonsAreAnError() throws {
        let ds = try TemporaryDataset(replacing: ["organizations.csv": "\nid;name;type;region;parent\nA;a;association;D1;\n"])
        let (_, log) = load(ds)
        #expect(problems(log, ds) == ["organizations.csv:2: error: " + _SeparatorText.semicolons])
    }

    // MARK: rules.yaml

    @Test func rulesTakeChineseNames() throws {
        let ds = try TemporaryDataset(replacing: [
            "rules.yaml": "key_persons:\n  乡镇/街道: [卫生院院长, 学校校长]\ncounting_roles:\n  村: [主席, 副主席]\nrole_weights:\n  常委: 0.7\nsectors:\n  科普带头人: 科技\n",
        ])
        let (dataset, log) = load(ds)
        #expect(log.errorCount == 0 && log.warningCount == 0, "\(log.diagnostics)")
        let rules = try #require(dataset?.rules)
        #expect(rules.keyPersons.contains(Rules.KeyPersonRule(level: .township, kind: "street", categories: ["health_center_director", "school_principal"])))
        #expect(rules.countingRoles[.village] == [.chair, .viceChair])
        #expect(rules.weight(of: .standingCommittee) == 0.7)
        #expect(rules.sectors["popularization_leader"] == "science")
        #expect(log.everyConversion.filter { $0.kind == .label }.count == 10)
    }
}
