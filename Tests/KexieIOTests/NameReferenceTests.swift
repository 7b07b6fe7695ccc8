import Foundation
import Testing
@testable import KexieIO
import KexieModel
import KexieTestSupport

/// References by name (dataset.md, "References by name"): regions by name or name path,
/// organizations by name, person names warned of; unique → resolved with a note, several → a
/// data error listing up to five, none → the version 1 finding with the nearest names.
@Suite struct NameReferenceTests {
    /// A city with three districts; 向阳路街道 is in two of them.
    static let frame = """
        id,name,level,parent,kind
        C,天津市,city,,
        D1,南开区,district,C,
        D2,河北区,district,C,
        D3,河西区,district,C,
        T1,向阳路街道,township,D1,
        T2,向阳路街道,township,D2,
        T3,东园街道,township,D1,

        """
    static let organizationsHeader = "id,name,type,region,parent\n"

    private func load(_ files: [String: String], inPieces: Bool = false) throws -> (LoadOutcome, TemporaryDataset) {
        let ds = try TemporaryDataset(["regions.csv": Self.frame, "organizations.csv": Self.organizationsHeader], replacing: files)
        guard inPieces else { return (LoadOutcome(ds.path), ds) }
        var loader = DatasetLoader()
        loader._piecesFrom = 0
        return (LoadOutcome(ds.path, loader: loader), ds)
    }

    private func messages(_ o: LoadOutcome, _ severity: Diagnostic.Severity) -> [String] {
        o.diagnostics(severity).map { "\($0.file.map { ($0 as NSString).lastPathComponent } ?? ""):\($0.line ?? 0):\($0.column ?? 0): \($0.message)" }
    }

    // MARK: regions

    @Test func aUniqueRegionNameResolvesWithANote() throws {
        let (o, _) = try load(["organizations.csv": Self.organizationsHeader + "A1,东园街道科协,association,东园街道,\n"])
        let d = try #require(o.dataset)
        #expect(d.organizations.regions[0] == .resolved(6))
        #expect(messages(o, .note) == ["organizations.csv:2:4: 1 region given by name, resolved (\"东园街道\" → \"T3\")"])
        #expect(o.diagnostics(.warning).isEmpty)
    }

