import KexieModel

/// Serialization of the generated tables straight into CSV bytes.
extension _Builder {
    static let typeNames: [[UInt8]] = OrganizationType.allCases.map { Array($0.name.utf8) }
    static let roleNames: [[UInt8]] = Role.allCases.map { Array($0.name.utf8) }
    static let linkNames: [[UInt8]] = LinkKind.allCases.map { Array($0.name.utf8) }
    static let suffixCAST = Array("科学技术协会".utf8)
    static let suffixKX = Array("科协".utf8)
    static let suffixKP = Array("科普协会".utf8)
    static let suffixRural = Array("农村专业技术协会".utf8)
    static let suffixFederation = Array("农村专业技术协会联合会".utf8)
    static let suffixPopularization = Array("科普志愿服务队".utf8)
    static let china = Array("中国科学技术协会".utf8)

    func regionID(_ r: Int, _ out: inout CSVBytes) {
        frame.ids.strings.withUTF8(r) { out.field($0) }
    }

    /// The region's name; village names lose their committee ending (张村村民委员会 → 张村).
    func regionName(_ r: Int, _ out: inout CSVBytes, strip: Bool) {
        frame.names.withUTF8(r) { b in
            var count = b.count
            if strip {
                for e in Names.droppedEndings where count > e.count && b.count >= e.count {
                    if e.elementsEqual(b[(b.count - e.count)...]) { count = b.count - e.count; break }
                }
            }
            out.field(UnsafeBufferPointer(rebasing: b[0..<count]))
        }
    }

    func orgID(_ i: Int, _ out: inout CSVBytes) {
        let r = Int(oRegion[i])
        switch oScheme[i] {
        case .association: out.byte(0x41); regionID(r, &out)
        case .society: out.byte(0x53); regionID(r, &out); out.byte(0x2D); out.byte(Discipline(rawValue: oDisc[i])!.letter)
        case .ruralTech: out.byte(0x52); regionID(r, &out)
        case .federation: out.byte(0x46); regionID(r, &out)
        case .popularization: out.byte(0x4B); regionID(r, &out)
        case .institution: out.byte(0x49); out.field(iID[Int(oInst[i])])
        }
    }

    func orgName(_ i: Int, _ out: inout CSVBytes) {
        let r = Int(oRegion[i])
        let level = frame.levels[r]
        switch oScheme[i] {
        case .association:
            switch level {
            case .country: out.raw(Self.china)
            case .province, .city, .district: regionName(r, &out, strip: false); out.raw(Self.suffixCAST)
            case .township: regionName(r, &out, strip: false); out.raw(Self.suffixKX)
            case .village:
                regionName(r, &out, strip: true)
                out.raw(kindClass[r] == .village ? Self.suffixKP : Self.suffixKX)
            }
        case .society: regionName(r, &out, strip: false); out.raw(Discipline(rawValue: oDisc[i])!.society)
        case .ruralTech: regionName(r, &out, strip: false); out.raw(Self.suffixRural)
        case .federation: regionName(r, &out, strip: false); out.raw(Self.suffixFederation)
        case .popularization: regionName(r, &out, strip: true); out.raw(Self.suffixPopularization)
        case .institution: out.field(iName[Int(oInst[i])]); out.raw(Self.suffixKX)
        }
    }

    func personID(_ p: Int, _ out: inout CSVBytes) {
        out.byte(0x50)
        out.int(p + 1, width: 7)
    }

    /// Writes the dataset's tables and manifest into `folder`, one table at a time (each is
    /// built whole in memory, then written atomically and released).
    mutating func write(to folder: String) throws -> GenerationSummary {
        try writeOrganizations(to: folder + "/organizations.csv")
        try writePersons(to: folder + "/persons.csv")
        try writePositions(to: folder + "/positions.csv")
        try writeLinks(to: folder + "/links.csv")
        try writeInstitutions(to: folder + "/institutions.csv")
        try writeManifest(to: folder + "/dataset.yaml")
        summary.organizations = oType.count
        summary.persons = pCat.count
        summary.positions = qPerson.count
        summary.links = lFrom.count
        summary.institutions = iID.count
        return summary
    }

