import GrantModel

/// `/projects/{pid}/grants/{room}/{user_id}`: one grant in readable form.
struct GrantPageModel: Sendable {
    var roomName: String
    var userID: String
    /// Who the grant is for: name (else email, else id) with the email and id after it.
    var person: PersonDisplay
    var roomURL: String
    var userURL: String
    var accessURL: String
    /// The room's risky grants, and the matrix narrowed to this room and user.
    var risksURL: String
    var matrixURL: String
    var editURL: String
    var deleteURL: String
    var canEdit: Bool
    var preset: Badge
    var flags: [Badge]
    var hasFlags: Bool
    var sections: [ScopeSectionView]
    var absent: [Badge]
    var hasAbsent: Bool
    var unknown: [UnknownKeys.Entry]
    var hasUnknown: Bool
    var unknownCount: Int
    var problem: String?
    var hasSections: Bool
    var rawJSON: String
    /// When GrantDesk revokes the grant, if it expires.
    var expires: String?
    var expiresEpoch: String?
    /// The `api` grant the user's participant token would carry.
    var token: TokenPreview
    /// When the room was last active (room sessions); nil until the handler loads it.
    var activity: RoomActivity?

    init(projectID pid: String, grant: RoomGrant, person: PersonDisplay? = nil, canEdit: Bool) {
        let summary = GrantSummary(permissions: grant.permissions)
        roomName = visible(grant.room.name)
        userID = visible(grant.userID)
        self.person = person ?? PersonDisplay(id: grant.userID, person: nil)
        roomURL = SiteURL.room(pid: pid, room: grant.room.name).path
        userURL = SiteURL.user(pid: pid, userID: grant.userID).path
        accessURL = SiteURL.access(pid).path(query: [("ask", "can"), ("user", grant.userID), ("room", grant.room.name)]) + "#can"
        editURL = SiteURL.grantEdit(pid: pid, room: grant.room.name, userID: grant.userID).path
        risksURL = SiteURL.risks(pid).path(query: [("room", grant.room.name)])
        matrixURL = SiteURL.matrix(pid).path(query: [("rooms_q", grant.room.name), ("users_q", grant.userID)])
        deleteURL = SiteURL.grantDelete(pid: pid, room: grant.room.name, userID: grant.userID).path
        self.canEdit = canEdit
        preset = summary.preset
        flags = summary.flags
        hasFlags = !summary.flags.isEmpty
        problem = summary.problem
        if let scope = summary.scope {
            sections = ScopeSectionView.granted(for: scope)
            absent = ScopeSectionView.absent(for: scope)
            unknown = UnknownKeys.collect(scope)
        } else {
            sections = []
            absent = []
            unknown = []
        }
        hasAbsent = !absent.isEmpty
        hasUnknown = !unknown.isEmpty
        hasSections = !sections.isEmpty
        unknownCount = unknown.count
        rawJSON = JSONDisplay.text(grant.permissions)
        token = TokenPreview(projectID: pid, grant: grant)
    }
}
