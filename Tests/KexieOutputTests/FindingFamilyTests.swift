import Testing
import KexieAnalysis
import KexieModel
import KexieOutput
import KexieTestSupport

/// Each finding family's table holds exactly its findings.
@Suite struct FindingFamilyTableTests {
    @Test(arguments: ["sample", "tianjin"])
    func everyFamilyIsTheRowsOfItsTable(dataset: String) throws {
        let d = try #require(LoadOutcome(Repository.dataset(dataset)).dataset)
        let a = Analysis(d, asOf: d.asOf!)
        let tables = a.allTables()
        for family in FindingFamily.allCases {
            let matching = tables.filter { $0.kind == family.tableKind }
            #expect(matching.count == 1, "\(family)")
            let table = try #require(matching.first)
            let rows: Int = switch family {
            case .frontierBlankSpots:
                table.selecting(["frontier"]).rows.filter { $0 == [.bool(true)] }.count
            case .missedTargets:
                table.selecting(["status"]).rows.filter { $0 == [.text("missed")] }.count
            default:
                table.rows.count
            }
            #expect(rows == family.count(in: a), "\(family)")
        }
    }

    @Test func tableKindsAreDistinctNames() {
        #expect(Set(FindingTable.Kind.allCases.map(\.rawValue)).count == FindingTable.Kind.allCases.count)
    }

    @Test func weakestAssociationsTableIsTheOrganizationTableReordered() throws {
        let d = try #require(LoadOutcome(Repository.dataset("tianjin")).dataset)
        let a = Analysis(d, asOf: d.asOf!)
        let weakest = a.weakestAssociationsTable(limit: 5)
        #expect(weakest.kind == .organization)
        #expect(weakest.title == "The 5 weakest associations")
        #expect(weakest.columns == a.linkageTables().organizations.columns)
        #expect(weakest.rows.map { $0[0] } == a.linkage.weakestAssociations(limit: 5).map { .text(d.organizations.ids[$0.organization]) })
    }
}
