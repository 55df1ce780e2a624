public import GrantModel

/// The claims of a MeshAgent participant token (accounts-api.md, "Joining a
/// room"): `{name, grants: [{name, scope}], sub: project id, kid: key id,
/// version, exp?}`, plus whatever else the issuer put in.
public struct ParticipantToken: Sendable, Hashable {
    /// The participant's name.
    public var name: String
    /// The grants, in token order: `room` (the room's name), `role`, `api` (an ApiScope), ...
    public var grants: [ParticipantGrant]
    /// `sub`: the project the token belongs to.
    public var projectID: String?
    /// `kid`: the id of the project key that signed it.
    public var keyID: String?
    /// `version`: the MeshAgent version the token was made for.
    public var version: String?
    /// `exp`: when it expires, in seconds since 1970 (JWT NumericDate).
    public var expiresAt: Double?
    /// Every other claim, in token order.
    public var otherClaims: JSONObject

    /// The version MeshAgent's SDK writes into tokens; GrantDesk's contract is written from it.
    public static let sdkVersion = "0.40.0"

    public init(name: String, grants: [ParticipantGrant], projectID: String? = nil, keyID: String? = nil,
                version: String? = ParticipantToken.sdkVersion, expiresAt: Double? = nil, otherClaims: JSONObject = JSONObject()) {
        self.name = name
        self.grants = grants
        self.projectID = projectID
        self.keyID = keyID
        self.version = version
        self.expiresAt = expiresAt
        self.otherClaims = otherClaims
    }

    /// The token a user receives on joining `room`: the room, the `user`
    /// role and `scope` (the user's room grant) as the `api` grant, in the
    /// form MeshAgent mints it (`ApiScope.participantTokenJSON`).
    public static func joining(room: String, name: String, scope: ApiScope, projectID: String, keyID: String,
                               expiresAt: Double?) -> ParticipantToken {
        ParticipantToken(
            name: name,
            grants: [
                ParticipantGrant(name: "room", scope: .string(room)),
                ParticipantGrant(name: "role", scope: "user"),
                ParticipantGrant(name: "api", scope: scope.participantTokenJSON),
            ],
            projectID: projectID, keyID: keyID, expiresAt: expiresAt)
    }

    /// Reads the claims of a decoded token; problems name the claim (`grants[1].name`).
    public init(claims: JSONObject) throws(PayloadError) {
        let root = JSONField(root: .object(claims))
        name = try root["name"].string()
        grants = []
        for element in try root["grants"].array() {
            _ = try element.object()
            grants.append(ParticipantGrant(name: try element["name"].string(), scope: element["scope"].value ?? .null))
        }
        projectID = try root["sub"].optionalString()
        keyID = try root["kid"].optionalString()
        version = try root["version"].optionalString()
        let exp = root["exp"]
        if exp.isAbsentOrNull {
            expiresAt = nil
        } else {
            guard case .number(let text)? = exp.value, let seconds = Double(text) else { throw exp.error("expected a number (seconds since 1970)") }
            expiresAt = seconds
        }
        var others = JSONObject()
        for (key, value) in claims where !Self.namedClaims.contains(key) { others[key] = value }
        otherClaims = others
    }

    private static let namedClaims: Set<String> = ["name", "grants", "sub", "kid", "version", "exp"]

    /// The claims in MeshAgent's order: other claims and `exp` first, then
    /// `name`, `grants`, `sub`, `kid`, `version` (the SDK's `to_jwt`).
    public var claims: JSONObject {
        var output = otherClaims
        if let expiresAt { output["exp"] = .number(Self.numericDate(expiresAt)) }
        output["name"] = .string(name)
        output["grants"] = .array(grants.map { .object(["name": .string($0.name), "scope": $0.scope]) })
        if let projectID { output["sub"] = .string(projectID) }
        if let keyID { output["kid"] = .string(keyID) }
        if let version { output["version"] = .string(version) }
        return output
    }

    /// The token signed with HS256 under the project key's secret.
    public func signed(secret: [UInt8]) -> String {
        CompactJWT.signed(payload: claims, secret: secret)
    }

    /// The first grant called `name`.
    public func grant(_ name: String) -> ParticipantGrant? {
        grants.first { $0.name == name }
    }

    /// The `api` grant's scope, or nil when the token has none.
    public var apiScope: JSONValue? { grant("api")?.scope }

    /// The `room` grant, when it names one.
    public var roomName: String? { grant("room")?.scope.stringValue }

    /// Whole seconds as an integer, others as written.
    private static func numericDate(_ seconds: Double) -> String {
        if seconds == seconds.rounded(), abs(seconds) < 1e15 { return String(Int64(seconds)) }
        return String(seconds)
    }
}

/// One entry of a token's `grants`.
public struct ParticipantGrant: Sendable, Hashable {
    /// `room`, `role`, `api`, `tunnel_ports`, ...
    public var name: String
    /// A string for most grants, an ApiScope object for `api`.
    public var scope: JSONValue

    public init(name: String, scope: JSONValue) {
        self.name = name
        self.scope = scope
    }
}
