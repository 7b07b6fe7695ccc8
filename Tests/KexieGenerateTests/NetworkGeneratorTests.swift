import Foundation
import KexieGenerate
import KexieIO
import KexieModel
import KexieTestSupport
import Testing

/// The Tianjin frame, loaded once.
private let tianjinFrame: RegionTable = {
    try! NetworkGenerator.loadFrame(regionsFile: Repository.dataset("tianjin") + "/regions.csv")
}()

private let generatedFiles = ["organizations.csv", "persons.csv", "positions.csv", "links.csv", "institutions.csv", "dataset.yaml"]

/// A generated dataset in a temporary folder, with the frame's regions.csv copied in.
private final class Generated: @unchecked Sendable {
    let path: String
    let summary: GenerationSummary

    init(_ options: GeneratorOptions) throws {
        path = FileManager.default.temporaryDirectory.appendingPathComponent("kexie-gen-\(UUID().uuidString)").path
        summary = try NetworkGenerator(frame: tianjinFrame, options: options).write(to: path)
        try FileManager.default.copyItem(atPath: Repository.dataset("tianjin") + "/regions.csv", toPath: path + "/regions.csv")
    }

    func bytes(_ name: String) -> Data { FileManager.default.contents(atPath: path + "/" + name) ?? Data() }

    func load() throws -> LoadedDataset { try DatasetLoader().load(path) }

    deinit { try? FileManager.default.removeItem(atPath: path) }
}

@Suite("NetworkGenerator")
struct NetworkGeneratorTests {
    @Test func sameSeedGivesIdenticalFilesAndAnotherSeedDiffers() throws {
        let a = try Generated(GeneratorOptions(seed: 7))
        let b = try Generated(GeneratorOptions(seed: 7))
        let c = try Generated(GeneratorOptions(seed: 8))
        for file in generatedFiles {
            #expect(a.bytes(file) == b.bytes(file), "\(file) differs between two runs with the same seed")
        }
        #expect(a.bytes("organizations.csv") != c.bytes("organizations.csv"))
        #expect(a.bytes("persons.csv") != c.bytes("persons.csv"))
        #expect(a.summary == b.summary)
    }

    @Test func loadsWithoutDiagnostics() throws {
        for profile in GeneratorProfile.allCases {
            let g = try Generated(GeneratorOptions(seed: 1, profile: profile, anomalyShare: 0.02))
            let loaded = try g.load()
            #expect(loaded.log.errorCount == 0 && loaded.log.warningCount == 0, "\(profile): \(loaded.log.diagnostics.prefix(5))")
            let d = loaded.dataset
            #expect(d.organizations.count == g.summary.organizations)
            #expect(d.persons.count == g.summary.persons)
            #expect(d.positions.count == g.summary.positions)
            #expect(d.links.count == g.summary.links)
            #expect(d.institutions.count == g.summary.institutions)
            #expect(d.asOf == Day(year: 2024, month: 12, day: 31))
            // Every contract type that the frame allows shows up.
            let types = Set(d.organizations.types)
            for t in [OrganizationType.association, .society, .ruralTechAssociation, .ruralTechFederation,
                      .enterpriseAssociation, .popularizationOrg] {
                #expect(types.contains(t), "\(profile): no \(t.name)")
            }
            #expect(Set(d.links.kinds) == Set(LinkKind.allCases))
            #expect(Set(d.positions.roles).isSuperset(of: [.chair, .viceChair, .partTimeViceChair, .secondedViceChair, .committee]))
        }
    }

    @Test func coverageFollowsTheOptions() throws {
        let options = GeneratorOptions(seed: 3, districtCoverage: 0.9, townshipCoverage: 0.8, villageCoverage: 0.4)
        let d = try Generated(options).load().dataset
        let excluded: Set<String> = ["township_like", "community_like", "village_like"]
        var covered = Set<Int>()
        for i in 0..<d.organizations.count where d.organizations.types[i] == .association {
            if let r = d.organizations.regions.target(i), d.organizations.isActive(i, at: options.asOf) { covered.insert(r) }
        }
        for (level, rate) in [(Level.district, 0.9), (.township, 0.8), (.village, 0.4)] {
            let regions = (0..<d.regions.count).filter { d.regions.levels[$0] == level && !excluded.contains(d.regions.kind($0)) }
            let share = Double(regions.filter(covered.contains).count) / Double(regions.count)
            let tolerance = level == .district ? 0.12 : 0.04  // 16 districts only
            #expect(abs(share - rate) <= tolerance, "\(level.name): \(share) vs \(rate)")
        }
        // Associations at every level of the frame.
        let levels = Set(covered.map { d.regions.levels[$0] })
        #expect(levels == [.city, .district, .township, .village])
    }

