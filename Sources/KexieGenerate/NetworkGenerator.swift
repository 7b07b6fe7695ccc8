import Foundation
import KexieIO
import KexieModel

/// Counts of what a generation wrote.
public struct GenerationSummary: Sendable, Equatable {
    public var organizations = 0
    public var associations = 0
    public var persons = 0
    public var positions = 0
    public var links = 0
    public var institutions = 0
    /// Organizations given a deliberate structural defect (each member of a loop counts).
    public var anomalousOrganizations = 0
    public var missingParents = 0
    public var unknownParents = 0
    public var dissolvedParents = 0
    public var parentLoops = 0
    public var misplacedAttachments = 0
    public var danglingPositions = 0
    public var danglingLinks = 0
    public var unaffiliatedPersons = 0

    public init() {}
}

/// Generates a synthetic, realistic network of science and technology associations over an
/// administrative frame and writes it as a dataset folder (dataset.md, contract version 1).
///
/// The output is a pure function of the frame and the options: one seeded SplitMix64 stream,
/// regions visited top-down in frame order, no hashing order anywhere.
public struct NetworkGenerator: Sendable {
    public let frame: RegionTable
    public let options: GeneratorOptions

    public init(frame: RegionTable, options: GeneratorOptions = GeneratorOptions()) {
        self.frame = frame
        self.options = options
    }

    /// Writes organizations.csv, persons.csv, positions.csv, links.csv, institutions.csv and
    /// dataset.yaml into `folder` (created if needed). regions.csv is the caller's to copy.
    @discardableResult
    public func write(to folder: String) throws -> GenerationSummary {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        var b = _Builder(frame: frame, options: options)
        b.build()
        return try b.write(to: folder)
    }

    /// The frame of a `regions.csv` (or `.csv.gz`) file, read and checked by kexie's loader.
    public static func loadFrame(regionsFile: String) throws -> RegionTable {
        let fm = FileManager.default
        let dir = fm.temporaryDirectory.appendingPathComponent("kexie-frame-\(UUID().uuidString)").path
        try fm.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? fm.removeItem(atPath: dir) }
        let absolute = regionsFile.hasPrefix("/") ? regionsFile : fm.currentDirectoryPath + "/" + regionsFile
        try fm.createSymbolicLink(atPath: dir + (regionsFile.hasSuffix(".gz") ? "/regions.csv.gz" : "/regions.csv"),
                                  withDestinationPath: absolute)
        try Data("id,name,type,region,parent\n".utf8).write(to: URL(fileURLWithPath: dir + "/organizations.csv"))
        do {
            return try DatasetLoader().load(dir).dataset.regions
        } catch {
            throw GeneratorError(message: "cannot load the frame \(regionsFile): " +
                                 error.log.diagnostics.prefix(5).map { "\($0)" }.joined(separator: "; "))
        }
    }
}

/// How many regions of each stratum (level × counted or excluded kind) were drawn and how many
/// of them were covered, for steering the coverage draws towards the target rates.
struct _CoverageDraws {
    var seen = [Double](repeating: 0, count: 16)
    var hits = [Double](repeating: 0, count: 16)
}

/// The generation state: struct-of-arrays tables filled top-down, then serialized.
struct _Builder {
    let frame: RegionTable
    let o: GeneratorOptions
    var rng: SplitMix64
    let asOf: Int
    let lastFounding: Int
    let kindClass: [KindClass]

    // Organizations.
    var oType: [OrganizationType] = []
    var oScheme: [OrgScheme] = []
    var oRegion: [Int32] = []
    var oInst: [Int32] = []
    var oDisc: [Int8] = []
    var oParent: [Int32] = []
    var oFounded: [Int32] = []
    var oDissolved: [Int32] = []
    var oMarked: [Bool] = []
    // Persons.
    var pSurname: [UInt8] = []
    var pGiven1: [UInt8] = []
    var pGiven2: [UInt8] = []  // 255: none
    var pCat: [Category] = []
    var pRegion: [Int32] = []
    // Positions (person < 0: dangling).
    var qPerson: [Int32] = []
    var qOrg: [Int32] = []
    var qRole: [Role] = []
    var qStart: [Int32] = []
    var qEnd: [Int32] = []
    // Links (to < 0: dangling).
    var lFrom: [Int32] = []
    var lTo: [Int32] = []
    var lKind: [LinkKind] = []
    var lWeight: [UInt8] = []
    var lStart: [Int32] = []
    // Institutions.
    var iID: [String] = []
    var iName: [String] = []
    var iKind: [InstitutionKind] = []
    var iRegion: [Int32] = []

