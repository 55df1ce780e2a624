/// One OAuth client of a project, as MeshAgent's API answers it:
/// `{client_id, client_secret, grant_types, response_types, redirect_uris,
/// scope, project_id, metadata, official}`.
///
/// `client_secret` is only meaningful in the answer to a create: the secret
/// is shown once and stored hashed, so lists and gets carry an empty string
/// (MeshAgent's client requires the key in every answer).
public struct OAuthClient: AccountsPayload {
    public var clientID: String
    /// The secret in the create answer; empty everywhere else.
    public var clientSecret: String
    public var grantTypes: [String]
    public var responseTypes: [String]
    public var redirectURIs: [String]
    /// Space-separated scope values.
    public var scope: String
    public var projectID: String
    /// String-valued metadata (MeshAgent's client reads it as `dict[str, str]`).
    public var metadata: [String: String]
    /// Whether MeshAgent marked the client as one of its own.
    public var official: Bool

    public init(
        clientID: String, clientSecret: String = "", grantTypes: [String], responseTypes: [String],
        redirectURIs: [String], scope: String, projectID: String, metadata: [String: String] = [:], official: Bool = false
    ) {
        self.clientID = clientID
        self.clientSecret = clientSecret
        self.grantTypes = grantTypes
        self.responseTypes = responseTypes
        self.redirectURIs = redirectURIs
        self.scope = scope
        self.projectID = projectID
        self.metadata = metadata
        self.official = official
    }

    public init(field: JSONField) throws(PayloadError) {
        _ = try field.object()
        clientID = try field["client_id"].string()
        clientSecret = try field["client_secret"].optionalString() ?? ""
        grantTypes = try field["grant_types"].strings()
        responseTypes = try field["response_types"].strings()
        redirectURIs = try field["redirect_uris"].strings()
        scope = try field["scope"].optionalString() ?? ""
        projectID = try field["project_id"].optionalString() ?? ""
        metadata = try field["metadata"].stringMap()
        official = try field["official"].optionalBool() ?? false
    }

    public var json: JSONValue {
        .object([
            "client_id": .string(clientID),
            "client_secret": .string(clientSecret),
            "grant_types": .strings(grantTypes),
            "response_types": .strings(responseTypes),
            "redirect_uris": .strings(redirectURIs),
            "scope": .string(scope),
            "project_id": .string(projectID),
            "metadata": .stringMap(metadata),
            "official": .bool(official),
        ])
    }

    /// The client without its secret: what may be shown after creation or logged.
    public var withoutSecret: OAuthClient {
        var copy = self
        copy.clientSecret = ""
        return copy
    }
}

/// A page of OAuth clients: `{clients, total}`.
public struct OAuthClientList: AccountsPayload {
    public var clients: [OAuthClient]
    public var total: Int

    public init(clients: [OAuthClient], total: Int) {
        self.clients = clients
        self.total = total
    }

    public init(field: JSONField) throws(PayloadError) {
        _ = try field.object()
        clients = []
        for element in try field["clients"].array() { clients.append(try OAuthClient(field: element)) }
        total = try field["total"].optionalInt() ?? clients.count
    }

    public var json: JSONValue { .object(["clients": .array(clients.map(\.json)), "total": .integer(total)]) }
}

extension JSONField {
    /// A required array of strings.
    public func strings() throws(PayloadError) -> [String] {
        var result: [String] = []
        for element in try array() { result.append(try element.string()) }
        return result
    }

    /// An object whose values are all strings; absent or `null` → empty.
    public func stringMap() throws(PayloadError) -> [String: String] {
        if isAbsentOrNull { return [:] }
        var result: [String: String] = [:]
        for (key, member) in try members() { result[key] = try member.string() }
        return result
    }

    /// An integer, or nil when absent or `null`.
    public func optionalInt() throws(PayloadError) -> Int? {
        if isAbsentOrNull { return nil }
        return try int()
    }
}

extension JSONValue {
    /// An array of strings.
    public static func strings(_ values: [String]) -> JSONValue {
        .array(values.map(JSONValue.string))
    }

    /// An object of strings, keys in sorted order (so the output is stable).
    public static func stringMap(_ map: [String: String]) -> JSONValue {
        var object = JSONObject()
        for key in map.keys.sorted() { object[key] = .string(map[key] ?? "") }
        return .object(object)
    }
}
