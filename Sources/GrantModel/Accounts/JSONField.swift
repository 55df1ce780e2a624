/// A position inside a JSON document while decoding an accounts payload: the
/// value found there (nil when the key is absent) and the path that led to it.
///
/// Accessors throw `PayloadError` naming the path. "Optional" accessors treat
/// an absent key and an explicit `null` alike, as MeshAgent's clients send both.
public struct JSONField: Sendable {
    /// The value at this position, or nil when the key is absent.
    public let value: JSONValue?
    /// The path of this position, e.g. `room_grants[3].room`.
    public let path: String

    /// The top of a document.
    public init(root: JSONValue) {
        self.value = root
        self.path = ""
    }

    init(value: JSONValue?, path: String) {
        self.value = value
        self.path = path
    }

    /// The member `key` of this object (absent if this is not an object).
    public subscript(key: String) -> JSONField {
        let childPath = path.isEmpty ? key : "\(path).\(key)"
        guard case .object(let object)? = value else { return JSONField(value: nil, path: childPath) }
        return JSONField(value: object[key], path: childPath)
    }

    /// Whether the key is absent or `null`.
    public var isAbsentOrNull: Bool {
        switch value {
        case nil, .null?: true
        default: false
        }
    }

    /// An error at this position.
    public func error(_ problem: String) -> PayloadError {
        PayloadError(path: path, problem: problem)
    }

    private func mismatch(_ expected: String) -> PayloadError {
        error(value == nil ? "missing (expected \(expected))" : "expected \(expected)")
    }

    /// A required string.
    public func string() throws(PayloadError) -> String {
        guard case .string(let text)? = value else { throw mismatch("a string") }
        return text
    }

    /// A string, or nil when absent or `null`.
    public func optionalString() throws(PayloadError) -> String? {
        if isAbsentOrNull { return nil }
        return try string()
    }

    /// A required boolean.
    public func bool() throws(PayloadError) -> Bool {
        guard case .bool(let flag)? = value else { throw mismatch("true or false") }
        return flag
    }

    /// A boolean, or nil when absent or `null`.
    public func optionalBool() throws(PayloadError) -> Bool? {
        if isAbsentOrNull { return nil }
        return try bool()
    }

    /// A required integer (JSON number without fraction or exponent, fitting in `Int`).
    public func int() throws(PayloadError) -> Int {
        guard case .number(let text)? = value else { throw mismatch("an integer") }
        guard let number = Int(text) else { throw error("expected an integer, got \(text.prefix(30))") }
        return number
    }

    /// A required object.
    public func object() throws(PayloadError) -> JSONObject {
        guard case .object(let object)? = value else { throw mismatch("an object") }
        return object
    }

    /// An object, or an empty one when absent or `null`.
    public func objectOrEmpty() throws(PayloadError) -> JSONObject {
        if isAbsentOrNull { return JSONObject() }
        return try object()
    }

    /// The elements of a required array, each with its indexed path.
    public func array() throws(PayloadError) -> [JSONField] {
        guard case .array(let elements)? = value else { throw mismatch("an array") }
        return elements.enumerated().map { JSONField(value: $1, path: "\(path)[\($0)]") }
    }

    /// The members of a required object, each with its path.
    public func members() throws(PayloadError) -> [(key: String, field: JSONField)] {
        try object().members.map { member in
            (member.key, JSONField(value: member.value, path: path.isEmpty ? member.key : "\(path).\(member.key)"))
        }
    }
}
