import KexieModel

/// Person categories as small indices, with the lists the generator draws from.
enum Category: UInt8, CaseIterable {
    case hospitalDirector, schoolPrincipal, plantingCenterDirector, researchInstituteHead, techEnterpriseHead,
         highSkillTalent, healthCenterDirector, agriStationHead, socialServiceCenterDirector, clinicDirector,
         primarySchoolPrincipal, villageOfficial, popularizationLeader, popularizationVolunteer,
         popularizationInformant, agriTechnician, teacher, medicalWorker, engineer, researcher, official, other

    static let names: [[UInt8]] = [
        "hospital_director", "school_principal", "planting_center_director", "research_institute_head",
        "tech_enterprise_head", "high_skill_talent", "health_center_director", "agri_station_head",
        "social_service_center_director", "clinic_director", "primary_school_principal", "village_official",
        "popularization_leader", "popularization_volunteer", "popularization_informant", "agri_technician",
        "teacher", "medical_worker", "engineer", "researcher", "official", "other",
    ].map { Array($0.utf8) }

    /// The workplace ending written after the person's region name, if any.
    var workplace: [UInt8]? {
        let s: String? = switch self {
        case .hospitalDirector: "人民医院"
        case .schoolPrincipal: "中学"
        case .plantingCenterDirector: "种植业发展服务中心"
        case .researchInstituteHead: "农业科学研究所"
        case .healthCenterDirector: "卫生院"
        case .agriStationHead: "农业技术推广站"
        case .socialServiceCenterDirector: "社会服务中心"
        case .clinicDirector: "卫生室"
        case .primarySchoolPrincipal: "小学"
        default: nil
        }
        return s.map { Array($0.utf8) }
    }

    static let districtKeys: [Category] = [.hospitalDirector, .schoolPrincipal, .plantingCenterDirector, .researchInstituteHead, .techEnterpriseHead, .highSkillTalent]
    static let townshipKeys: [Category] = [.healthCenterDirector, .schoolPrincipal, .agriStationHead, .techEnterpriseHead, .socialServiceCenterDirector]
    static let streetKeys: [Category] = [.healthCenterDirector, .schoolPrincipal, .techEnterpriseHead, .socialServiceCenterDirector]
    static let villageKeys: [Category] = [.clinicDirector, .primarySchoolPrincipal, .villageOfficial, .popularizationLeader, .agriTechnician]
    static let communityKeys: [Category] = [.clinicDirector, .primarySchoolPrincipal, .villageOfficial, .popularizationLeader]
    static let districtFillers: [Category] = [.official, .researcher, .engineer, .teacher, .medicalWorker]
    static let townshipFillers: [Category] = [.official, .teacher, .medicalWorker, .engineer, .other]
    static let villageFillers: [Category] = [.popularizationVolunteer, .popularizationInformant, .teacher, .medicalWorker, .other]
}

/// What a region's kind means to the generator.
enum KindClass: UInt8 {
    case street, town, township, excluded, community, village, placeholder, urban, other

    init(level: Level, kind: String) {
        switch kind {
        case "street": self = .street
        case "town": self = .town
        case "township": self = level == .township ? .township : .other
        case "township_like", "community_like", "village_like": self = .excluded
        case "community": self = .community
        case "village": self = .village
        case "placeholder": self = .placeholder
        case "district": self = level == .district ? .urban : .other
        default: self = .other
        }
    }
}

/// How an organization's id and name are made.
enum OrgScheme: UInt8 {
    /// `A` + region id; name: region name + 科学技术协会 / 科协 / 科普协会.
    case association
    /// `S` + region id + `-` + discipline letter.
    case society
    /// `R` + region id.
    case ruralTech
    /// `F` + region id.
    case federation
    /// `K` + region id.
    case popularization
    /// `I` + institution id; name: institution name + 科协.
    case institution
}

enum Discipline: Int8, CaseIterable {
    case medicine, engineering, agriculture, basicScience
    var name: [UInt8] { Array(["medicine", "engineering", "agriculture", "basic_science"][Int(rawValue)].utf8) }
    var letter: UInt8 { Array("MEAB".utf8)[Int(rawValue)] }
    var society: [UInt8] { Array(["医学会", "工程师学会", "农学会", "自然科学学会"][Int(rawValue)].utf8) }
    /// Chance that a district association has this society.
    var chance: Double { [0.9, 0.85, 0.75, 0.5][Int(rawValue)] }
    var keys: [Category] {
        switch self {
        case .medicine: [.hospitalDirector, .medicalWorker, .researcher]
        case .engineering: [.engineer, .techEnterpriseHead, .researcher]
        case .agriculture: [.agriTechnician, .plantingCenterDirector, .researcher]
        case .basicScience: [.researcher, .teacher]
        }
    }
}