    // Per region.
    var regionAssoc: [Int32]
    var nearestAssoc: [Int32]
    var cityOf: [Int32]
    var districtOf: [Int32]
    var federationOf: [Int32]
    var agriHeadOf: [Int32]
    var rural: [Bool] = []
    var recent = [Int32](repeating: -1, count: 64)
    var recentNext = 0
    var summary = GenerationSummary()

    static let none = Int32.max

    init(frame: RegionTable, options: GeneratorOptions) {
        self.frame = frame
        self.o = options
        self.rng = SplitMix64.derived(seed: options.seed, stream: 1)
        self.asOf = Int(options.asOf.rawValue)
        let last = Day(year: max(1, options.lastFoundingYear), month: 12, day: 31)!
        self.lastFounding = min(Int(last.rawValue), asOf - 60)
        // A kind class per (level, kind) pair, computed once per row from the small kind table.
        let n = frame.count
        var perRow = [KindClass](repeating: .other, count: n)
        var cache: [Int: KindClass] = [:]
        for i in 0..<n {
            let key = Int(frame.kinds[i]) * 8 + Int(frame.levels[i].rawValue)
            if let c = cache[key] { perRow[i] = c; continue }
            let c = KindClass(level: frame.levels[i], kind: frame.kind(i))
            cache[key] = c
            perRow[i] = c
        }
        self.kindClass = perRow
        regionAssoc = [Int32](repeating: -1, count: n)
        nearestAssoc = [Int32](repeating: -1, count: n)
        cityOf = [Int32](repeating: -1, count: n)
        districtOf = [Int32](repeating: -1, count: n)
        federationOf = [Int32](repeating: -1, count: n)
        agriHeadOf = [Int32](repeating: -1, count: n)
    }

    // MARK: Drawing

    mutating func day(_ lo: Int, _ hi: Int) -> Int { hi <= lo ? lo : rng.int(in: lo...hi) }

    func yearStart(_ y: Int) -> Int { Int(Day(year: max(1, min(9999, y)), month: 1, day: 1)!.rawValue) }

    /// A founding day after `parent` (a raw day, or nil for a root), in the window of `level`.
    mutating func founded(after parent: Int32?, level: Level) -> Int32 {
        let first = o.firstFoundingYear, last = o.lastFoundingYear
        let (startYear, spanYears): (Int, Int) = switch level {
        case .country: (first, 0)
        case .province: (first, 3)
        case .city: (first + 2, 25)
        case .district: (max(first + 20, last - 45), 25)
        case .township: (max(first + 30, last - 18), 40)
        case .village: (max(first + 35, last - 10), 40)
        }
        var lo = yearStart(startYear)
        if let p = parent { lo = max(lo, Int(p) + rng.int(in: 1...180)) }
        var hi = min(lo + spanYears * 365, lastFounding)
        if level == .country { hi = lo + 260 }
        if hi < lo { hi = lo }
        var d = day(lo, hi)
        if let p = parent, d <= Int(p) { d = Int(p) + 1 }
        return Int32(clamping: d)
    }

    mutating func newOrg(_ type: OrganizationType, _ scheme: OrgScheme, region: Int, parent: Int32,
                         founded: Int32, institution: Int32 = -1, discipline: Int8 = -1) -> Int32 {
        let i = Int32(oType.count)
        oType.append(type); oScheme.append(scheme); oRegion.append(Int32(region)); oInst.append(institution)
        oDisc.append(discipline); oParent.append(parent); oFounded.append(founded); oDissolved.append(Self.none)
        oMarked.append(false)
        if type == .association { summary.associations += 1 }
        return i
    }

