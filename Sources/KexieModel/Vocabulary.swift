#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The closed vocabularies of the dataset contract (version 1).
///
/// Every enum here is stored as one byte per row in the tables. `name` is the spelling used in
/// CSV files, rules and JSON output; `label` is the Chinese name used in reports.
public protocol ContractVocabulary: CaseIterable, Hashable, Sendable, RawRepresentable
where RawValue == UInt8, AllCases == [Self] {
    /// The spelling in the contract (`association`, `part_time_vice_chair`, …).
    var name: String { get }
    /// The Chinese name (科协, 兼职副主席, …).
    var label: String { get }
    /// What the vocabulary is called in messages ("organization type", "role", …).
    static var vocabularyName: String { get }
    /// `name` of every case as UTF-8, in `allCases` order (for matching cells without Strings).
    static var utf8Names: [[UInt8]] { get }
}

extension ContractVocabulary {
    /// Every valid spelling, in contract order.
    public static var names: [String] { allCases.map(\.name) }

    /// The case spelt `name`, or `nil`.
    public init?(name: String) {
        guard let match = Self.allCases.first(where: { $0.name == name }) else { return nil }
        self = match
    }

    /// The case whose spelling equals the UTF-8 bytes, or `nil`.
    /// Called for a cell of every row, so it compares bytes in place and makes no array: the
    /// raw values are the case positions (0, 1, …, as declared). Inlinable so that each
    /// vocabulary gets its own specialized copy where cells are read (a generic call looked up
    /// type metadata for every cell).
    @inlinable
    public init?(utf8 bytes: UnsafeBufferPointer<UInt8>) {
        let names = Self.utf8Names
        for i in names.indices where names[i].count == bytes.count {
            let equal = names[i].withUnsafeBufferPointer { name in
                var k = 0
                while k < name.count, name[k] == bytes[k] { k &+= 1 }
                return k == name.count
            }
            if equal, let value = Self(rawValue: UInt8(i)) {
                self = value
                return
            }
        }
        return nil
    }
}

/// An administrative level, top to bottom. The raw value is the depth rank: a parent region must
/// have a strictly smaller rank than its child.
public enum Level: UInt8, ContractVocabulary, Comparable {
    /// From the top: 国家, 省级, 市级, 区县级, 乡镇街道级, 村社区级.
    case country, province, city, district, township, village

    public var name: String {
        switch self {
        case .country: "country"
        case .province: "province"
        case .city: "city"
        case .district: "district"
        case .township: "township"
        case .village: "village"
        }
    }
    public var label: String {
        switch self {
        case .country: "国家"
        case .province: "省级"
        case .city: "市级"
        case .district: "区县级"
        case .township: "乡镇街道级"
        case .village: "村社区级"
        }
    }
    public static var vocabularyName: String { "level" }
    public static let utf8Names = allCases.map { Array($0.name.utf8) }
    public static func < (a: Level, b: Level) -> Bool { a.rawValue < b.rawValue }
}

/// The `type` of an organization.
public enum OrganizationType: UInt8, ContractVocabulary {
    /// The organization types of the contract; `name` gives the spelling in files, `label` the Chinese.
    case association, society, ruralTechAssociation, ruralTechFederation, enterpriseAssociation,
         parkAssociation, universityAssociation, popularizationOrg, socialOrg, other

    public var name: String {
        switch self {
        case .association: "association"
        case .society: "society"
        case .ruralTechAssociation: "rural_tech_association"
        case .ruralTechFederation: "rural_tech_federation"
        case .enterpriseAssociation: "enterprise_association"
        case .parkAssociation: "park_association"
        case .universityAssociation: "university_association"
        case .popularizationOrg: "popularization_org"
        case .socialOrg: "social_org"
        case .other: "other"
        }
    }
    public var label: String {
        switch self {
        case .association: "科协"
        case .society: "学会"
        case .ruralTechAssociation: "农技协"
        case .ruralTechFederation: "农技协联合会"
        case .enterpriseAssociation: "企业科协"
        case .parkAssociation: "园区/联合科协"
        case .universityAssociation: "高校科协"
        case .popularizationOrg: "科普组织"
        case .socialOrg: "科技类社会组织"
        case .other: "其他"
        }
    }
    public static var vocabularyName: String { "organization type" }
    public static let utf8Names = allCases.map { Array($0.name.utf8) }
}

/// The `role` of a position.
public enum Role: UInt8, ContractVocabulary {
    /// The roles of the contract; `name` gives the spelling in files, `label` the Chinese.
    case chair, viceChair, partTimeViceChair, secondedViceChair, standingCommittee, committee,
         staff, representative, member, volunteer

    public var name: String {
        switch self {
        case .chair: "chair"
        case .viceChair: "vice_chair"
        case .partTimeViceChair: "part_time_vice_chair"
        case .secondedViceChair: "seconded_vice_chair"
        case .standingCommittee: "standing_committee"
        case .committee: "committee"
        case .staff: "staff"
        case .representative: "representative"
        case .member: "member"
        case .volunteer: "volunteer"
        }
    }
    public var label: String {
        switch self {
        case .chair: "主席"
        case .viceChair: "专职副主席"
        case .partTimeViceChair: "兼职副主席"
        case .secondedViceChair: "挂职副主席"
        case .standingCommittee: "常委"
        case .committee: "委员"
        case .staff: "专职工作人员"
        case .representative: "代表"
        case .member: "会员"
        case .volunteer: "志愿者"
        }
    }
    public static var vocabularyName: String { "role" }
    public static let utf8Names = allCases.map { Array($0.name.utf8) }
}