    @Test func positionsPerOrganization() throws {
        let g = try Generated(GeneratorOptions(seed: 4))
        let d = try g.load().dataset
        var counts = [Int](repeating: 0, count: d.organizations.count)
        for q in 0..<d.positions.count { if let o = d.positions.organizations.target(q) { counts[o] += 1 } }
        let mean = Double(counts.reduce(0, +)) / Double(counts.count)
        #expect(mean >= 5 && mean <= 10, "mean \(mean)")
        #expect(counts.filter { $0 < 4 }.count <= counts.count / 50)  // only by dangling positions
        // Persons: most hold one post, some two or more, some none.
        var posts = [Int](repeating: 0, count: d.persons.count)
        for q in 0..<d.positions.count { if let p = d.positions.persons.target(q) { posts[p] += 1 } }
        #expect(posts.filter { $0 >= 2 }.count > d.persons.count / 100)
        #expect(posts.contains(0))
        // Some positions ended before as_of, some end within 90 days after it.
        let asOf = d.asOf!
        #expect(d.positions.ends.contains { $0.isSet && $0 <= asOf })
        #expect(d.positions.ends.contains { $0.isSet && $0 > asOf && $0 <= asOf.adding(days: 90) })
    }

    @Test func anomaliesAtTheChosenShare() throws {
        let share = 0.02
        let g = try Generated(GeneratorOptions(seed: 5, anomalyShare: share))
        let s = g.summary
        let measured = Double(s.anomalousOrganizations) / Double(s.organizations)
        #expect(abs(measured - share) <= 0.01, "\(measured)")
        #expect(s.missingParents > 0 && s.unknownParents > 0 && s.dissolvedParents > 0 && s.parentLoops > 0 && s.misplacedAttachments > 0)
        #expect(s.danglingPositions > 0 && s.danglingLinks > 0 && s.unaffiliatedPersons > 0)

        let d = try g.load().dataset
        let o = d.organizations
        let roots = (0..<o.count).filter { o.parents.indices[$0] == ReferenceColumn.absent }
        #expect(roots.count == s.missingParents + 1)  // + the city association
        #expect((0..<o.count).filter { o.parents.indices[$0] == ReferenceColumn.unknown }.count == s.unknownParents)
        #expect((0..<d.positions.count).filter { d.positions.persons.indices[$0] == ReferenceColumn.unknown }.count == s.danglingPositions)
        #expect((0..<d.links.count).filter { d.links.to.indices[$0] == ReferenceColumn.unknown }.count == s.danglingLinks)
        #expect(o.dissolved.filter(\.isSet).count == s.dissolvedParents)
    }

    @Test func childrenAreFoundedAfterTheirParents() throws {
        let clean = try Generated(GeneratorOptions(seed: 6, anomalyShare: 0)).load().dataset.organizations
        var violations = 0
        for i in 0..<clean.count {
            if let p = clean.parents.target(i), clean.founded[i] <= clean.founded[p] { violations += 1 }
        }
        #expect(violations == 0)
        #expect(clean.founded.allSatisfy { $0.isSet && $0 < Day(year: 2024, month: 12, day: 31)! })

        let g = try Generated(GeneratorOptions(seed: 6, anomalyShare: 0.02))
        let o = try g.load().dataset.organizations
        violations = 0
        for i in 0..<o.count {
            if let p = o.parents.target(i), o.founded[i] <= o.founded[p] { violations += 1 }
        }
        #expect(violations <= g.summary.anomalousOrganizations)
    }

    @Test func namesAndIDs() throws {
        let g = try Generated(GeneratorOptions(seed: 2))
        let d = try g.load().dataset
        let o = d.organizations
        let names = (0..<o.count).map { o.names[$0] }
        #expect(names.contains("天津市科学技术协会"))
        #expect(names.contains("和平区科学技术协会"))
        #expect(names.contains { $0.hasSuffix("街道科协") })
        #expect(names.contains { $0.hasSuffix("村科普协会") })
        #expect(names.contains { $0.hasSuffix("医学会") })
        #expect(names.contains { $0.hasSuffix("农村专业技术协会") })
        #expect((0..<o.count).allSatisfy { o.types[$0] != .association || o.ids[$0] == "A" + d.regions.ids[o.regions.target($0)!] })
        #expect(d.persons.ids[0] == "P0000001")
    }
}

/// The national profile over the whole Chinese frame: `KEXIE_GENERATE_NATIONAL=1 swift test -c release …`.
@Test(.enabled(if: ProcessInfo.processInfo.environment["KEXIE_GENERATE_NATIONAL"] != nil))
func nationalTiming() throws {
    let clock = ContinuousClock()
    var frame = RegionTable()
    let load = try clock.measure { frame = try NetworkGenerator.loadFrame(regionsFile: Repository.dataset("china") + "/regions.csv.gz") }
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("kexie-national-\(UUID().uuidString)").path
    defer { try? FileManager.default.removeItem(atPath: path) }
    var summary = GenerationSummary()
    let generate = try clock.measure {
        summary = try NetworkGenerator(frame: frame, options: GeneratorOptions(profile: .national)).write(to: path)
    }
    try FileManager.default.createSymbolicLink(atPath: path + "/regions.csv.gz", withDestinationPath: Repository.dataset("china") + "/regions.csv.gz")
    var loaded: LoadedDataset?
    let check = try clock.measure { loaded = try DatasetLoader().load(path) }
    print("national: frame \(frame.count) regions loaded in \(load); generated in \(generate); reloaded in \(check)")
    print("national: \(summary)")
    #expect(loaded!.log.errorCount == 0 && loaded!.log.warningCount == 0)
}
