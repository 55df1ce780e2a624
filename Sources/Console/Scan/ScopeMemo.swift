import GrantModel

/// What a scan has already worked out, by stored scope: grants very often
/// share a scope (presets), and reading one is most of the cost, so each
/// distinct scope is decided once. Bounded: past `capacity` distinct scopes
/// the rest are worked out each time (correct, just slower).
struct ScopeMemo<Value> {
    static var capacity: Int { 10_000 }
    private var known: [JSONValue: Value] = [:]

    mutating func value(for permissions: JSONValue, _ compute: (JSONValue) -> Value) -> Value {
        if let value = known[permissions] { return value }
        let value = compute(permissions)
        if known.count < Self.capacity { known[permissions] = value }
        return value
    }
}
