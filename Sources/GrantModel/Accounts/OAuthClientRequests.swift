/// Body of `POST …/oauth/clients`: `{grant_types, response_types,
/// redirect_uris, scope, metadata, official}` (MeshAgent's client sends all of them).
public struct CreateOAuthClientRequest: AccountsPayload {
    public var grantTypes: [String]
    public var responseTypes: [String]
    public var redirectURIs: [String]
    public var scope: String
    public var metadata: [String: String]
    public var official: Bool

    public init(grantTypes: [String], responseTypes: [String], redirectURIs: [String], scope: String,
                metadata: [String: String] = [:], official: Bool = false) {
        self.grantTypes = grantTypes
        self.responseTypes = responseTypes
        self.redirectURIs = redirectURIs
        self.scope = scope
        self.metadata = metadata
        self.official = official
    }

    public init(field: JSONField) throws(PayloadError) {
        _ = try field.object()
        grantTypes = try field["grant_types"].strings()
        responseTypes = try field["response_types"].strings()
        redirectURIs = try field["redirect_uris"].strings()
        scope = try field["scope"].optionalString() ?? ""
        metadata = try field["metadata"].stringMap()
        official = try field["official"].optionalBool() ?? false
    }

    public var json: JSONValue {
        .object([
            "grant_types": .strings(grantTypes),
            "response_types": .strings(responseTypes),
            "redirect_uris": .strings(redirectURIs),
            "scope": .string(scope),
            "metadata": .stringMap(metadata),
            "official": .bool(official),
        ])
    }
}

/// Body of `PUT …/oauth/clients/{client_id}`: any subset of the create
/// fields; absent ones stay as they are. Answered with `{ok: true}`.
public struct UpdateOAuthClientRequest: AccountsPayload {
    public var grantTypes: [String]?
    public var responseTypes: [String]?
    public var redirectURIs: [String]?
    public var scope: String?
    public var metadata: [String: String]?
    public var official: Bool?

    public init(grantTypes: [String]? = nil, responseTypes: [String]? = nil, redirectURIs: [String]? = nil,
                scope: String? = nil, metadata: [String: String]? = nil, official: Bool? = nil) {
        self.grantTypes = grantTypes
        self.responseTypes = responseTypes
        self.redirectURIs = redirectURIs
        self.scope = scope
        self.metadata = metadata
        self.official = official
    }

    public init(field: JSONField) throws(PayloadError) {
        _ = try field.object()
        grantTypes = field["grant_types"].isAbsentOrNull ? nil : try field["grant_types"].strings()
        responseTypes = field["response_types"].isAbsentOrNull ? nil : try field["response_types"].strings()
        redirectURIs = field["redirect_uris"].isAbsentOrNull ? nil : try field["redirect_uris"].strings()
        scope = try field["scope"].optionalString()
        metadata = field["metadata"].isAbsentOrNull ? nil : try field["metadata"].stringMap()
        official = try field["official"].optionalBool()
    }

    public var json: JSONValue {
        var object = JSONObject()
        if let grantTypes { object["grant_types"] = .strings(grantTypes) }
        if let responseTypes { object["response_types"] = .strings(responseTypes) }
        if let redirectURIs { object["redirect_uris"] = .strings(redirectURIs) }
        if let scope { object["scope"] = .string(scope) }
        if let metadata { object["metadata"] = .stringMap(metadata) }
        if let official { object["official"] = .bool(official) }
        return .object(object)
    }
}
