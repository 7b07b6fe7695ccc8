import KexieMachinery
import KexieModel
import KexieWorkbook

extension DatasetTemplate {
    /// The name of the guide: the workbook's sheet, and `NAME.csv` beside CSV tables.
    package static let guideName = "说明"
    /// The name of the workbook `kexie template --xlsx` writes into its folder.
    package static let workbookFile = "roster.xlsx"
    /// The hidden sheet that holds the drop-down lists too long to write in place.
    static let listsSheetName = "列表"

    /// The values offered in a drop-down list for `column` of `table`: the Chinese labels of
    /// the vocabularies the contract gives labels for (level, organization type, key-person
    /// category, role, link kind); nil for other columns.
    package static func dropDown(_ table: String, _ column: String) -> [String]? {
        switch (table, column) {
        case ("regions", "level"): Level.allCases.map(\.label)
        case ("organizations", "type"): OrganizationType.allCases.map(\.label)
        case ("persons", "category"): KnownVocabulary.categories.map(\.label)
        case ("positions", "role"): Role.allCases.map(\.label)
        case ("links", "kind"): LinkKind.allCases.map(\.label)
        default: nil
        }
    }

    /// What `column` of `table` may hold, for the guide.
    static func allowed(_ table: String, _ column: String) -> String {
        if let values = dropDown(table, column) { return values.joined(separator: "、") }
        switch (table, column) {
        case (_, "id"): return "唯一编号（文本）"
        case (_, "name"): return "名称（可以重名）"
        case ("regions", "parent"): return "上级区划的编号；最上一级留空"
        case ("regions", "kind"): return "街道、镇、乡、社区、村，或其他"
        case ("institutions", "kind"): return InstitutionKind.names.joined(separator: "、")
        case ("organizations", "parent"): return "上级组织的编号或唯一的名称；最上一级留空"
        case (_, "region"): return "区划编号，或唯一的区划名称、名称路径（如 南开区/向阳路街道）"
        case (_, "organization"), (_, "from"), (_, "to"): return "组织编号，或唯一的组织名称"
        case (_, "person"): return "人员编号"
        case (_, "institution"): return "单位编号"
        case (_, "founded"), (_, "dissolved"), (_, "start"), (_, "end"): return "日期，如 2020-01-01、2020/1/1、2020年1月1日"
        case (_, "sector"): return "留空则由人员类别推出；或 " + KnownVocabulary.sectors.map(\.name).joined(separator: "、")
        case (_, "discipline"): return "学会的学科，如 medicine、engineering、agriculture"
        case (_, "weight"): return "大于 0 的数；留空用默认权重"
        default: return ""
        }
    }

    /// The guide: a header, then a row per column of every table (table, column, English key,
    /// required, allowed values).
    package var guideRows: [[String]] {
        [["表", "列", "英文列名", "必填", "可填的值"]] + tables.flatMap { t in
            zip(t.columns, t.header).map { column, header in
                ["\(t.sheetName)（\(t.name)）", header, column, t.required.contains(column) ? "是" : "否", Self.allowed(t.name, column)]
            }
        }
    }

    // MARK: CSV

    /// The CSV files of the template: each table as `NAME.csv`, then the guide. Each starts
    /// with a UTF-8 byte-order mark (Excel in a Chinese locale reads a file without one as
    /// GBK); the loader skips it.
    package func csvFiles() -> [(file: String, text: String)] {
        tables.map { t in ("\(t.name).csv", Self.csv([t.header] + t.rows)) } + [("\(Self.guideName).csv", Self.csv(guideRows))]
    }

    private static func csv(_ rows: [[String]]) -> String {
        var w = _ByteWriter()
        w.append("\u{FEFF}")
        for row in rows {
            for (i, cell) in row.enumerated() {
                if i > 0 { w.append(UInt8(ascii: ",")) }
                w.append(csvCell: cell)
            }
            w.append(UInt8(ascii: "\n"))
        }
        return w.text
    }

    // MARK: Workbook

    /// The template as one workbook: the guide first, then a sheet per table named in Chinese,
    /// ids and references formatted as text (so that codes keep their digits), drop-down lists
    /// on the vocabulary columns (long ones on the hidden sheet 列表).
    package func workbook() -> _WorkbookWriter {
        let guide = guideRows
        var sheets = [_WorkbookSheet(name: Self.guideName, header: guide[0], rowCount: guide.count - 1) { i in guide[i + 1].map { .text($0) } }]
        for t in tables {
            let rows = t.rows
            var sheet = _WorkbookSheet(name: t.sheetName, header: t.header, rowCount: rows.count) { i in
                rows[i].map { $0.isEmpty ? .empty : .text($0) }
            }
            sheet.textColumns = Set(t.columns.indices.filter { Self.codeColumns.contains(t.columns[$0]) })
            sheet.validations = t.columns.indices.compactMap { c in
                Self.dropDown(t.name, t.columns[c]).map {
                    _WorkbookListValidation(column: c, values: $0, warning: "不在列表中：kexie 读入时会检查这个值（也可以填英文键，见“说明”）")
                }
            }
            sheets.append(sheet)
        }
        var writer = _WorkbookWriter(sheets: sheets)
        writer.listsSheetName = Self.listsSheetName
        return writer
    }

    /// Columns that hold ids (codes), formatted as text in the workbook.
    static let codeColumns: Set<String> = ["id", "parent", "region", "institution", "person", "organization", "from", "to"]
}
