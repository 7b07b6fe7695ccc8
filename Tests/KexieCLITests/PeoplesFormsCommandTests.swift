import Testing
import KexieTestSupport

/// `kexie validate` on a roster as a new user keeps it (issue 13): it loads, and says what it
/// converted, one note per table and kind.
@Suite struct PeoplesFormsCommandTests {
    @Test func validatePrintsTheConversionNotes() throws {
        let ds = try TemporaryDataset(replacing: [
            "regions.csv": "编码,名称,级别,上级\nD1,示例区,区县级,\nT1,东街道,乡镇,D1\nT2,西镇,乡镇,D1\n",
            "organizations.csv": "编码\t名称\t类型\t区划\t上级\t成立日期\nA-D1\t示例区科协\t科协\tD1\t\t2019/3/5\nA-T1\t东街道科协\t科协\tT1\tA-D1\t2020年11月\n",
            "persons.csv": "编号,姓名,人员类别\nP1,张三,学校校长\nP2,李四,卫生院院长/卫生服务中心主任\n",
            "positions.csv": "人员,组织,职务,开始日期\nP1,A-T1,兼职副主席,2018-01-01 00:00:00\nP2,A-T1,委员,２０２０.1.10\n",
        ])
        let r = try runKexie(["validate", ds.path])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("\(ds.path): valid — 3 regions, 2 organizations, 2 persons, 2 positions"))
        let notes = [
            "regions.csv:1:1: note: 4 column names read as the contract's (first: \"编码\" → \"id\")",
            "regions.csv:2:3: note: 3 values given by Chinese label or in another case, read as the contract's keys (first: \"区县级\" → \"district\")",
            "organizations.csv: note: 1 table read as tab-separated (its header has tabs and no commas)",
            "organizations.csv:1:1: note: 6 column names read as the contract's (first: \"编码\" → \"id\")",
            "organizations.csv:2:6: note: 2 dates in another form read as YYYY-MM-DD (first: \"2019/3/5\" → \"2019-03-05\")",
            "persons.csv:2:3: note: 2 values given by Chinese label or in another case, read as the contract's keys (first: \"学校校长\" → \"school_principal\")",
            "positions.csv:3:4: note: 1 cell with full-width characters read as half-width (Unicode NFKC) (\"２０２０.1.10\" → \"2020.1.10\")",
            "positions.csv:2:4: note: 2 dates in another form read as YYYY-MM-DD (first: \"2018-01-01 00:00:00\" → \"2018-01-01\")",
        ]
        for note in notes { #expect(r.stderr.contains("\(ds.path)/\(note)"), "\(note)\n\(r.stderr)") }
    }
}