    mutating func newPerson(_ c: Category, region: Int32) -> Int32 {
        let i = Int32(pCat.count)
        pSurname.append(UInt8(rng.below(Names.surnames.count)))
        pGiven1.append(UInt8(rng.below(Names.given.count)))
        pGiven2.append(rng.chance(0.7) ? UInt8(rng.below(Names.given.count)) : 255)
        pCat.append(c)
        pRegion.append(region)
        return i
    }

    mutating func addPosition(_ person: Int32, _ org: Int32, _ role: Role, start: Int, end: Int32 = _Builder.none) {
        qPerson.append(person); qOrg.append(org); qRole.append(role); qStart.append(Int32(start)); qEnd.append(end)
    }

    /// The end of an ordinary position starting at `start`: mostly none, some ended, some soon.
    mutating func positionEnd(start: Int) -> Int32 {
        let u = rng.unit()
        if u < o.endedShare, start < asOf - 2 { return Int32(day(start + 1, asOf - 1)) }
        if u < o.endedShare + o.endingSoonShare { return Int32(max(start + 1, asOf + rng.int(in: 1...GeneratorOptions.daysAfterAsOf))) }
        return Self.none
    }

    // MARK: Organizations

    /// Fills an organization with 5–10 positions; returns (person, category) of its posts.
    @discardableResult
    mutating func staff(_ org: Int32, keys: [Category], fillers: [Category], level: Level, association: Bool) -> [(Int32, Category)] {
        let n = rng.int(in: o.positionsPerOrganization)
        let founded = Int(oFounded[Int(org)])
        let termStart = day(max(founded, asOf - 5 * 365), max(founded, asOf - 30))
        let region = oRegion[Int(org)]
        // Roles.
        var roles: [Role] = [.chair]
        if association && level <= .township {
            roles += [.viceChair, .partTimeViceChair]
            if rng.chance(0.35) { roles.append(.secondedViceChair) }
            if level <= .district { for _ in 0..<rng.int(in: 0...2) { roles.append(.standingCommittee) } }
            let staffed = rng.chance(0.5)
            while roles.count < n - (staffed ? 1 : 0) { roles.append(.committee) }
            if staffed { roles.append(.staff) }
        } else if association {
            roles.append(.viceChair)
            while roles.count < n { roles.append(rng.chance(0.5) ? .committee : (rng.chance(0.6) ? .member : .volunteer)) }
        } else if oType[Int(org)] == .popularizationOrg {
            while roles.count < n { roles.append(.volunteer) }
        } else {
            roles.append(.viceChair)
            while roles.count < n { roles.append(rng.chance(0.4) ? .committee : .member) }
        }
        if roles.count > n { roles.removeLast(roles.count - n) }
        // Categories: the key persons first (each kept with `keyPersonFill`), then fillers.
        var cats: [Category] = []
        var shuffled = keys
        for i in stride(from: shuffled.count - 1, to: 0, by: -1) { shuffled.swapAt(i, rng.below(i + 1)) }
        for k in shuffled where rng.chance(o.keyPersonFill) { cats.append(k) }
        let chairIsKey = !association || level == .village
        if !chairIsKey { cats.insert(level <= .township ? .official : fillers[0], at: 0) }
        while cats.count < roles.count { cats.append(fillers[rng.below(fillers.count)]) }
        if roles.last == .staff { cats[roles.count - 1] = .official }

        var posts: [(Int32, Category)] = []
        var used: [Int32] = []
        for (i, role) in roles.enumerated() {
            var person: Int32 = -1
            if i > 0, role != .staff, rng.chance(o.multiPostShare) {
                let candidate = recent[rng.below(recent.count)]
                if candidate >= 0, !used.contains(candidate) { person = candidate }
            }
            if person < 0 { person = newPerson(cats[i], region: region) }
            used.append(person)
            posts.append((person, pCat[Int(person)]))
            if role == .secondedViceChair {
                addPosition(person, org, role, start: day(max(founded, asOf - 700), max(founded, asOf - 1)))
            } else {
                let start = rng.chance(0.1) ? day(termStart, max(termStart, asOf - 1)) : termStart
                addPosition(person, org, role, start: start, end: positionEnd(start: start))
            }
        }
        for p in used.prefix(3) {
            recent[recentNext] = p
            recentNext = (recentNext + 1) % recent.count
        }
        return posts
    }

