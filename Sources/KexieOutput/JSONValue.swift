/// A JSON document built in memory and written deterministically: object keys keep the order
/// they were given in, doubles print in their shortest round-trip form, text is UTF-8 with
/// only the characters JSON requires escaped (plus U+2028/U+2029, for JavaScript consumers).
public indirect enum JSONValue: Sendable, Equatable {
    /// `null`.
    case null
    /// `true` or `false`.
    case bool(Bool)
    /// An integer.
    case int(Int)
    /// A number in its shortest round-trip form.
    case double(Double)
    /// A string.
    case string(String)
    /// An array.
    case array([JSONValue])
    /// An object whose keys keep the given order.
    case object([(String, JSONValue)])

    public static func == (a: JSONValue, b: JSONValue) -> Bool { a.serialized() == b.serialized() }

    /// The text of the document; `indent` spaces per level (0 = one line).
    public func serialized(indent: Int = 2) -> String {
        var w = JSONWriter(indent: indent)
        w.value(self)
        return w.text
    }
}
