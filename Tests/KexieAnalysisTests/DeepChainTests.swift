import Foundation
import Testing
import KexieAnalysis
import KexieModel
import KexieTestSupport

/// Organization parent chains 100,000 levels deep: every analysis walks them with loops and
/// explicit stacks, never recursion, so they load and analyse in well under a few seconds.
/// (Region chains cannot be deep: a parent sits at a higher level, so the frame is at most six
/// levels.)
@Suite struct DeepChainTests {
    static let depth = 100_000
    /// Generous for a debug build on a busy machine (a release build takes about a second);
    /// a walk up the chain from every organization would take hours.
    static let budget = Duration.seconds(60)

    /// `A0 ← A1 ← … ← A99999`, associations in a district below a province; `A0`'s parent is
    /// `top`, and with no parent it sits in the province, so it is the root.
    private func chain(top: String) throws -> (Analysis, Duration) {
        var orgs = "id,name,type,region,parent,institution,discipline,founded,dissolved\n"
        orgs += "A0,协会0,association,\(top.isEmpty ? "P1" : "D1"),\(top),,,,\n"
        for i in 1..<Self.depth { orgs += "A\(i),协会\(i),association,D1,A\(i - 1),,,,\n" }
        let ds = try TemporaryDataset(replacing: [
            "regions.csv": "id,name,level,parent,kind\nP1,示例省,province,,\nD1,示例区,district,P1,\n",
            "organizations.csv": orgs,
        ])
        let start = ContinuousClock.now
        let dataset = try #require(LoadOutcome(ds.path).dataset)
        let analysis = Analysis(dataset, asOf: Day(year: 2020, month: 12, day: 31)!)
        return (analysis, ContinuousClock.now - start)
    }

    @Test func aChainUnderTheRootLoadsAndAnalyses() throws {
        let (a, elapsed) = try chain(top: "")
        #expect(elapsed < Self.budget, "\(elapsed)")
        // A0 is the root; every other organization hangs below it, attached on paper only.
        let reasons = Dictionary(grouping: a.orphans, by: \.reason).mapValues(\.count)
        #expect(reasons == [.empty: Self.depth])
        #expect(a.linkage.weakAttachments.count == Self.depth - 1)
        #expect(a.linkage.islands.isEmpty)
    }

    @Test func aChainUnderAnUnknownParentIsOneOrphanAndItsDescendants() throws {
        let (a, elapsed) = try chain(top: "X")
        #expect(elapsed < Self.budget, "\(elapsed)")
        let organizationOrphans = a.orphans.filter { $0.reason != .empty }
        #expect(organizationOrphans.count == Self.depth)
        #expect(organizationOrphans.filter { $0.reason == .unknownParent }.map(\.row) == [0])
        #expect(organizationOrphans.filter { $0.reason == .underOrphan }.allSatisfy { $0.via == 0 })
        #expect(a.linkage.islands.count == 1)
        #expect(a.linkage.islands.first?.count == Self.depth)
    }

    @Test func aLoopOf100000OrganizationsIsOneCycle() throws {
        let (a, elapsed) = try chain(top: "A\(Self.depth - 1)")
        #expect(elapsed < Self.budget, "\(elapsed)")
        #expect(a.orphans.filter { $0.reason == .cycle }.count == Self.depth)
    }
}
