import Testing
@testable import KexieModel

@Suite struct VocabularyTests {
    @Test(arguments: [
        ("劝业场街道", "street"), ("杨柳青镇", "town"), ("孙各庄满族乡", "township"), ("巴彦苏木", "township"),
        ("花园路社区居委会", "community"), ("西营门社区", "community"), ("小王庄村委会", "village"),
        ("大张庄村", "village"), ("和平区", "other"), ("天津经济技术开发区", "other"), ("", "other"),
    ])
    func infersRegionKindFromTheNameEnding(_ name: String, _ kind: String) {
        #expect(RegionKinds.inferred(fromName: name) == kind)
    }

    @Test func contractSpellingsRoundTrip() {
        #expect(OrganizationType(name: "rural_tech_association") == .ruralTechAssociation)
        #expect(Role(name: "part_time_vice_chair") == .partTimeViceChair)
        #expect(LinkKind(name: "federation_member") == .federationMember)
        #expect(InstitutionKind(name: "research_institute") == .researchInstitute)
        #expect(Level(name: "township") == .township)
        #expect(Level(name: "Township") == nil)
        for t in OrganizationType.allCases { #expect(OrganizationType(name: t.name) == t) }
        for r in Role.allCases { #expect(Role(name: r.name) == r) }
        #expect(Level.country < Level.village)
    }

    @Test func defaultRulesAreTheContractDefaults() {
        let r = Rules.defaults
        #expect(r.coverage.levels == [.district, .township, .village])
        #expect(r.coveringTypes(at: .village) == [.association, .popularizationOrg])
        #expect(r.coveringTypes(at: .city) == [.association])
        #expect(r.keyPersonRule(level: .township, kind: "street")?.categories.count == 4)
        #expect(r.keyPersonRule(level: .township, kind: "town")?.categories.count == 5)
        #expect(r.keyPersonRule(level: .city, kind: "municipality") == nil)
        #expect(r.countingRoles(at: .village) == Role.allCases)
        #expect(r.countingRoles(at: .city) == Rules.committeeRoles)
        #expect(r.countingRoles(at: nil) == Rules.committeeRoles)
        #expect(r.weight(of: .partTimeViceChair) == 0.8 && r.weight(of: .volunteer) == 0.1)
        #expect(r.weight(of: .pairsWith) == 0.5 && r.weight(of: .cooperates) == 0.3)
        #expect(r.sectors["agri_technician"] == "agriculture" && r.sectors["official"] == nil)
        #expect(r.institutionTypes[.park] == .parkAssociation && r.institutionTypes[.hospital] == nil)
        #expect(r.secondedTermYears == 2 && r.expiryWarningDays == 90 && r.overloadThreshold == 3)
    }

    @Test func cellsMatchTheirCaseByBytes() {
        func check<V: ContractVocabulary>(_ type: V.Type) {
            for (i, value) in V.allCases.enumerated() {
                #expect(Int(value.rawValue) == i, "raw values are the case positions")
                var name = value.name
                name.withUTF8 { #expect(V(utf8: $0) == value) }
                var longer = value.name + "x"
                longer.withUTF8 { #expect(V(utf8: $0) == nil) }
            }
            var empty = ""
            empty.withUTF8 { #expect(V(utf8: $0) == nil) }
        }
        check(Level.self)
        check(OrganizationType.self)
        check(Role.self)
        check(LinkKind.self)
        check(InstitutionKind.self)
    }
}
