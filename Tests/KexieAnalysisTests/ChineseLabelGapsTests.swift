import Testing
import KexieAnalysis
import KexieIO
import KexieModel
import KexieTestSupport

/// Issue 13: key persons whose categories are written with the Chinese labels kexie prints
/// (学校校长, 卫生院院长/卫生服务中心主任, …) fill the posts they name; gaps must not report them.
@Suite struct ChineseLabelGapsTests {
    @Test func postsWrittenWithChineseLabelsCount() throws {
        let ds = try TemporaryDataset(replacing: [
            "persons.csv": """
                编号,姓名,人员类别
                P1,张三,卫生院院长/卫生服务中心主任
                P2,李四,学校校长
                P3,王五,科技型企业负责人
                P4,赵六,社会服务中心主任
                P5,钱七,卫生院院长

                """,
            "positions.csv": """
                人员编号,组织编号,职务
                P1,A-T1,委员
                P2,A-T1,兼职副主席
                P3,A-T1,常务委员
                P4,A-T1,副主席
                P5,A-T2,委员

                """,
        ])
        let outcome = LoadOutcome(ds.path)
        let d = try #require(outcome.dataset)
        #expect(outcome.log.warningCount == 0, "\(outcome.log.diagnostics)")
        let gaps = Analysis(d, asOf: Day(year: 2024, month: 1, day: 1)!).gaps.keyPersons
        let street = try #require(d.organizations.ids.index(of: "A-T1"))
        let town = try #require(d.organizations.ids.index(of: "A-T2"))
        // 东街道 is a street: its four required categories are all held.
        #expect(!gaps.contains { $0.organization == street })
        // 西镇 is a town: only its health-centre director is there.
        #expect(gaps.first { $0.organization == town }?.missing == ["school_principal", "agri_station_head", "tech_enterprise_head", "social_service_center_director"])
    }
}
