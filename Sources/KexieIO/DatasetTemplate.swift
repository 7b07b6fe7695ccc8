import KexieModel
import KexieWorkbook

/// An empty dataset for people to fill in (`kexie template`): every table of the contract with
/// its columns under their Chinese names (the first the contract gives, `_ContractColumns`),
/// the regions of one scope of a frame filled in, and a guide that gives each column's
/// English key, whether it is required and what it may hold.
///
/// Why the English keys are in a guide and not in the header: the header row must stay one
/// row of names kexie reads (the first non-empty row is the header), and a second header row
/// would be read as data. So each table's header is Chinese, and the guide — the sheet 说明 of
/// the workbook, or `说明.csv` beside the CSV tables — lists table, column, English key,
/// required and allowed values. kexie ignores both (a sheet or file with another name).
///
/// The regions are the scope region and its descendants, in the frame's row order, with the
/// level as its Chinese label, the kind as its Chinese name where the contract gives one
/// (街道, 镇, 乡, 社区, 村), and the parent's id; the scope region's parent is left empty, since
/// it is not in the template's frame (a parent outside the frame is an error).
public struct DatasetTemplate: Sendable {
    /// One table of the template.
    package struct Table: Sendable {
        /// The contract's name (`regions`).
        package var name: String
        /// Its Chinese name, the workbook's sheet (区划).
        package var sheetName: String
        /// The contract's columns, in the contract's order.
        package var columns: [String]
        /// The columns that must be present.
        package var required: Set<String>
        /// The Chinese header of each column.
        package var header: [String] { columns.map { _ContractColumns.preferredName(of: $0, in: name) ?? $0 } }
        /// The rows filled in (the regions), one text per column.
        package var rows: [[String]] = []
    }

    /// The tables, in the contract's order.
    package private(set) var tables: [Table]

    /// The template for the regions of `frame` under `scope` (a row of `frame`), that region
    /// included.
    ///
    /// - Complexity: O(regions · depth).
    public init(frame: RegionTable, scope: Int) {
        tables = Self.schemas.map { schema in
            Table(name: schema.table, sheetName: _ContractColumns.sheetNames.first { $0.table == schema.table }?.name ?? schema.table,
                  columns: schema.known, required: Set(schema.required))
        }
        tables[0].rows = Self.regionRows(frame, scope: scope, columns: tables[0].columns)
    }

    /// The schemas of the tables, in the order of `DatasetLoader.tableNames`.
    static let schemas = [RegionTable._schema, OrganizationTable._schema, PersonTable._schema,
                          PositionTable._schema, LinkTable._schema, InstitutionTable._schema]

    /// The regions under `scope` (in row order), as text per column of the regions table.
    private static func regionRows(_ frame: RegionTable, scope: Int, columns: [String]) -> [[String]] {
        (0 ..< frame.count).filter { r in
            var a: Int? = r
            while let x = a, x != scope { a = frame.parent(x) }
            return a == scope
        }.map { r in
            columns.map { column in
                switch column {
                case "id": frame.ids[r]
                case "name": frame.names[r]
                case "level": frame.levels[r].label
                case "parent": r == scope ? "" : frame.parent(r).map { frame.ids[$0] } ?? ""
                case "kind": kindLabels[frame.kind(r)] ?? frame.kind(r)
                default: ""
                }
            }
        }
    }

    /// The region kinds the contract names in Chinese, each by the first of its names there.
    static let kindLabels = ["street": "街道", "town": "镇", "township": "乡", "community": "社区", "village": "村"]
}
