/// A request or response body of the accounts API: decodes from JSON with
/// errors naming the field, and encodes to the JSON MeshAgent sends.
public protocol AccountsPayload: Sendable, Hashable {
    /// Decodes the payload found at `field`.
    init(field: JSONField) throws(PayloadError)
    /// The payload as JSON, in the key order MeshAgent uses.
    var json: JSONValue { get }
}

extension AccountsPayload {
    /// Decodes a whole document.
    public init(json: JSONValue) throws(PayloadError) {
        try self.init(field: JSONField(root: json))
    }
}

extension JSONValue {
    /// A string, or `null` for nil.
    static func nullable(_ text: String?) -> JSONValue {
        text.map(JSONValue.string) ?? .null
    }

    /// A boolean, or `null` for nil.
    static func nullable(_ flag: Bool?) -> JSONValue {
        flag.map(JSONValue.bool) ?? .null
    }
}
