/// `secrets`: requesting OAuth tokens.
public struct SecretsGrant: Sendable, Hashable {
    /// Allowed (endpoint pattern, client id) pairs; nil = any.
    public var requestOauthToken: [OAuthEndpointGrant]?
    /// Unrecognised members, kept for the round trip.
    public var unknown = UnknownMembers()

    /// A section with the given field (nil = absent).
    public init(requestOauthToken: [OAuthEndpointGrant]? = nil) {
        self.requestOauthToken = requestOauthToken
    }
}

extension SecretsGrant: ScopeObject {
    init() { self.init(requestOauthToken: nil) }
    static let fields: [ScopeField<Self>] = { [.objects("request_oauth_token", \.requestOauthToken)] }()
}

/// One entry of `secrets.request_oauth_token`.
public struct OAuthEndpointGrant: Sendable, Hashable {
    /// Authorization endpoint, a `*` pattern (required).
    public var endpoint: String
    /// OAuth client id, matched exactly (required).
    public var clientID: String
    /// Unrecognised members, kept for the round trip.
    public var unknown = UnknownMembers()

    /// An entry with the given values.
    public init(endpoint: String, clientID: String) {
        self.endpoint = endpoint
        self.clientID = clientID
    }
}

extension OAuthEndpointGrant: ScopeListEntry {
    init() { self.init(endpoint: "", clientID: "") }

    static let fields: [ScopeField<Self>] = {
        [
            .requiredString("endpoint", \.endpoint, role: .pattern),
            .requiredString("client_id", \.clientID, role: .exact),
        ]
    }()

    var identity: [String] { [endpoint, clientID] }
    static var entryNoun: String { "endpoint and client id" }
}
