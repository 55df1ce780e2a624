/// A JSON value that keeps everything a round trip needs: object key order,
/// the exact text of numbers, and the difference between `null` and absent.
///
/// Parsing and serialisation live in `JSONValue+Parsing.swift` and
/// `JSONValue+Serialization.swift`.
public enum JSONValue: Sendable, Hashable {
    /// `null` (a present member whose value is null, not an absent one).
    case null
    /// `true` or `false`.
    case bool(Bool)
    /// A number, kept as its JSON text (`1`, `-0.5`, `1e3`) so nothing is lost.
    case number(String)
    /// A string.
    case string(String)
    /// An array.
    case array([JSONValue])
    /// Members in the order they were read or added. Keys are unique.
    case object(JSONObject)
}