    /// The whole network: every region after its parent, then persons without posts, links,
    /// and the deliberate defects.
    mutating func build() {
        markAgriculturalDistricts()
        var draws = _CoverageDraws()
        for r in regionsTopDown() { visit(r, draws: &draws) }
        addUnaffiliatedPersons()
        buildLinks()
        injectAnomalies()
    }

    /// Regions top-down (stable by level), so parents are handled before children.
    private func regionsTopDown() -> [Int32] {
        var order: [Int32] = []
        order.reserveCapacity(frame.count)
        for level in Level.allCases { for i in 0..<frame.count where frame.levels[i] == level { order.append(Int32(i)) } }
        return order
    }

    /// Agricultural districts: those with towns or townships.
    private mutating func markAgriculturalDistricts() {
        rural = [Bool](repeating: false, count: frame.count)
        for i in 0..<frame.count where frame.levels[i] == .township && (kindClass[i] == .town || kindClass[i] == .township) {
            if let p = frame.parent(i) { rural[p] = true }
        }
    }

    /// One region, after its parent: its city and district, whether it has an association (a
    /// coverage draw) and, if so, the association, its staff and what hangs below it.
    private mutating func visit(_ r32: Int32, draws: inout _CoverageDraws) {
        let r = Int(r32)
        let level = frame.levels[r]
        let parentRegion = frame.parent(r)
        let kc = kindClass[r]
        cityOf[r] = level <= .city ? r32 : (parentRegion.map { cityOf[$0] } ?? r32)
        districtOf[r] = level == .district ? r32 : (level > .district ? (parentRegion.map { districtOf[$0] } ?? -1) : -1)
        let above: Int32 = parentRegion.map { nearestAssoc[$0] } ?? -1
        nearestAssoc[r] = above
        guard drawCoverage(level, kc, &draws) else {
            if level == .township, kc == .town || kc == .township { ruralTech(r, township: -1) }
            if level == .village { popularization(r) }
            return
        }
        let f = founded(after: above >= 0 ? oFounded[Int(above)] : nil, level: level)
        let a = newOrg(.association, .association, region: r, parent: above, founded: f)
        regionAssoc[r] = a
        nearestAssoc[r] = a
        switch level {
        case .country, .province, .city:
            staff(a, keys: Category.districtKeys, fillers: Category.districtFillers, level: level, association: true)
        case .district:
            staff(a, keys: Category.districtKeys, fillers: Category.districtFillers, level: level, association: true)
            districtOrganizations(r, a)
        case .township:
            townshipAssociation(a, of: r, kind: kc, district: above, founded: f)
        case .village:
            let keys = kc == .community ? Category.communityKeys : Category.villageKeys
            staff(a, keys: keys, fillers: Category.villageFillers, level: level, association: true)
            popularization(r)
        }
    }

    /// Whether a region of `level` and kind class `kc` has an association. Coverage draws are
    /// random but steered towards the target rate (per level and counted/excluded kinds), so
    /// that small frames still meet the options closely; placeholders never have one.
    private mutating func drawCoverage(_ level: Level, _ kc: KindClass, _ draws: inout _CoverageDraws) -> Bool {
        let rate: Double = switch level {
        case .country, .province, .city: 1.0
        case .district: o.districtCoverage
        case .township: kc == .excluded ? o.excludedKindCoverage : o.townshipCoverage
        case .village: kc == .excluded ? o.excludedKindCoverage : o.villageCoverage
        }
        let stratum = Int(level.rawValue) * 2 + (kc == .excluded ? 1 : 0)
        let p = min(1, max(0, rate + (rate * draws.seen[stratum] - draws.hits[stratum]) * 0.5))
        let covered = kc != .placeholder && rng.chance(p)
        if kc != .placeholder {
            draws.seen[stratum] += 1
            if covered { draws.hits[stratum] += 1 }
        }
        return covered
    }

