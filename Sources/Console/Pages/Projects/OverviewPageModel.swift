import GrantModel
import HTTPApp

/// `/projects/{pid}`: rooms with grant counts and users with grant counts,
/// each paginated and filterable on its own (`rooms_q`, `rooms_page`,
/// `users_q`, `users_page`), plus quick links.
struct OverviewPageModel: Sendable {
    /// The state of both tables, read from the query and written back into
    /// every link so paging one table keeps the other where it was.
    struct State: Sendable, Equatable {
        var roomsQuery = ""
        var roomsPage = 1
        var usersQuery = ""
        var usersPage = 1

        init(query: URLEncodedForm) {
            roomsQuery = query.text("rooms_q")
            roomsPage = query.page("rooms_page")
            usersQuery = query.text("users_q")
            usersPage = query.page("users_page")
        }

        init() {}

        /// Query items for a link, leaving out defaults.
        var items: [(name: String, value: String)] {
            var items: [(name: String, value: String)] = []
            if !roomsQuery.isEmpty { items.append(("rooms_q", roomsQuery)) }
            if roomsPage > 1 { items.append(("rooms_page", String(roomsPage))) }
            if !usersQuery.isEmpty { items.append(("users_q", usersQuery)) }
            if usersPage > 1 { items.append(("users_page", String(usersPage))) }
            return items
        }
    }

    struct RoomRow: Sendable {
        var name: String
        var id: String
        var url: String
        var count: Int
        var hasCount: Bool
    }

    struct UserRow: Sendable {
        var userID: String
        var displayName: String
        var showID: Bool
        var email: String
        var url: String
        var count: Int
    }

    struct QuickLink: Sendable {
        var label: String
        var hint: String
        var url: String
        var iconAccess = false
        var iconAudit = false
        var iconMembers = false
        var iconRooms = false
        var iconNew = false
    }

    static let roomsPageSize = 25
    static let usersPageSize = 25

    var projectID: String
    var projectName: String
    var summary: String
    var canEdit: Bool
    var overviewURL: String
    var roomsCsvURL: String
    var usersCsvURL: String
    /// Every grant of the project (`…/export.csv`, `…/export.jsonl`).
    var exportCsvURL: String
    var exportJsonlURL: String
    var newGrantURL: String
    var quickLinks: [QuickLink]
    /// Grants GrantDesk revokes within `expiringWithin`, soonest first.
    var expiring: [ExpiringRow] = []
    var hasExpiring = false
    var expiringCount = 0

    /// One grant that expires soon.
    struct ExpiringRow: Sendable {
        var room: String
        var person: PersonDisplay
        var grantURL: String
        var expires: String
        var expiresEpoch: String
    }

    /// What "expires soon" means: the next 7 days.
    static let expiringWithin: Double = 7 * 24 * 3600

    mutating func showExpiring(_ expiries: [GrantExpiry], people: PeopleDirectory) {
        expiring = expiries.map { expiry in
            ExpiringRow(room: visible(expiry.room), person: people.display(expiry.userID),
                        grantURL: SiteURL.grant(pid: projectID, room: expiry.room, userID: expiry.userID).path,
                        expires: ExpiryField.display(expiry.expiresAt), expiresEpoch: ExpiryField.epoch(expiry.expiresAt))
        }
        hasExpiring = !expiring.isEmpty
        expiringCount = expiring.count
    }

    var roomsQuery: String
    var hasRoomsQuery: Bool
    var roomsTotal: Int
    var rooms: [RoomRow]
    var hasRooms: Bool
    var roomsNav: PageNav
    var roomsClearURL: String

    var usersQuery: String
    var hasUsersQuery: Bool
    var usersTotal: Int
    var users: [UserRow]
    var hasUsers: Bool
    var usersNav: PageNav
    var usersClearURL: String

