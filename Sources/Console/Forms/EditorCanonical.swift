import GrantModel

/// A comparison form of JSON: object keys sorted at every level and `null`
/// members dropped (they mean "absent"). Two grants with the same canonical
/// text grant the same access, whatever order or spelling the upstream used;
/// the lost-update check compares these.
enum EditorCanonical {
    static func value(_ value: JSONValue) -> JSONValue {
        switch value {
        case .object(let object):
            var sorted = JSONObject()
            for member in object.members.sorted(by: { $0.key < $1.key }) where !member.value.isNull {
                sorted[member.key] = Self.value(member.value)
            }
            return .object(sorted)
        case .array(let elements):
            return .array(elements.map(Self.value))
        default:
            return value
        }
    }

    static func text(_ value: JSONValue) -> String { Self.value(value).serialized() }

    /// Whether two scopes are the same once canonical.
    static func same(_ lhs: JSONValue, _ rhs: JSONValue) -> Bool { Self.value(lhs) == Self.value(rhs) }
}