    /// A township association `a` of region `r`: its staff (the agricultural station's head
    /// noted), sometimes a key person on the district committee, and the rural tech
    /// association of a town or township.
    private mutating func townshipAssociation(_ a: Int32, of r: Int, kind kc: KindClass, district: Int32, founded f: Int32) {
        let keys = kc == .street ? Category.streetKeys : Category.townshipKeys
        let posts = staff(a, keys: keys, fillers: Category.townshipFillers, level: .township, association: true)
        if let head = posts.first(where: { $0.1 == .agriStationHead }) { agriHeadOf[r] = head.0 }
        // A township key person on the district committee.
        if district >= 0, frame.levels[Int(oRegion[Int(district)])] == .district,
           rng.chance(o.townshipOnDistrictCommitteeShare) {
            let keyPosts = posts.dropFirst().filter { keys.contains($0.1) }
            if !keyPosts.isEmpty {
                let p = keyPosts[rng.below(keyPosts.count)].0
                let start = day(max(Int(oFounded[Int(district)]), Int(f), asOf - 5 * 365), asOf - 30)
                addPosition(p, district, .committee, start: max(start, Int(oFounded[Int(district)])))
            }
        }
        if kc == .town || kc == .township { ruralTech(r, township: a) }
    }

    /// Unaffiliated persons: no post anywhere.
    private mutating func addUnaffiliatedPersons() {
        let unaffiliated = Int((Double(pCat.count) * o.unaffiliatedShare).rounded())
        for _ in 0..<unaffiliated {
            _ = newPerson(Category.allCases[rng.below(Category.allCases.count)], region: Int32(rng.below(max(1, frame.count))))
        }
        summary.unaffiliatedPersons = unaffiliated
    }

    /// Societies, the rural tech federation and institutions of a district.
    mutating func districtOrganizations(_ r: Int, _ a: Int32) {
        let fa = oFounded[Int(a)]
        for d in Discipline.allCases where rng.chance(d.chance) {
            let s = newOrg(.society, .society, region: r, parent: a, founded: founded(after: fa, level: .township), discipline: d.rawValue)
            staff(s, keys: d.keys, fillers: Category.districtFillers, level: .district, association: false)
        }
        let agricultural = rural[r]
        if agricultural, rng.chance(0.85) {
            let fed = newOrg(.ruralTechFederation, .federation, region: r, parent: a, founded: founded(after: fa, level: .township))
            federationOf[r] = fed
            staff(fed, keys: [.plantingCenterDirector, .agriTechnician, .agriStationHead], fillers: Category.townshipFillers, level: .district, association: false)
        }
        // Institutions.
        let prefix = cityPrefix(r)
        let districtName = frame.names[r]
        var count = 0
        let mean = o.profile.enterprisesPerDistrict
        count = Int(mean) + (rng.chance(mean - Double(Int(mean))) ? 1 : 0)
        if kindClass[r] == .urban, rng.chance(o.profile.universityChance) {
            institution(.university, prefix + Names.universityKinds[rng.below(Names.universityKinds.count)], r, a, chance: 0.9)
        }
        if rng.chance(o.profile.parkChance) {
            institution(.park, districtName + Names.parkKinds[rng.below(Names.parkKinds.count)], r, a, chance: 0.8)
        }
        for _ in 0..<count {
            let name = prefix + Names.enterpriseWords[rng.below(Names.enterpriseWords.count)] +
                Names.enterpriseFields[rng.below(Names.enterpriseFields.count)] + "科技有限公司"
            institution(.enterprise, name, r, a, chance: 0.6)
        }
    }

    /// The short name of the city or province above region `r` (天津市 → 天津).
    func cityPrefix(_ r: Int) -> String {
        var c = Int(cityOf[r])
        if c < 0 { c = r }
        if frame.levels[c] == .city, frame.names[c].hasPrefix("省直辖") || frame.names[c].hasPrefix("自治区直辖"),
           let p = frame.parent(c) { c = p }
        var name = frame.names[c]
        for ending in ["市", "省", "地区", "盟", "自治州"] where name.hasSuffix(ending) && name.count > ending.count + 1 {
            name.removeLast(ending.count)
            break
        }
        return name
    }

