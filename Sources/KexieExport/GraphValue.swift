import KexieModel

/// The type of a graph attribute, as the export formats declare it.
public enum GraphValueType: Sendable, Equatable {
    case string
    /// A 64-bit integer (GraphML and GEXF `long`).
    case long
    case double
    case boolean
    /// A calendar day, written as an ISO `YYYY-MM-DD` string (typed `date` only for Neo4j).
    case date
}

/// One attribute value of a node or an edge.
public enum GraphValue: Sendable, Equatable {
    case string(String)
    case long(Int)
    case double(Double)
    case boolean(Bool)
    case date(Day)

    /// The value as text: numbers in their shortest round-trip form (as JSON writes them),
    /// booleans as `true`/`false`, days as `YYYY-MM-DD`.
    public var text: String {
        switch self {
        case .string(let s): s
        case .long(let i): String(i)
        case .double(let d): "\(d)"
        case .boolean(let b): b ? "true" : "false"
        case .date(let d): d.description
        }
    }
}

/// A declared attribute: its name in every format and its type.
public struct GraphAttribute: Sendable, Equatable {
    public let name: String
    public let type: GraphValueType

    public init(_ name: String, _ type: GraphValueType) {
        self.name = name
        self.type = type
    }
}
