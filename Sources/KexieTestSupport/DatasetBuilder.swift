import Foundation
import KexieIO
import KexieModel

/// A small dataset written row by row in a test, then written out as CSV and read by the real
/// loader, so that a hand-worked case means exactly what the same rows in files would mean.
///
/// ```swift
/// var b = DatasetBuilder()
/// b.region("D1", .district)
/// b.region("T1", .township, parent: "D1", kind: "town")
/// b.organization("A", .association, region: "D1")
/// b.organization("T", .association, region: "T1", parent: "A", founded: "2018-05")
/// let dataset = try b.load()
/// ```
///
/// Every table has the full header of its contract columns, so empty arguments are empty
/// cells (absent values). A name defaults to the id; a region's kind is then not inferred from
/// its name (an id has no Chinese ending) and is `other` unless given. Tables without rows are
/// written as headers only, `rules.yaml` only when `rules` is set.
public struct DatasetBuilder: Sendable {
    /// `rules.yaml` as text, or `nil` for the built-in rules.
    public var rules: String?
    private var regions = "id,name,level,parent,kind\n"
    private var organizations = "id,name,type,region,parent,institution,discipline,founded,dissolved\n"
    private var persons = "id,name,category,sector\n"
    private var positions = "person,organization,role,start,end\n"
    private var links = "from,to,kind,weight,start,end\n"
    private var institutions = "id,name,kind,region\n"

    /// An empty dataset (it loads only once it has a region).
    public init(rules: String? = nil) { self.rules = rules }

    /// A row of regions.csv.
    public mutating func region(_ id: String, _ level: Level, parent: String = "", kind: String = "", name: String? = nil) {
        regions += Self.row([id, name ?? id, level.name, parent, kind])
    }

    /// A row of organizations.csv; dates as the contract writes them (`2018`, `2018-05`, `2018-05-01`).
    public mutating func organization(
        _ id: String, _ type: OrganizationType, region: String, parent: String = "", institution: String = "",
        discipline: String = "", founded: String = "", dissolved: String = "", name: String? = nil
    ) {
        organizations += Self.row([id, name ?? id, type.name, region, parent, institution, discipline, founded, dissolved])
    }

    /// A row of persons.csv; an empty sector is derived from the category by the rules.
    public mutating func person(_ id: String, _ category: String, sector: String = "", name: String? = nil) {
        persons += Self.row([id, name ?? id, category, sector])
    }

    /// A row of positions.csv.
    public mutating func position(_ person: String, _ organization: String, _ role: Role, start: String = "", end: String = "") {
        positions += Self.row([person, organization, role.name, start, end])
    }

    /// A row of links.csv; an empty weight is the rules' weight of the kind.
    public mutating func link(_ from: String, _ to: String, _ kind: LinkKind, weight: String = "", start: String = "", end: String = "") {
        links += Self.row([from, to, kind.name, weight, start, end])
    }

    /// A row of institutions.csv.
    public mutating func institution(_ id: String, _ kind: InstitutionKind, region: String = "", name: String? = nil) {
        institutions += Self.row([id, name ?? id, kind.name, region])
    }

    /// The tables as files, by file name.
    public var files: [String: String] {
        var files = [
            "regions.csv": regions, "organizations.csv": organizations, "persons.csv": persons,
            "positions.csv": positions, "links.csv": links, "institutions.csv": institutions,
        ]
        if let rules { files["rules.yaml"] = rules }
        return files
    }

    /// The dataset written to a temporary folder (removed when the value is released).
    public func write() throws -> TemporaryDataset { try TemporaryDataset(files) }

    /// The dataset as the loader reads it; a load that fails throws `LoadFailed` with the log.
    public func load() throws -> Dataset {
        let folder = try write()
        let outcome = LoadOutcome(folder.path)
        guard let dataset = outcome.dataset else { throw LoadFailed(diagnostics: outcome.log.diagnostics.map { "\($0)" }) }
        return dataset
    }

    /// The builder's rows did not load (a test's mistake, not a finding).
    public struct LoadFailed: Error, CustomStringConvertible {
        /// The loader's diagnostics, as text.
        public var diagnostics: [String]
        public var description: String { "the built dataset did not load: \(diagnostics.joined(separator: "; "))" }
    }

    /// One CSV line; a cell is quoted when it holds a comma, a quote or a line break.
    private static func row(_ cells: [String]) -> String {
        cells.map { cell in
            guard cell.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return cell }
            return "\"" + cell.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }.joined(separator: ",") + "\n"
    }
}