    mutating func institution(_ kind: InstitutionKind, _ name: String, _ r: Int, _ parent: Int32, chance: Double) {
        let index = iID.count
        let letter = switch kind { case .university: "U"; case .park: "K"; default: "E" }
        var digits = String(index + 1)
        while digits.count < 6 { digits = "0" + digits }
        iID.append(letter + digits); iName.append(name); iKind.append(kind); iRegion.append(Int32(r))
        guard rng.chance(chance) else { return }
        let type: OrganizationType = switch kind {
        case .university: .universityAssociation
        case .park: .parkAssociation
        default: .enterpriseAssociation
        }
        let org = newOrg(type, .institution, region: r, parent: parent,
                         founded: founded(after: oFounded[Int(parent)], level: .township), institution: Int32(index))
        let keys: [Category] = switch kind {
        case .university: [.researcher, .teacher, .researchInstituteHead]
        case .park: [.techEnterpriseHead, .engineer, .highSkillTalent]
        default: [.engineer, .highSkillTalent, .techEnterpriseHead]
        }
        staff(org, keys: keys, fillers: [.engineer, .researcher, .official], level: .district, association: false)
    }

    mutating func ruralTech(_ r: Int, township: Int32) {
        guard rng.chance(0.8) else { return }
        let parent = township >= 0 ? township : nearestAssoc[r]
        let f = founded(after: parent >= 0 ? oFounded[Int(parent)] : nil, level: .township)
        let org = newOrg(.ruralTechAssociation, .ruralTech, region: r, parent: parent, founded: f)
        let posts = staff(org, keys: [.agriTechnician, .popularizationLeader, .agriStationHead], fillers: Category.villageFillers, level: .township, association: false)
        // The township's agri station head often also sits in it.
        let head = agriHeadOf[r]
        if head >= 0, !posts.contains(where: { $0.0 == head }), rng.chance(0.6) {
            let start = day(Int(f), max(Int(f), asOf - 30))
            addPosition(head, org, .viceChair, start: start)
        }
    }

    mutating func popularization(_ r: Int) {
        let kc = kindClass[r]
        guard kc == .village || kc == .community, rng.chance(o.profile.popularizationChance) else { return }
        let parent = nearestAssoc[r]
        let f = founded(after: parent >= 0 ? oFounded[Int(parent)] : nil, level: .village)
        let org = newOrg(.popularizationOrg, .popularization, region: r, parent: parent, founded: f)
        staff(org, keys: [.popularizationLeader, .popularizationVolunteer, .popularizationInformant],
              fillers: [.popularizationVolunteer, .popularizationInformant], level: .village, association: false)
    }

    // MARK: Links

    mutating func link(_ a: Int32, _ b: Int32, _ kind: LinkKind) {
        lFrom.append(a); lTo.append(b); lKind.append(kind)
        lWeight.append(rng.chance(o.weightedLinkShare) ? UInt8(1 + rng.below(Self.weights.count - 1)) : 0)
        let lo = Int(max(oFounded[Int(a)], oFounded[Int(b)]))
        lStart.append(rng.chance(0.85) ? Int32(day(lo + 1, max(lo + 1, min(lo + 730, asOf - 1)))) : Self.none)
    }

    static let weights: [[UInt8]] = ["", "0.2", "0.4", "0.6", "0.8", "1", "1.5"].map { Array($0.utf8) }

