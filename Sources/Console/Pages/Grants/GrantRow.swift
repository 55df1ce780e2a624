import GrantModel

/// One grant in a table: on a room's page the subject is the user, on a
/// user's page it is the room.
struct GrantRow: Sendable {
    var subject: String
    /// The user's email under their name (user subjects whose name is known).
    var subjectEmail: String?
    /// The id under the name: the user id, or the room id when it differs from the name.
    var subjectDetail: String?
    var subjectURL: String
    var grantURL: String
    var preset: Badge
    var flags: [Badge]
    var hasFlags: Bool
    var hasUnknown: Bool
    var sectionCount: Int
    /// When GrantDesk revokes the grant ("2030-01-31 17:00 UTC"), if it expires.
    var expires: String?
    var expiresEpoch: String?
    /// Which grant the row is, to match expiries to rows.
    let roomID: String
    let userID: String

    enum Subject { case user, room }

    /// Rows for a table of grants. Each distinct stored scope is summarised
    /// once: grants very often share a scope (presets), and reading and
    /// classifying one is most of a row's cost.
    /// `people` names the users of a `.user` table (ids it does not know show alone).
    static func rows(
        _ grants: [RoomGrant], projectID pid: String, subject: Subject, people: PeopleDirectory = PeopleDirectory()
    ) -> [GrantRow] {
        var summaries: [JSONValue: GrantSummary] = [:]
        return grants.map { grant in
            let summary = summaries[grant.permissions] ?? GrantSummary(permissions: grant.permissions)
            summaries[grant.permissions] = summary
            return GrantRow(grant: grant, projectID: pid, subject: subject, summary: summary, people: people)
        }
    }

    init(grant: RoomGrant, projectID pid: String, subject: Subject) {
        self.init(grant: grant, projectID: pid, subject: subject, summary: GrantSummary(permissions: grant.permissions))
    }

    init(
        grant: RoomGrant, projectID pid: String, subject: Subject, summary: GrantSummary,
        people: PeopleDirectory = PeopleDirectory()
    ) {
        switch subject {
        case .user:
            let person = people.display(grant.userID)
            self.subject = person.primary
            subjectEmail = person.email
            subjectDetail = person.secondaryID
            subjectURL = SiteURL.user(pid: pid, userID: grant.userID).path
        case .room:
            self.subject = visible(grant.room.name)
            subjectEmail = nil
            subjectDetail = grant.room.id == grant.room.name ? nil : visible(grant.room.id)
            subjectURL = SiteURL.room(pid: pid, room: grant.room.name).path
        }
        grantURL = SiteURL.grant(pid: pid, room: grant.room.name, userID: grant.userID).path
        roomID = grant.room.id
        userID = grant.userID
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

    /// Shows each pending expiry on the row of its grant.
    mutating func show(_ expiries: [GrantExpiry]) {
        for expiry in expiries {
            for index in grants.indices where grants[index].roomID == expiry.roomID && grants[index].userID == expiry.userID {
                grants[index].expires = ExpiryField.display(expiry.expiresAt)
                grants[index].expiresEpoch = ExpiryField.epoch(expiry.expiresAt)
            }
        }
    }
}
