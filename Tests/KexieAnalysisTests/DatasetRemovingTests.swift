import Testing
import KexieAnalysis
import KexieModel
import KexieTestSupport

/// The dataset without some persons and organizations (Dataset+Removing.swift), worked by hand
/// on `DatasetBuilder.smallFrame()`: A1 (D1) ← AT1 (T1) ← AV11 (V11); P1 chairs AT1, P2 chairs
/// A1 and sits on AT1's committee; a link between AT1 and A1.
@Suite struct DatasetRemovingTests {
    private static func network() throws -> Dataset {
        var b = DatasetBuilder.smallFrame()
        b.organization("A1", .association, region: "D1")
        b.organization("AT1", .association, region: "T1", parent: "A1")
        b.organization("AV11", .association, region: "V11", parent: "AT1")
        b.person("P1", "health_center_director")
        b.person("P2", "hospital_director")
        b.position("P1", "AT1", .chair)
        b.position("P2", "A1", .chair)
        b.position("P2", "AT1", .committee)
        b.link("AT1", "A1", .pairsWith)
        return try b.load()
    }

    @Test func rowsAreMaskedNotDeleted() throws {
        let d = try Self.network()
        let without = d.removing(persons: [d.persons.ids.index(of: "P2")!], organizations: [d.organizations.ids.index(of: "AT1")!])
        // Every row keeps its number and id.
        #expect(without.organizations.ids == d.organizations.ids)
        #expect(without.persons.ids == d.persons.ids)
        #expect(without.positions.count == 3 && without.links.count == 1)
        // AT1 is never active, so neither are its positions and link; P2's posts never start.
        for date in ["1900-01-01", "2020-12-31", "2999-12-31"] {
            let activity = Activity(without, at: day(date))
            #expect(activity.organizations == [true, false, true], "\(date)")
            #expect(activity.positions == [false, false, false], "\(date)")
            #expect(activity.links == [false], "\(date)")
        }
        #expect(Activity(d, at: day("2020-12-31")).positions == [true, true, true])
    }

    @Test func whatHangsBelowARemovedOrganizationIsOrphaned() throws {
        let d = try Self.network()
        let a = Analysis(d.removing(organizations: [d.organizations.ids.index(of: "AT1")!]), asOf: day("2020-12-31"))
        // T1 loses its association; AV11 its parent; P1 their only post.
        #expect(a.regionIDs(a.coverage.blankSpots.map(\.region)) == ["D2", "T1", "T2", "T4", "V12", "V21"])
        #expect(a.orphanList() == ["empty:AV11", "inactive_parent:AV11", "unaffiliated:P1"])
    }
}