    mutating func buildLinks() {
        // Town and district associations per city, in organization order.
        var towns: [Int32: [Int32]] = [:]
        var districts: [Int32: [Int32]] = [:]
        for i in 0..<oType.count where oType[i] == .association {
            let r = Int(oRegion[i])
            if frame.levels[r] == .township, kindClass[r] == .town { towns[cityOf[r], default: []].append(Int32(i)) }
            if frame.levels[r] == .district { districts[cityOf[r], default: []].append(Int32(i)) }
        }
        for i in 0..<oType.count {
            let org = Int32(i), r = Int(oRegion[i])
            switch oType[i] {
            case .society where oParent[i] >= 0:
                link(org, oParent[i], .groupMember)
            case .ruralTechAssociation:
                let d = districtOf[r]
                if d >= 0, federationOf[Int(d)] >= 0 { link(org, federationOf[Int(d)], .federationMember) }
            case .universityAssociation where oParent[i] >= 0 && rng.chance(0.7):
                link(org, oParent[i], .cooperates)
            case .association:
                if frame.levels[r] == .township, kindClass[r] == .street, rng.chance(o.profile.pairingChance),
                   let list = towns[cityOf[r]], !list.isEmpty {
                    link(org, list[rng.below(list.count)], .pairsWith)
                }
                if frame.levels[r] == .district, rng.chance(0.3), let list = districts[cityOf[r]], list.count > 1 {
                    let other = list[rng.below(list.count)]
                    if other != org { link(org, other, .cooperates) }
                }
            default:
                break
            }
        }
    }

    // MARK: Anomalies

    mutating func injectAnomalies() {
        let share = o.anomalyShare
        guard share > 0 else { return }
        var townshipAssocs: [Int32] = []
        for i in 0..<oType.count where oType[i] == .association && frame.levels[Int(oRegion[i])] == .township {
            townshipAssocs.append(Int32(i))
        }
        let eligible = oParent.reduce(0) { $0 + ($1 >= 0 ? 1 : 0) }
        let target = Int((Double(eligible) * share).rounded())
        var marked = 0
        var attempts = 0
        func pick(_ b: inout _Builder) -> Int? {
            for _ in 0..<64 {
                let i = b.rng.below(b.oType.count)
                if b.oParent[i] >= 0, !b.oMarked[i] { return i }
            }
            return nil
        }
        while marked < target, attempts < target * 20 + 100 {
            attempts += 1
            guard let i = pick(&self) else { break }
            let p = Int(oParent[i])
            switch rng.below(5) {
            case 0:
                oParent[i] = ReferenceColumn.absent
                summary.missingParents += 1
            case 1:
                oParent[i] = ReferenceColumn.unknown
                summary.unknownParents += 1
            case 2:
                let fp = Int(oFounded[p])
                guard oParent[p] >= 0, !oMarked[p], oDissolved[p] == Self.none, fp < asOf - 2 else { continue }
                oDissolved[p] = Int32(day(fp + 1, asOf - 1))
                summary.dissolvedParents += 1
            case 3:
                let length = rng.int(in: 1...3)
                var members = [i]
                oMarked[i] = true
                while members.count < length, let j = pick(&self) { members.append(j); oMarked[j] = true }
                for (k, m) in members.enumerated() { oParent[m] = Int32(members[(k + 1) % members.count]) }
                marked += members.count - 1
                summary.parentLoops += 1
            default:
                guard !townshipAssocs.isEmpty else { continue }
                let home = districtOf[Int(oRegion[i])]
                var chosen: Int32 = -1
                for _ in 0..<16 {
                    let t = townshipAssocs[rng.below(townshipAssocs.count)]
                    if Int(t) != i, districtOf[Int(oRegion[Int(t)])] != home { chosen = t; break }
                }
                guard chosen >= 0 else { continue }
                oParent[i] = chosen
                summary.misplacedAttachments += 1
            }
            oMarked[i] = true
            marked += 1
        }
        summary.anomalousOrganizations = marked
        // Dangling positions and links.
        let danglingPositions = Int((Double(qPerson.count) * share).rounded())
        for k in 0..<danglingPositions { qPerson[rng.below(qPerson.count)] = -Int32(k + 1) }
        summary.danglingPositions = Set(qPerson.filter { $0 < 0 }).count
        if !lTo.isEmpty {
            let danglingLinks = max(1, Int((Double(lTo.count) * share).rounded()))
            for k in 0..<danglingLinks { lTo[rng.below(lTo.count)] = -Int32(k + 1) }
            summary.danglingLinks = lTo.reduce(0) { $0 + ($1 < 0 ? 1 : 0) }
        }
    }
}