    @Test func everyConversionIsKeptWhenAsked() throws {
        let ds = try TemporaryDataset(["regions.csv": Self.frame, "organizations.csv": Self.organizationsHeader
            + "A1,a,association,东园街道,\nA2,b,association,南开区/向阳路街道,\n"])
        var loader = DatasetLoader()
        loader.keepsEveryConversion = true
        let log = try loader.load(ds.path).log
        #expect(log.everyConversion == [
            Conversion(.regionName, file: ds.file("organizations.csv"), line: 2, column: 4, columnName: "region", read: "东园街道", became: "T3"),
            Conversion(.regionName, file: ds.file("organizations.csv"), line: 3, column: 4, columnName: "region",
                       read: "南开区/向阳路街道", became: "T1"),
        ])
    }

    @Test func aNamePathWithSlashesOrSpacesNamesTheRegionUnderItsAncestors() throws {
        let (o, _) = try load(["organizations.csv": Self.organizationsHeader + """
            A1,a,association,南开区/向阳路街道,
            A2,b,association,河北区 向阳路街道,
            A3,c,association,天津市/南开区/向阳路街道,
            A4,d,association,天津市 / 河北区 /  向阳路街道,
            A5,e,association,天津市／南开区　向阳路街道,

            """])
        let d = try #require(o.dataset)
        #expect((0..<5).map { d.organizations.regions[$0] } == [.resolved(4), .resolved(5), .resolved(4), .resolved(5), .resolved(4)])
        #expect(messages(o, .note) == ["organizations.csv:2:4: 5 regions given by name, resolved (first: \"南开区/向阳路街道\" → \"T1\")",
                                       "organizations.csv:6:4: 1 cell with full-width characters read as half-width (Unicode NFKC) (\"天津市／南开区　向阳路街道\" → \"天津市/南开区 向阳路街道\")"])
    }

    /// Earlier names are ancestors in order, not necessarily the direct parent.
    @Test func anAncestorAboveTheParentIsEnoughIfItTellsThemApart() throws {
        let frame = Self.frame + "V1,红星社区,village,T1,\nV2,红星社区,village,T2,\n"
        let (o, _) = try load(["regions.csv": frame, "organizations.csv": Self.organizationsHeader + "A1,a,association,南开区/红星社区,\n"])
        #expect(try #require(o.dataset).organizations.regions[0] == .resolved(7))
    }

    @Test func aPathWhoseEarlierNamesAreNotAncestorsStaysUnresolved() throws {
        let (o, _) = try load(["organizations.csv": Self.organizationsHeader + """
            A1,a,association,河西区/东园街道,
            A2,b,association,向阳路街道/南开区,

            """])
        let d = try #require(o.dataset)
        #expect(d.organizations.regions[0] == .unknown("河西区/东园街道"))
        #expect(d.organizations.regions[1] == .unknown("向阳路街道/南开区"))
        #expect(messages(o, .warning) == [
            "organizations.csv:2:4: region \"河西区/东园街道\" in column \"region\" is neither an id nor a name in regions.csv, "
                + "left unresolved: write the id or the exact name — did you mean \"东园街道\" (T3, 天津市/南开区/东园街道)?",
            "organizations.csv:3:4: region \"向阳路街道/南开区\" in column \"region\" is neither an id nor a name in regions.csv, "
                + "left unresolved: write the id or the exact name — did you mean \"南开区\" (D1, 天津市/南开区)?",
        ])
    }

    @Test func aNameOfSeveralRegionsIsAnErrorListingFiveWithTheirPaths() throws {
        var frame = Self.frame
        for k in 1...6 { frame += "V\(k),红星村,village,\(k <= 3 ? "T1" : "T3"),\n" }
        let (o, _) = try load(["regions.csv": frame, "organizations.csv": Self.organizationsHeader + """
            A1,a,association,向阳路街道,
            A2,b,association,红星村,
            A3,c,association,红星村,

            """])
        #expect(o.failure == .dataError)
        #expect(messages(o, .error) == [
            "organizations.csv:2:4: region \"向阳路街道\" in column \"region\" is the name of 2 regions: T1 (天津市/南开区/向阳路街道), "
                + "T2 (天津市/河北区/向阳路街道); a name must match exactly one region: write the id, or a name path from an "
                + "ancestor down (\"南开区/向阳路街道\")",
            "organizations.csv:3:4: region \"红星村\" in column \"region\" is the name of 6 regions: V1 (天津市/南开区/向阳路街道/红星村), "
                + "V2 (天津市/南开区/向阳路街道/红星村), V3 (天津市/南开区/向阳路街道/红星村), V4 (天津市/南开区/东园街道/红星村), "
                + "V5 (天津市/南开区/东园街道/红星村), and 1 more; a name must match exactly one region: write the id, or a name "
                + "path from an ancestor down (\"向阳路街道/红星村\") (2 rows; the first is here)",
        ])
    }

    @Test func aNameOfNoRegionIsTheUnknownRegionFindingWithTheNearestNames() throws {
        let (o, _) = try load(["organizations.csv": Self.organizationsHeader + "A1,a,association,南开,\nA2,b,association,V9,\n"])
        let d = try #require(o.dataset)
        #expect(d.organizations.regions[0] == .unknown("南开"))
        #expect(d.organizations.regions[1] == .unknown("V9"))
        // An unknown id warns of nothing, as in version 1 (the finding says it).
        #expect(messages(o, .warning) == [
            "organizations.csv:2:4: region \"南开\" in column \"region\" is neither an id nor a name in regions.csv, "
                + "left unresolved: write the id or the exact name — did you mean \"南开区\" (D1, 天津市/南开区)?",
        ])
        #expect(o.diagnostics(.note).isEmpty)
    }

    @Test func anIdWinsOverAName() throws {
        // Region T3's name is another region's id.
        let frame = Self.frame.replacingOccurrences(of: "T3,东园街道", with: "T3,D2")
        let (o, _) = try load(["regions.csv": frame, "organizations.csv": Self.organizationsHeader + "A1,a,association,D2,\n"])
        #expect(try #require(o.dataset).organizations.regions[0] == .resolved(2))
        #expect(o.diagnostics(.note).isEmpty)
    }

    @Test func aRegionParentByNameMayComeLaterInTheFile() throws {
        let frame = """
            id,name,level,parent,kind
            V1,红星社区,village,南开区/向阳路街道,
            V2,红星社区,village,河北区 向阳路街道,
            T1,向阳路街道,township,南开区,
            T2,向阳路街道,township,D2,
            D1,南开区,district,天津市,
            D2,河北区,district,C,
            C,天津市,city,,

            """
        let (o, _) = try load(["regions.csv": frame])
        let r = try #require(o.dataset).regions
        #expect(r.parents == [2, 3, 4, 5, 6, 6, -1])
        #expect(messages(o, .note) == ["regions.csv:2:4: 4 regions given by name, resolved (first: \"南开区/向阳路街道\" → \"T1\")"])
    }

    @Test func aRegionParentByAmbiguousOrUnknownNameIsAnError() throws {
        let frame = Self.frame + "V1,红星社区,village,向阳路街道,\nV2,光明社区,village,东园,\nV3,幸福社区,village,T9,\n"
        let (o, _) = try load(["regions.csv": frame])
        #expect(o.failure == .dataError)
        #expect(messages(o, .error) == [
            "regions.csv:9:4: parent \"向阳路街道\" is the name of 2 regions: T1 (天津市/南开区/向阳路街道), T2 (天津市/河北区/向阳路街道); "
                + "a name must match exactly one region: write the id, or a name path from an ancestor down (\"南开区/向阳路街道\")",
            "regions.csv:10:4: unknown parent \"东园\": no region has this id or name — did you mean \"东园街道\" (T3, 天津市/南开区/东园街道)? "
                + "(the frame must be complete)",
            "regions.csv:11:4: unknown parent \"T9\": no region has this id (the frame must be complete)",
        ])
    }

    @Test func personsAndInstitutionsGiveRegionsByName() throws {
        let (o, _) = try load([
            "persons.csv": "id,name,category,region\nP1,张三,teacher,东园街道\nP2,李四,teacher,南开\nP3,王五,teacher,T9\n",
            "institutions.csv": "id,name,kind,region\nI1,南开大学,university,南开区\nI2,某校,school,T9\n",
        ])
        let d = try #require(o.dataset)
        #expect(d.persons.regions[0] == .resolved(6))
        #expect(d.persons.regions[1] == .unknown("南开"))
        #expect(d.institutions.regions[0] == .resolved(1))
        #expect(messages(o, .warning) == [
            "institutions.csv:3:4: region \"T9\" is not in regions.csv",
            "persons.csv:3:4: region \"南开\" in column \"region\" is neither an id nor a name in regions.csv, "
                + "left unresolved: write the id or the exact name — did you mean \"南开区\" (D1, 天津市/南开区)?",
            "persons.csv:4:4: region \"T9\" is not in regions.csv",
        ])
        #expect(messages(o, .note) == [
            "institutions.csv:2:4: 1 region given by name, resolved (\"南开区\" → \"D1\")",
            "persons.csv:2:4: 1 region given by name, resolved (\"东园街道\" → \"T3\")",
        ])
    }

    // MARK: organizations

    static let organizations = organizationsHeader + """
        A1,南开区科协,association,D1,
        A2,东园街道科协,association,T3,南开区科协
        A3,科普协会,popularization_org,T1,A1
        A4,科普协会,popularization_org,T2,A1

        """

    @Test func organizationParentsPositionsAndLinksGiveOrganizationsByName() throws {
        for inPieces in [false, true] {
            let (o, _) = try load([
                "organizations.csv": Self.organizations,
                "persons.csv": "id,name,category\nP1,张三,teacher\n",
                "positions.csv": "person,organization,role\nP1,东园街道科协,chair\nP1,A1,member\nP1,南开区科协,committee\n",
                "links.csv": "from,to,kind\n南开区科协,东园街道科协,cooperates\nA2,南开区科协,pairs_with\n",
            ], inPieces: inPieces)
            let d = try #require(o.dataset)
            #expect(d.organizations.parents[1] == .resolved(0))
            #expect((0..<3).map { d.positions.organizations[$0] } == [.resolved(1), .resolved(0), .resolved(0)])
            #expect((0..<2).map { d.links.from[$0] } == [.resolved(0), .resolved(1)])
            #expect((0..<2).map { d.links.to[$0] } == [.resolved(1), .resolved(0)])
            #expect(messages(o, .note) == [
                "organizations.csv:3:5: 1 organization given by name, resolved (\"南开区科协\" → \"A1\")",
                "positions.csv:2:2: 2 organizations given by name, resolved (first: \"东园街道科协\" → \"A2\")",
                "links.csv:2:1: 3 organizations given by name, resolved (first: \"南开区科协\" → \"A1\")",
            ])
            #expect(o.diagnostics(.warning).isEmpty)
        }
    }

    @Test func anAmbiguousOrganizationNameIsAnErrorWithTheRegions() throws {
        for inPieces in [false, true] {
            let (o, _) = try load([
                "organizations.csv": Self.organizations + "A5,x,other,D3,科普协会\n",
                "persons.csv": "id,name,category\nP1,张三,teacher\n",
                "positions.csv": "person,organization,role\nP1,科普协会,chair\nP1,科普协会,member\n",
            ], inPieces: inPieces)
            #expect(o.failure == .dataError)
            let list = "A3 (in 天津市/南开区/向阳路街道), A4 (in 天津市/河北区/向阳路街道); a name must match exactly one organization: write the id"
            #expect(messages(o, .error) == [
                "organizations.csv:6:5: organization \"科普协会\" in column \"parent\" is the name of 2 organizations: " + list,
                "positions.csv:2:2: organization \"科普协会\" in column \"organization\" is the name of 2 organizations: " + list
                    + " (2 rows; the first is here)",
            ])
        }
    }

    @Test func anOrganizationNameOfNoneIsTheFindingWithTheNearestNames() throws {
        let (o, _) = try load([
            "organizations.csv": Self.organizations + "A5,x,other,D3,南开科协\n",
            "links.csv": "from,to,kind\n东园科协,A1,cooperates\nA1,Z9,cooperates\n",
        ])
        let d = try #require(o.dataset)
        #expect(d.organizations.parents[4] == .unknown("南开科协"))
        #expect(d.links.from[0] == .unknown("东园科协"))
        #expect(d.links.to[1] == .unknown("Z9"))
        #expect(messages(o, .warning) == [
            "organizations.csv:6:5: organization \"南开科协\" in column \"parent\" is neither an id nor a name in organizations.csv, "
                + "left unresolved: write the id or the exact name — did you mean \"南开区科协\" (A1, in 天津市/南开区)?",
            "links.csv:2:1: organization \"东园科协\" in column \"from\" is neither an id nor a name in organizations.csv, "
                + "left unresolved: write the id or the exact name — did you mean \"东园街道科协\" (A2, in 天津市/南开区/东园街道)?",
        ])
    }

    // MARK: persons

    @Test func aPersonsNameInPositionsIsWarnedOfWithTheId() throws {
        for inPieces in [false, true] {
            let (o, _) = try load([
                "organizations.csv": Self.organizations,
                "persons.csv": "id,name,category\nP1,张三,teacher\nP2,李四,teacher\nP3,李四,teacher\n",
                "positions.csv": "person,organization,role\nP1,A1,chair\n张三,A1,member\n李四,A2,member\nP9,A2,member\n李四,A1,member\n",
            ], inPieces: inPieces)
            let d = try #require(o.dataset)
            #expect(d.positions.persons[1] == .unknown("张三"))
            #expect(messages(o, .warning) == [
                "positions.csv:3:1: person \"张三\" is not a person id but the name of person P1; person references are ids only: "
                    + "write the id (the position is left dangling)",
                "positions.csv:4:1: person \"李四\" is not a person id but the name of 2 persons: P2, P3; person references are ids "
                    + "only: write the id (the position is left dangling) (2 rows; the first is here)",
            ])
        }
    }
}

