import GrantModel
import ParticipantTokens

/// The `api` grant a user's participant token would carry on joining the
/// room, made from the stored scope exactly as MeshAgent mints it
/// (`ApiScope.participantTokenJSON`), shown next to the stored scope with
/// what the token leaves out said in words.
struct TokenPreview: Sendable {
    var storedJSON: String
    /// The token's `api` grant as JSON; nil when the stored scope cannot be read.
    var tokenJSON: String?
    var problem: String?
    /// Unrecognised settings of the stored scope: MeshAgent's model ignores them, so no token carries them.
    var dropped: [UnknownKeys.Entry]
    var hasDropped: Bool
    /// Whether the token's text differs from the stored text only by defaults left out (or not at all).
    var leavesOutDefaults: Bool
    var tokenURL: String

    init(projectID pid: String, grant: RoomGrant) {
        storedJSON = JSONDisplay.text(grant.permissions)
        tokenURL = SiteURL.grantToken(pid: pid, room: grant.room.name, userID: grant.userID).path
        do {
            let scope = try ApiScope(json: grant.permissions, mode: .lenient)
            let token = scope.participantTokenJSON
            tokenJSON = JSONDisplay.text(token)
            problem = nil
            dropped = UnknownKeys.collect(scope)
            leavesOutDefaults = token != ApiScope.removingNullFields(grant.permissions) && dropped.isEmpty
        } catch {
            tokenJSON = nil
            problem = error.errors.first?.description ?? "unreadable"
            dropped = []
            leavesOutDefaults = false
        }
        hasDropped = !dropped.isEmpty
    }
}

/// `/projects/{pid}/grants/{room}/{user_id}/token`: the whole participant
/// token this grant would give, claim by claim (unsigned: the key stays upstream).
struct GrantTokenPageModel: Sendable {
    struct Claim: Sendable {
        var name: String
        var value: String
        var meaning: String
    }

    var roomName: String
    var person: PersonDisplay
    var grantURL: String
    var inspectURL: String
    var preview: TokenPreview
    var claims: [Claim]

    init(projectID pid: String, grant: RoomGrant, person: PersonDisplay) {
        roomName = visible(grant.room.name)
        self.person = person
        grantURL = SiteURL.grant(pid: pid, room: grant.room.name, userID: grant.userID).path
        inspectURL = SiteURL.tokenInspect.path
        preview = TokenPreview(projectID: pid, grant: grant)
        claims = [
            Claim(name: "name", value: person.email ?? person.primary, meaning: "the participant's name (the embedded API writes the email)"),
            Claim(name: "grants[room]", value: visible(grant.room.name), meaning: "the room the token admits to"),
            Claim(name: "grants[role]", value: "user", meaning: "the participant's role"),
            Claim(name: "grants[api]", value: "below", meaning: "what the participant may call in the room"),
            Claim(name: "sub", value: visible(pid), meaning: "the project"),
            Claim(name: "kid", value: "the project key's id", meaning: "which key signed it (HS256)"),
            Claim(name: "version", value: ParticipantToken.sdkVersion, meaning: "the MeshAgent version it is made for"),
            Claim(name: "exp", value: "when the token expires", meaning: "set by the server at joining"),
        ]
    }
}
