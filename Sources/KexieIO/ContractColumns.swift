/// The Chinese names a header may give the contract's columns (dataset.md, "Tables as people
/// keep them": column names). A header cell is compared after NFKC, trimming and, for English
/// names, ignoring case; the first Chinese name of each column is the one kexie writes
/// (templates, workbooks meant for people).
///
/// The same Chinese word can name different columns in different tables: 类别 is `kind` in
/// regions, institutions and links, and `category` in persons. No table has both, so within
/// one table every Chinese name means one column.
package enum _ContractColumns {
    /// Each column of the contract with its Chinese names, the one kexie writes first.
    package static let chineseNames: [(column: String, names: [String])] = [
        ("id", ["编号", "编码", "代码", "ID"]),
        ("name", ["名称", "姓名"]),
        ("level", ["级别", "层级"]),
        ("parent", ["上级", "上级组织", "上级区划"]),
        ("kind", ["类别", "区划类型"]),
        ("type", ["类型", "组织类型"]),
        ("region", ["区划", "所属区划", "所在地区"]),
        ("institution", ["依托单位", "所属单位"]),
        ("discipline", ["学科"]),
        ("founded", ["成立日期", "成立时间"]),
        ("dissolved", ["撤销日期", "注销日期"]),
        ("category", ["人员类别", "类别"]),
        ("sector", ["领域"]),
        ("workplace", ["工作单位", "单位"]),
        ("person", ["人员", "人员编号"]),
        ("organization", ["组织", "组织编号"]),
        ("role", ["职务"]),
        ("start", ["任职开始", "开始日期"]),
        ("end", ["任职结束", "结束日期"]),
        ("from", ["组织甲"]),
        ("to", ["组织乙"]),
        ("weight", ["权重"]),
    ]

    /// The Chinese names of `column` (empty for a column the contract does not define).
    package static func names(of column: String) -> [String] {
        chineseNames.first { $0.column == column }?.names ?? []
    }

    /// The Chinese name kexie writes for `column` of `table` (its first, but 姓名 for a
    /// person's name), or `nil` when it has none.
    package static func preferredName(of column: String, in table: String) -> String? {
        table == "persons" && column == "name" ? "姓名" : names(of: column).first
    }

    /// The column among `columns` (one table's) that the Chinese name `name` stands for, or
    /// `nil`. `name` must already be NFKC-normalised and trimmed.
    package static func column(named name: String, among columns: [String]) -> String? {
        columns.first { names(of: $0).contains(name) }
    }

    /// The Chinese names of the tables, for a workbook's sheets (区划 → regions, …).
    package static let sheetNames: [(table: String, name: String)] = [
        ("regions", "区划"), ("organizations", "组织"), ("persons", "人员"),
        ("positions", "职务"), ("links", "联系"), ("institutions", "单位"),
    ]
}
