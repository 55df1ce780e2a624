import GrantModel

/// One grant in a table: on a room's page the subject is the user, on a
/// user's page it is the room.
struct GrantRow: Sendable {
    var subject: String
    var subjectDetail: String?
    var subjectURL: String
    var grantURL: String
    var preset: Badge
    var flags: [Badge]
    var hasFlags: Bool
    var hasUnknown: Bool
    var sectionCount: Int

    enum Subject { case user, room }

    init(grant: RoomGrant, projectID pid: String, subject: Subject) {
        let summary = GrantSummary(permissions: grant.permissions)
        switch subject {
        case .user:
            self.subject = visible(grant.userID)
            subjectDetail = nil
            subjectURL = SiteURL.user(pid: pid, userID: grant.userID).path
        case .room:
            self.subject = visible(grant.room.name)
            subjectDetail = grant.room.id == grant.room.name ? nil : visible(grant.room.id)
            subjectURL = SiteURL.room(pid: pid, room: grant.room.name).path
        }
        grantURL = SiteURL.grant(pid: pid, room: grant.room.name, userID: grant.userID).path
        preset = summary.preset
        flags = summary.flags
        hasFlags = !summary.flags.isEmpty
        hasUnknown = summary.hasUnknown
        sectionCount = summary.sectionCount
    }
}

/// A table of grants, as the `partials/grants-table` template shows it.
struct GrantTable: Sendable {
    var firstColumn: String
    var grants: [GrantRow]
    var hasGrants: Bool

    init(firstColumn: String, grants: [GrantRow]) {
        self.firstColumn = firstColumn
        self.grants = grants
        hasGrants = !grants.isEmpty
    }
}
