/// A JSON document built in memory and written deterministically: object keys keep the order
/// they were given in, doubles print in their shortest round-trip form, text is UTF-8 with
/// only the characters JSON requires escaped (plus U+2028/U+2029, for JavaScript consumers).
public indirect enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)
    case array([JSONValue])
    case object([(String, JSONValue)])

    public static func == (a: JSONValue, b: JSONValue) -> Bool { a.serialized() == b.serialized() }

    /// The text of the document; `indent` spaces per level (0 = one line).
    public func serialized(indent: Int = 2) -> String {
        var w = JSONWriter(indent: indent)
        w.value(self)
        return w.text
    }
}
