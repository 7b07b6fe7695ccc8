import KexieModel

/// Colours, fonts and shapes shared by every diagram.
enum _Style {
    /// The font named in every diagram. SVG viewers supply their own CJK glyphs; PNG/PDF need
    /// the font installed (`make run` installs fonts-wqy-microhei).
    static let font = "WenQuanYi Micro Hei"

    static let graph: [(String, String)] = [
        ("fontname", font), ("fontsize", "12"), ("charset", "UTF-8"), ("bgcolor", "white"), ("pad", "0.2"),
    ]
    static let nodes: [(String, String)] = [("fontname", font), ("fontsize", "10"), ("shape", "box"), ("style", "rounded,filled"), ("fillcolor", "white")]
    static let edges: [(String, String)] = [("fontname", font), ("fontsize", "9"), ("arrowsize", "0.6"), ("color", "#555555")]

    /// (outline, fill) of each organization type.
    static func colors(_ type: OrganizationType) -> (line: String, fill: String) {
        switch type {
        case .association: ("#2f5d8a", "#cfe0f3")
        case .society: ("#c96a16", "#fde3c8")
        case .ruralTechAssociation: ("#3d7a35", "#d5ecd0")
        case .ruralTechFederation: ("#2d5e27", "#b7dcae")
        case .enterpriseAssociation: ("#7d4f72", "#ead7e6")
        case .parkAssociation: ("#6e5140", "#eadbd2")
        case .universityAssociation: ("#a08418", "#fbf1c7")
        case .popularizationOrg: ("#3f7f7a", "#d6ecea")
        case .socialOrg: ("#c25762", "#ffe1e4")
        case .other: ("#777777", "#ececec")
        }
    }

    /// Attributes of an organization node.
    static func organization(_ d: Dataset, _ o: Int, extra: [(String, String)] = []) -> [(String, String)] {
        let (line, fill) = colors(d.organizations.types[o])
        return [("label", d.organizations.names[o]), ("tooltip", "\(d.organizations.ids[o]) · \(d.organizations.types[o].label)"),
                ("color", line), ("fillcolor", fill)] + extra
    }

    /// A fill colour for a coverage rate: red at 0, yellow at one half, green at 1; grey when
    /// there is nothing to count.
    static func rateColor(_ rate: Double?) -> String {
        guard let rate else { return "#e0e0e0" }
        let stops: [(Double, (Double, Double, Double))] = [(0, (215, 48, 39)), (0.5, (254, 224, 139)), (1, (26, 152, 80))]
        let r = min(max(rate, 0), 1)
        let (a, b) = r <= 0.5 ? (stops[0], stops[1]) : (stops[1], stops[2])
        let t = (r - a.0) / (b.0 - a.0)
        func mix(_ x: Double, _ y: Double) -> Int { Int((x + (y - x) * t).rounded()) }
        let rgb = [mix(a.1.0, b.1.0), mix(a.1.1, b.1.1), mix(a.1.2, b.1.2)]
        return "#" + rgb.map { v in let h = String(v, radix: 16); return h.count == 1 ? "0" + h : h }.joined()
    }

    /// A rate as a percentage for labels.
    static func percent(_ rate: Double?) -> String {
        guard let rate else { return "—" }
        return "\(Int((rate * 100).rounded()))%"
    }

    /// Edge width for a tie strength, growing with strength and capped.
    static func width(_ strength: Double, max maximum: Double) -> String {
        let w = 0.6 + 3.4 * min(strength, maximum) / max(maximum, 0.0001)
        return String(format2: w)
    }

    /// What the village level is called in summaries (村/社区), and other levels.
    static func levelWord(_ level: Level) -> String {
        switch level {
        case .country: "国"
        case .province: "省"
        case .city: "市"
        case .district: "区县"
        case .township: "乡镇街道"
        case .village: "村社区"
        }
    }
}

extension String {
    /// `x` with two decimals, without Foundation.
    init(format2 x: Double) {
        let scaled = Int((x * 100).rounded())
        let frac = String(scaled % 100)
        self = "\(scaled / 100)." + (frac.count == 1 ? "0" + frac : frac)
    }
}