@Suite struct NameIndexTests {
    static let column = StringColumn(["南开区", "", "河北区", "南开区", "东园街道", "南开区"])

    @Test func scansThenIndexesAndFindsTheSameRows() {
        let lazy = _LazyNameIndex()
        let names = ["南开区", "河北区", "东园街道", "南开", ""]
        // The first calls scan; after `scansBeforeIndex` of them, the index answers.
        let asked = (0..<(2 * _LazyNameIndex.scansBeforeIndex)).map { lazy.rows(named: names[$0 % names.count], in: Self.column) }
        let expected = (0..<(2 * _LazyNameIndex.scansBeforeIndex)).map { [[0, 3, 5], [2], [4], [], []][$0 % names.count] }
        #expect(asked == expected)
        #expect(_NameIndex(Self.column).rows(named: "南开区") == [0, 3, 5])
        #expect(_NameIndex.scan(Self.column, for: "南开区") == [0, 3, 5])
    }

    @Test func nearestNamesAreShortFormsFirstThenFewEdits() {
        let index = _NameIndex(StringColumn(["南开区", "河西区", "南开区科学技术协会", "西开", "北辰区"]))
        #expect(index.nearest(to: "南开", limit: 3).map { index.names[$0] } == ["南开区", "南开区科学技术协会", "西开"])
        // A name the word holds, or one that holds the word, nearest in length first.
        #expect(index.nearest(to: "南开区科协", limit: 3).map { index.names[$0] } == ["南开区", "南开区科学技术协会"])
        #expect(index.nearest(to: "x", limit: 3).isEmpty)
    }
}