/// The `kind` of a link between two organizations.
public enum LinkKind: UInt8, ContractVocabulary {
    /// 对接帮扶, 合作联系, 团体会员, 联合会成员.
    case pairsWith, cooperates, groupMember, federationMember

    public var name: String {
        switch self {
        case .pairsWith: "pairs_with"
        case .cooperates: "cooperates"
        case .groupMember: "group_member"
        case .federationMember: "federation_member"
        }
    }
    public var label: String {
        switch self {
        case .pairsWith: "对接帮扶"
        case .cooperates: "合作联系"
        case .groupMember: "团体会员"
        case .federationMember: "联合会成员"
        }
    }
    public static var vocabularyName: String { "link kind" }
    public static let utf8Names = allCases.map { Array($0.name.utf8) }
}

/// The `kind` of an institution.
public enum InstitutionKind: UInt8, ContractVocabulary {
    /// The institution kinds of the contract; `name` gives the spelling in files, `label` the Chinese.
    case university, park, enterprise, hospital, school, researchInstitute, agriStation, other

    public var name: String {
        switch self {
        case .university: "university"
        case .park: "park"
        case .enterprise: "enterprise"
        case .hospital: "hospital"
        case .school: "school"
        case .researchInstitute: "research_institute"
        case .agriStation: "agri_station"
        case .other: "other"
        }
    }
    public var label: String {
        switch self {
        case .university: "高校"
        case .park: "园区"
        case .enterprise: "企业"
        case .hospital: "医院"
        case .school: "学校"
        case .researchInstitute: "科研院所"
        case .agriStation: "农技站"
        case .other: "其他"
        }
    }
    public static var vocabularyName: String { "institution kind" }
    public static let utf8Names = allCases.map { Array($0.name.utf8) }
}

/// Region kinds the contract defines for the two lowest levels; other levels take free text.
public enum RegionKinds {
    /// Valid kinds of a `township` region.
    public static let township = ["street", "town", "township", "township_like"]
    /// Valid kinds of a `village` region.
    public static let village = ["community", "village", "community_like", "village_like"]
    /// The kind of a region whose kind is empty and whose name has no known ending.
    public static let fallback = "other"

    /// The kinds a region of `level` may have, or `nil` when the level takes free text.
    /// `other` is always accepted as well.
    public static func allowed(at level: Level) -> [String]? {
        switch level {
        case .township: township
        case .village: village
        default: nil
        }
    }

    /// Name endings and the kind they imply, checked in this order (longest ending first
    /// where two could overlap).
    static let endings: [(suffix: String, kind: String)] = [
        ("街道", "street"), ("镇", "town"), ("苏木", "township"), ("乡", "township"),
        ("居委会", "community"), ("社区", "community"), ("村委会", "village"), ("村", "village"),
    ]

    /// The kind implied by a name's ending: 街道→street, 镇→town, 乡/苏木→township,
    /// 社区/居委会→community, 村/村委会→village, else `other`. Applied whatever the level.
    public static func inferred(fromName name: String) -> String {
        for (suffix, kind) in endings where name.hasSuffix(suffix) { return kind }
        return fallback
    }
}

/// Chinese labels for the key-person categories and sectors the contract names. Categories are a
/// free vocabulary (an unknown one is a warning, not an error), so they are strings, not an enum.
public enum KnownVocabulary {
    /// The key-person categories listed in the contract, with their Chinese names.
    public static let categories: [(name: String, label: String)] = [
        ("hospital_director", "医院院长"),
        ("school_principal", "学校校长"),
        ("planting_center_director", "种植业发展服务中心主任"),
        ("research_institute_head", "科研院所负责人"),
        ("tech_enterprise_head", "科技型企业负责人"),
        ("high_skill_talent", "高技能人才"),
        ("health_center_director", "卫生院院长/卫生服务中心主任"),
        ("agri_station_head", "农技站站长"),
        ("social_service_center_director", "社会服务中心主任"),
        ("clinic_director", "卫生室主任"),
        ("primary_school_principal", "小学校长"),
        ("village_official", "大学生村官/社区工作者"),
        ("popularization_leader", "科普带头人"),
        ("popularization_volunteer", "科普志愿者"),
        ("popularization_informant", "科普信息员"),
        ("agri_technician", "农技人员"),
        ("teacher", "教师"),
        ("medical_worker", "医务工作者"),
        ("engineer", "工程师"),
        ("researcher", "科研人员"),
        ("official", "干部"),
        ("other", "其他"),
    ]

    /// The sectors listed in the contract, with their Chinese names.
    public static let sectors: [(name: String, label: String)] = [
        ("health", "卫生健康"), ("education", "教育"), ("agriculture", "农业"),
        ("science", "科技"), ("economy", "经济"), ("other", "其他"),
    ]

    /// The sector of a person whose category is not in the rules' `sectors` map.
    public static let fallbackSector = "other"

    /// The Chinese name of a category, if the contract names it.
    public static func categoryLabel(_ name: String) -> String? {
        categories.first(where: { $0.name == name })?.label
    }
}