    private func writeOrganizations(to path: String) throws {
        let dirty = Self.none
        var t = CSVBytes(header: "id,name,type,region,parent,institution,discipline,founded,dissolved", reserve: oType.count * 150)
        for i in 0..<oType.count {
            orgID(i, &t); t.comma()
            orgName(i, &t); t.comma()
            t.raw(Self.typeNames[Int(oType[i].rawValue)]); t.comma()
            regionID(Int(oRegion[i]), &t); t.comma()
            let p = oParent[i]
            if p >= 0 { orgID(Int(p), &t) } else if p == ReferenceColumn.unknown {
                t.byte(0x41); regionID(Int(oRegion[i]), &t); t.raw(Array("-old".utf8))
            }
            t.comma()
            if oInst[i] >= 0 { t.field(iID[Int(oInst[i])]) }
            t.comma()
            if oDisc[i] >= 0 { t.raw(Discipline(rawValue: oDisc[i])!.name) }
            t.comma()
            t.day(Day(rawValue: oFounded[i])); t.comma()
            if oDissolved[i] != dirty { t.day(Day(rawValue: oDissolved[i])) }
            t.newline()
        }
        try t.write(to: path)
    }

    private func writePersons(to path: String) throws {
        let workplaces = Category.allCases.map(\.workplace)
        var persons = CSVBytes(header: "id,name,category,sector,workplace,region", reserve: pCat.count * 75)
        for p in 0..<pCat.count {
            personID(p, &persons); persons.comma()
            persons.raw(Names.surnames[Int(pSurname[p])]); persons.raw(Names.given[Int(pGiven1[p])])
            if pGiven2[p] != 255 { persons.raw(Names.given[Int(pGiven2[p])]) }
            persons.comma()
            persons.raw(Category.names[Int(pCat[p].rawValue)]); persons.comma(); persons.comma()
            let r = Int(pRegion[p])
            if let w = workplaces[Int(pCat[p].rawValue)] {
                regionName(r, &persons, strip: frame.levels[r] == .village); persons.raw(w)
            }
            persons.comma()
            regionID(r, &persons)
            persons.newline()
        }
        try persons.write(to: path)
    }

    private func writePositions(to path: String) throws {
        let dirty = Self.none
        let personCount = pCat.count
        var positions = CSVBytes(header: "person,organization,role,start,end", reserve: qPerson.count * 55)
        for q in 0..<qPerson.count {
            let p = Int(qPerson[q])
            personID(p >= 0 ? p : personCount - p - 1 + 1000, &positions); positions.comma()
            orgID(Int(qOrg[q]), &positions); positions.comma()
            positions.raw(Self.roleNames[Int(qRole[q].rawValue)]); positions.comma()
            positions.day(Day(rawValue: qStart[q])); positions.comma()
            if qEnd[q] != dirty { positions.day(Day(rawValue: qEnd[q])) }
            positions.newline()
        }
        try positions.write(to: path)
    }

    private func writeLinks(to path: String) throws {
        let dirty = Self.none
        var links = CSVBytes(header: "from,to,kind,weight,start,end", reserve: lFrom.count * 60)
        for l in 0..<lFrom.count {
            orgID(Int(lFrom[l]), &links); links.comma()
            if lTo[l] >= 0 { orgID(Int(lTo[l]), &links) } else { links.raw(Array("A000000".utf8)); links.int(Int(-lTo[l]), width: 6) }
            links.comma()
            links.raw(Self.linkNames[Int(lKind[l].rawValue)]); links.comma()
            links.raw(Self.weights[Int(lWeight[l])]); links.comma()
            if lStart[l] != dirty { links.day(Day(rawValue: lStart[l])) }
            links.comma()
            links.newline()
        }
        try links.write(to: path)
    }

    private func writeInstitutions(to path: String) throws {
        var inst = CSVBytes(header: "id,name,kind,region")
        for i in 0..<iID.count {
            inst.field(iID[i]); inst.comma(); inst.field(iName[i]); inst.comma()
            inst.raw(Array(iKind[i].name.utf8)); inst.comma(); regionID(Int(iRegion[i]), &inst); inst.newline()
        }
        try inst.write(to: path)
    }

    /// `dataset.yaml`: the name, description and as-of date.
    private func writeManifest(to path: String) throws {
        var yaml = CSVBytes(header: "name: " + Self.yamlQuoted(o.name))
        yaml.raw(Array(("description: " + Self.yamlQuoted(o.description) + "\n").utf8))
        yaml.raw(Array("as_of: ".utf8)); yaml.day(o.asOf); yaml.newline()
        try yaml.write(to: path)
    }

    static func yamlQuoted(_ s: String) -> String {
        var out = "\""
        for c in s.unicodeScalars {
            switch c {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            default: out.unicodeScalars.append(c)
            }
        }
        return out + "\""
    }
}
