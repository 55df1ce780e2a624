import GrantModel

/// How a grant's `permissions` are kept in `room_grant.permissions` and
/// served: explicit nulls of known ApiScope fields left out, because
/// MeshAgent's own client rejects `null` for a boolean (see
/// `ApiScope.removingNullFields`). Nulls are still accepted on input.
enum StoredPermissions {
    /// The text to store for a scope received from a client.
    static func text(for scope: JSONValue) -> String {
        ApiScope.removingNullFields(scope).serialized()
    }

    /// The text to serve for a stored one. Rows written before nulls were
    /// removed on write (an older accounts.sqlite) are cleaned here; the rest
    /// contain no `null` token and pass through without being parsed.
    static func served(_ stored: String) -> String {
        guard mayContainNull(stored), let scope = try? JSONValue(parsing: stored) else { return stored }
        return text(for: scope)
    }

    /// The stored scope as a value, cleaned as `served`.
    static func value(_ stored: String) throws -> JSONValue {
        let scope = try JSONValue(parsing: stored)
        return mayContainNull(stored) ? ApiScope.removingNullFields(scope) : scope
    }

    /// Whether the text has the bytes `null` anywhere (a cheap pre-check: a
    /// string value may contain them too, which only costs one parse).
    private static func mayContainNull(_ text: String) -> Bool {
        var utf8 = text.utf8.makeIterator()
        var matched = 0
        let pattern: [UInt8] = Array("null".utf8)
        while let byte = utf8.next() {
            if byte == pattern[matched] {
                matched += 1
                if matched == pattern.count { return true }
            } else {
                matched = byte == pattern[0] ? 1 : 0
            }
        }
        return false
    }
}
