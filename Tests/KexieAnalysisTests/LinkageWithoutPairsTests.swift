import Testing
import KexieAnalysis
import KexieModel
import KexieTestSupport

/// Islands, vertical linkage and weak attachments are computed without listing pairs
/// (Linkage.swift); here they are worked again from `pairs`, as they were before, and must agree
/// to the bit on the shipped datasets. And the limits on pairs and target rows refuse with the
/// culprit named (Linkage+Pairs.swift, Targets.swift).
@Suite struct LinkageWithoutPairsTests {
    /// vertical(o) = link(o, parent(o)) read off the pairs; islands as components of active
    /// parent links and pairs, minus those holding a root association.
    private static func fromPairs(_ a: Analysis) -> (vertical: [Double?], weak: [Int], islands: [[Int]]) {
        let d = a.dataset, orgs = d.organizations, l = a.linkage
        var link: [Int: Double] = [:]
        for p in l.pairs { link[min(p.a, p.b) * orgs.count + max(p.a, p.b)] = p.strength }
        let vertical: [Double?] = l.organizations.map { o in
            guard let p = orgs.parents.target(o.organization), p != o.organization, a.activity.organizations[p] else { return nil }
            return link[min(o.organization, p) * orgs.count + max(o.organization, p)] ?? 0
        }
        var parent = Array(0..<orgs.count)
        func find(_ x: Int) -> Int { var x = x; while parent[x] != x { x = parent[x] }; return x }
        func union(_ x: Int, _ y: Int) { parent[find(x)] = find(y) }
        for o in 0..<orgs.count where a.activity.organizations[o] {
            if let p = orgs.parents.target(o), p != o, a.activity.organizations[p] { union(o, p) }
        }
        for p in l.pairs { union(p.a, p.b) }
        var rooted = Set<Int>()
        for o in 0..<orgs.count where a.activity.organizations[o] && orgs.types[o] == .association {
            if let r = orgs.regions.target(o), d.regions.parent(r) == nil { rooted.insert(find(o)) }
        }
        var members: [Int: [Int]] = [:]
        for o in l.organizations.map(\.organization) where !rooted.contains(find(o)) { members[find(o), default: []].append(o) }
        let rank = orgs.ids.utf8Ranks
        let islands = members.values.sorted { rank[$0[0]] < rank[$1[0]] }
        let weak = zip(l.organizations, vertical).filter { $0.1 == 0 }.map(\.0.organization)
        return (vertical, weak, islands)
    }

    @Test(arguments: ["sample", "tianjin"], ["2018-12-31", "2020-12-31"])
    func pairFreeFindingsMatchThoseWorkedFromPairs(name: String, date: String) throws {
        let d = try #require(LoadOutcome(Repository.dataset(name)).dataset)
        let a = Analysis(d, asOf: try #require(Day(parsing: date)))
        let expected = Self.fromPairs(a)
        #expect(a.linkage.organizations.map(\.vertical).elementsEqual(expected.vertical) { x, y in
            x.map { $0.bitPattern } == y.map { $0.bitPattern }
        })
        #expect(a.linkage.weakAttachments == expected.weak)
        #expect(a.linkage.islands == expected.islands)
        #expect(!a.linkage.pairs.isEmpty)
        #expect(Linkage(d, activity: a.activity, asOf: a.asOf, computingPairs: true) == a.linkage)
    }

    @Test func thePairLimitNamesThePersonWithTheMostPositions() throws {
        let d = try #require(LoadOutcome(Repository.dataset("sample")).dataset)
        let activity = Activity(d, at: try #require(Day(parsing: "2020-12-31")))
        try Linkage.checkPairLimit(d, activity: activity)
        let error = #expect(throws: Linkage.PairLimitExceeded.self) { try Linkage.checkPairLimit(d, activity: activity, limit: 5) }
        let held = (0..<d.persons.count).map { p in d.positionsByPerson[p].filter { activity.positions[Int($0)] }.count }
        let busiest = try #require(held.indices.max { held[$0] < held[$1] || (held[$0] == held[$1] && $0 > $1) })
        #expect(error?.person == d.persons.ids[busiest])
        #expect(error?.positions == held[busiest])
        #expect(error?.pairs == held.reduce(0) { $0 + $1 * ($1 - 1) / 2 } + (0..<d.links.count).filter { activity.links[$0] }.count)
        #expect(error?.description.hasPrefix("person \(d.persons.ids[busiest]) holds \(held[busiest]) active positions") == true)
        #expect(error?.description.contains("more than the limit of 5") == true)
    }

    @Test func theTargetRowLimitNamesTheTargetWithTheMostUnits() throws {
        let d = try #require(LoadOutcome(Repository.dataset("tianjin")).dataset)
        try TargetResult.checkRowLimit(d)
        let rows = TargetResult.evaluate(d, asOf: try #require(d.asOf)).count  // every scope id of tianjin resolves
        try TargetResult.checkRowLimit(d, limit: rows)
        let error = #expect(throws: TargetResult.RowLimitExceeded.self) { try TargetResult.checkRowLimit(d, limit: rows - 1) }
        let units = d.rules.targets.indices.map { t in TargetResult.evaluate(d, asOf: d.asOf!).filter { $0.target == t }.count }
        let largest = try #require(units.indices.max { units[$0] < units[$1] || (units[$0] == units[$1] && $0 > $1) })
        #expect(error?.rows == rows)
        #expect(error?.target == d.rules.targets[largest].name)
        #expect(error?.units == units[largest])
        #expect(error?.description.contains("more than the limit of \(rows - 1); target \"\(d.rules.targets[largest].name)\" alone has") == true)
    }
}
