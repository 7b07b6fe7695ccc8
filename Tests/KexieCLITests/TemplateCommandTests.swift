import Foundation
import Testing
import KexieTestSupport

/// `kexie template`: empty tables with Chinese headers, a scope's regions filled in, a guide,
/// and for --xlsx a workbook with drop-down lists.
@Suite struct TemplateCommandTests {
    /// A frame with two regions of the same name in two districts.
    static func frame() throws -> TemporaryDataset {
        try TemporaryDataset([
            "regions.csv": """
            id,name,level,parent,kind
            C,天津市,city,,
            D1,南开区,district,C,
            T1,向阳路街道,township,D1,street
            V1,新村社区,village,T1,community
            T2,某镇,township,D1,town
            D2,河西区,district,C,
            T3,向阳路街道,township,D2,street

            """,
            "organizations.csv": "id,name,type,region,parent\n",
        ])
    }

    static func folder() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("kexie-template-\(UUID().uuidString)").path
    }

    /// The file's text, byte-order mark included (Foundation's decoding drops it).
    static func read(_ path: String) throws -> String { String(decoding: try Data(contentsOf: URL(fileURLWithPath: path)), as: UTF8.self) }

    static let regionsOfNankai = """
        \u{FEFF}编号,名称,级别,上级,类别
        D1,南开区,区县级,,other
        T1,向阳路街道,乡镇街道级,D1,街道
        V1,新村社区,村社区级,T1,社区
        T2,某镇,乡镇街道级,D1,镇

        """

    @Test(arguments: ["dataset", "regions table"])
    func csvTablesHaveChineseHeadersAndTheScopesRegions(_ frameForm: String) throws {
        let d = try Self.frame(), out = Self.folder()
        defer { try? FileManager.default.removeItem(atPath: out) }
        let frame = frameForm == "dataset" ? d.path : d.file("regions.csv")
        let r = try runKexie(["template", "--frame", frame, "--scope", "南开区", "--out", out])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stderr == "kexie: wrote \(out): 4 regions under D1 南开区\n")
        #expect(try FileManager.default.contentsOfDirectory(atPath: out).sorted()
                == ["institutions.csv", "links.csv", "organizations.csv", "persons.csv", "positions.csv", "regions.csv", "说明.csv"])
        #expect(try Self.read("\(out)/regions.csv") == Self.regionsOfNankai)
        #expect(try Self.read("\(out)/organizations.csv") == "\u{FEFF}编号,名称,类型,区划,上级,依托单位,学科,成立日期,撤销日期\n")
        #expect(try Self.read("\(out)/persons.csv") == "\u{FEFF}编号,姓名,人员类别,领域,工作单位,区划\n")
        #expect(try Self.read("\(out)/positions.csv") == "\u{FEFF}人员,组织,职务,任职开始,任职结束\n")
        #expect(try Self.read("\(out)/links.csv") == "\u{FEFF}组织甲,组织乙,类别,权重,任职开始,任职结束\n")
        #expect(try Self.read("\(out)/institutions.csv") == "\u{FEFF}编号,名称,类别,区划\n")
        let guide = try Self.read("\(out)/说明.csv").split(separator: "\n")
        #expect(guide.count == 1 + 5 + 9 + 6 + 5 + 6 + 4)
        #expect(guide[0] == "\u{FEFF}表,列,英文列名,必填,可填的值")
        #expect(guide[3] == "区划（regions）,级别,level,是,国家、省级、市级、区县级、乡镇街道级、村社区级")
        #expect(guide.contains("职务（positions）,职务,role,是,主席、专职副主席、兼职副主席、挂职副主席、常委、委员、专职工作人员、代表、会员、志愿者"))
        #expect(guide.contains("人员（persons）,领域,sector,否,留空则由人员类别推出；或 health、education、agriculture、science、economy、other"))
    }

    @Test func theScopeIsAnIdANameOrANamePath() throws {
        let d = try Self.frame(), out = Self.folder()
        defer { try? FileManager.default.removeItem(atPath: out) }
        #expect(try runKexie(["template", "--frame", d.path, "--scope", "D1", "--out", "\(out)/id"]).status == 0)
        #expect(try Self.read("\(out)/id/regions.csv") == Self.regionsOfNankai)
        let path = try runKexie(["template", "--frame", d.path, "--scope", "南开区/向阳路街道", "--out", "\(out)/path"])
        #expect(path.stderr == "kexie: wrote \(out)/path: 2 regions under T1 向阳路街道\n")
        #expect(try runKexie(["template", "--frame", d.path, "--scope", "天津市 河西区 向阳路街道", "--out", "\(out)/spaces"]).status == 0)
        #expect(try Self.read("\(out)/spaces/regions.csv").contains("\nT3,向阳路街道,乡镇街道级,,街道\n"))

        let ambiguous = try runKexie(["template", "--frame", d.path, "--scope", "向阳路街道", "--out", "\(out)/x"])
        #expect(ambiguous.status == 64)
        #expect(ambiguous.stderr.contains(#"--scope "向阳路街道": 2 regions have this name (T1 天津市/南开区/向阳路街道; T3 天津市/河西区/向阳路街道); give the id or a name path such as 南开区/向阳路街道"#), "\(ambiguous.stderr)")
        let none = try runKexie(["template", "--frame", d.path, "--scope", "南开", "--out", "\(out)/x"])
        #expect(none.status == 64)
        #expect(none.stderr.contains(#"--scope "南开": no region has this id or name — did you mean "南开区"?"#), "\(none.stderr)")
        #expect(!FileManager.default.fileExists(atPath: "\(out)/x"))
    }

    @Test func filledTablesAreNeverReplaced() throws {
        let d = try Self.frame(), out = Self.folder()
        defer { try? FileManager.default.removeItem(atPath: out) }
        #expect(try runKexie(["template", "--frame", d.path, "--scope", "D1", "--out", out]).status == 0)
        try "\u{FEFF}人员,组织,职务\nP1,A1,主席\n".write(toFile: "\(out)/positions.csv", atomically: true, encoding: .utf8)
        let again = try runKexie(["template", "--frame", d.path, "--scope", "D1", "--out", out, "--xlsx"])
        #expect(again.status == 64)
        #expect(again.stderr.contains("--out \(out): regions.csv exists; kexie template writes only into a folder without tables"), "\(again.stderr)")
        #expect(try Self.read("\(out)/positions.csv") == "\u{FEFF}人员,组织,职务\nP1,A1,主席\n")
    }

    @Test(.enabled(if: WorkbookDump.isAvailable))
    func theWorkbookHasSheetsInChineseTextIdsAndDropDowns() throws {
        let d = try Self.frame(), out = Self.folder()
        defer { try? FileManager.default.removeItem(atPath: out) }
        let r = try runKexie(["template", "--frame", d.path, "--scope", "南开区", "--out", out, "--xlsx"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: out) == ["roster.xlsx"])
        let dump = try WorkbookDump.read("\(out)/roster.xlsx")
        #expect(dump.sheets.map(\.name) == ["说明", "区划", "组织", "人员", "职务", "联系", "单位"])
        let regions = try #require(dump["区划"])
        #expect(regions.rows == [
            ["编号", "名称", "级别", "上级", "类别"].map { .text($0) },
            [.text("D1"), .text("南开区"), .text("区县级"), nil, .text("other")],
            [.text("T1"), .text("向阳路街道"), .text("乡镇街道级"), .text("D1"), .text("街道")],
            [.text("V1"), .text("新村社区"), .text("村社区级"), .text("T1"), .text("社区")],
            [.text("T2"), .text("某镇"), .text("乡镇街道级"), .text("D1"), .text("镇")],
        ])
        #expect(regions.freeze == "A2")
        #expect(regions.validations == [["list", "\"国家,省级,市级,区县级,乡镇街道级,村社区级\"", "C2:C1048576", "warning"]])
        #expect(dump["组织"]?.validations.first?[1] == "\"科协,学会,农技协,农技协联合会,企业科协,园区/联合科协,高校科协,科普组织,科技类社会组织,其他\"")
        #expect(dump["人员"]?.validations.first?[1].hasPrefix("\"医院院长,学校校长,种植业发展服务中心主任,") == true)
        #expect(dump["人员"]?.validations.first?[2] == "C2:C1048576")
        #expect(dump["职务"]?.validations.first?[1] == "\"主席,专职副主席,兼职副主席,挂职副主席,常委,委员,专职工作人员,代表,会员,志愿者\"")
        #expect(dump["联系"]?.validations.first?[1] == "\"对接帮扶,合作联系,团体会员,联合会成员\"")
        #expect(dump["单位"]?.validations == [])
        #expect(dump["说明"]?.rows.count == 36)
    }

    /// The regions table, its headers and labels turned into English keys by the guide, loads
    /// as the frame of a dataset and keeps the regions of the scope.
    @Test func theRegionsTableReadsBackThroughTheGuide() throws {
        let d = try Self.frame(), out = Self.folder()
        defer { try? FileManager.default.removeItem(atPath: out) }
        #expect(try runKexie(["template", "--frame", d.path, "--scope", "南开区", "--out", out]).status == 0)
        let guide = try Self.read("\(out)/说明.csv").split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        let keys = Dictionary(guide.filter { $0[0] == "区划（regions）" }.map { ($0[1], $0[2]) }, uniquingKeysWith: { a, _ in a })
        let labels = ["区县级": "district", "乡镇街道级": "township", "村社区级": "village", "街道": "street", "社区": "community", "镇": "town"]
        var lines = try Self.read("\(out)/regions.csv").dropFirst().split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        lines[0] = lines[0].map { keys[$0] ?? "?" }
        for i in 1 ..< lines.count { lines[i] = lines[i].map { labels[$0] ?? $0 } }
        let english = try TemporaryDataset([
            "regions.csv": lines.map { $0.joined(separator: ",") }.joined(separator: "\n") + "\n",
            "organizations.csv": "id,name,type,region,parent\nA1,南开区科协,association,D1,\n",
        ])
        let r = try runKexie(["validate", english.path])
        #expect(r.status == 0, "\(r.stdout)\(r.stderr)")
        let summary = try runKexie(["summary", english.path, "--format", "json"])
        #expect(summary.stdout.contains("\"regions\": {\n    \"total\": 4,"), "\(summary.stdout)")
    }

    /// A template filled in as people do — Chinese headers, Chinese labels, names for regions —
    /// validates once the loader reads them (dataset.md version 2, "Tables as people keep them").
    @Test func aFilledTemplateValidates() throws {
        let d = try Self.frame(), out = Self.folder()
        defer { try? FileManager.default.removeItem(atPath: out) }
        #expect(try runKexie(["template", "--frame", d.path, "--scope", "南开区", "--out", out]).status == 0)
        try "\u{FEFF}编号,名称,类型,区划,上级,依托单位,学科,成立日期,撤销日期\nA1,南开区科协,科协,南开区,,,,2010/3/1,\nA2,向阳路街道科协,科协,向阳路街道,A1,,,,\n"
            .write(toFile: "\(out)/organizations.csv", atomically: true, encoding: .utf8)
        try "\u{FEFF}编号,姓名,人员类别,领域,工作单位,区划\nP1,张三,医院院长,,,D1\n".write(toFile: "\(out)/persons.csv", atomically: true, encoding: .utf8)
        try "\u{FEFF}人员,组织,职务,任职开始,任职结束\nP1,A1,兼职副主席,2020年1月,\n".write(toFile: "\(out)/positions.csv", atomically: true, encoding: .utf8)
        let r = try runKexie(["validate", out])
        #expect(r.status == 0, "\(r.stdout)\(r.stderr)")
        #expect(r.stderr.contains("organizations.csv:2:4: note: 2 regions given by name, resolved"), "\(r.stderr)")
        #expect(r.stderr.contains("positions.csv:2:3: note: 1 value given by Chinese label"), "\(r.stderr)")
    }
}