    /// - Parameter rooms: the rooms on this page with their grant counts
    ///   (count nil when the upstream could not say).
    init(
        project: Project, state: State, rooms: [(room: Room, count: Int?)], roomsTotal: Int,
        users: UserCountList, canEdit: Bool
    ) {
        let pid = project.id
        projectID = pid
        projectName = visible(project.displayName)
        self.canEdit = canEdit
        overviewURL = SiteURL.project(pid).path
        roomsCsvURL = SiteURL.project(pid).path(query: state.items + [("format", "csv"), ("table", "rooms")])
        exportCsvURL = SiteURL.projectExportCSV(pid).path
        exportJsonlURL = SiteURL.projectExportJSONL(pid).path
        usersCsvURL = SiteURL.project(pid).path(query: state.items + [("format", "csv"), ("table", "users")])
        newGrantURL = SiteURL.newGrant(pid: pid, room: nil, user: nil).path
        var links: [QuickLink] = []
        if canEdit {
            links.append(QuickLink(label: "New grant", hint: "Give a user access to a room", url: newGrantURL, iconNew: true))
            links.append(QuickLink(label: "Bulk grant", hint: "One scope to many people and rooms", url: SiteURL.bulk(pid).path, iconNew: true))
        }
        links.append(QuickLink(label: "Access questions", hint: "Who can do what?", url: SiteURL.access(pid).path, iconAccess: true))
        links.append(QuickLink(label: "Risky grants", hint: "Admin, tunnels, any image…, most severe first", url: SiteURL.risks(pid).path, iconAccess: true))
        links.append(QuickLink(label: "Access matrix", hint: "Rooms × users in one picture", url: SiteURL.matrix(pid).path, iconRooms: true))
        links.append(QuickLink(label: "Members", hint: "People in this project", url: SiteURL.members(pid).path, iconMembers: true))
        links.append(QuickLink(label: "Rooms", hint: "All rooms, with or without grants", url: SiteURL.rooms(pid).path, iconRooms: true))
        links.append(QuickLink(label: "Audit log", hint: "Changes made here", url: SiteURL.audit(pid).path, iconAudit: true))
        quickLinks = links

        roomsQuery = state.roomsQuery
        hasRoomsQuery = !state.roomsQuery.isEmpty
        self.roomsTotal = roomsTotal
        self.rooms = rooms.map { entry in
            RoomRow(
                name: visible(entry.room.name), id: visible(entry.room.id),
                url: SiteURL.room(pid: pid, room: entry.room.name).path,
                count: entry.count ?? 0, hasCount: entry.count != nil
            )
        }
        hasRooms = !rooms.isEmpty
        roomsNav = PageNav(
            label: "Rooms pages", page: state.roomsPage, pageSize: Self.roomsPageSize, total: roomsTotal, shown: rooms.count
        ) { number in
            var next = state
            next.roomsPage = number
            return SiteURL.project(pid).path(query: next.items) + "#rooms"
        }
        var clearedRooms = state
        clearedRooms.roomsQuery = ""
        clearedRooms.roomsPage = 1
        roomsClearURL = SiteURL.project(pid).path(query: clearedRooms.items) + "#rooms"

        usersQuery = state.usersQuery
        hasUsersQuery = !state.usersQuery.isEmpty
        usersTotal = users.total
        self.users = users.users.map { user in
            // The counts list carries name and email itself: shown as every other page shows a person.
            let person = PersonDisplay(id: user.userID, person: PeopleDirectory.Person(user))
            return UserRow(
                userID: person.id,
                displayName: person.primary,
                showID: person.secondaryID != nil,
                email: person.email ?? "",
                url: SiteURL.user(pid: pid, userID: user.userID).path,
                count: user.count
            )
        }
        hasUsers = !users.users.isEmpty
        usersNav = PageNav(
            label: "Users pages", page: state.usersPage, pageSize: Self.usersPageSize, total: users.total,
            shown: users.users.count
        ) { number in
            var next = state
            next.usersPage = number
            return SiteURL.project(pid).path(query: next.items) + "#users"
        }
        var clearedUsers = state
        clearedUsers.usersQuery = ""
        clearedUsers.usersPage = 1
        usersClearURL = SiteURL.project(pid).path(query: clearedUsers.items) + "#users"

        let roomWord = roomsTotal == 1 ? "room" : "rooms"
        let userWord = users.total == 1 ? "user" : "users"
        summary = state.roomsQuery.isEmpty && state.usersQuery.isEmpty
            ? "\(roomsTotal) \(roomWord) with grants · \(users.total) \(userWord) with grants"
            : "\(roomsTotal) matching \(roomWord) · \(users.total) matching \(userWord)"
    }
}
