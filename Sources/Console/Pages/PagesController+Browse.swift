import AccountsAPI
import GrantModel
import HTTPApp
import HTTPServer

extension PagesController {
    func projects(_ request: HTTPRequest, _ context: ConsoleContext) async throws -> HTTPResponse {
        let list = try await accounts.load("the list of projects") { client throws(UpstreamError) in
            try await client.projects()
        }
        let chrome = context.chrome(title: "Projects")
        return render("projects/index", ProjectsPageModel(projects: list), chrome: chrome)
    }

    func overview(_ request: HTTPRequest, _ context: ConsoleContext) async throws -> HTTPResponse {
        let pid = try context.parameters.require("pid")
        let query = try URLEncodedForm(query: request)
        let state = OverviewPageModel.State(query: query)
        if Self.isCSV(query) { return try await overviewCSV(pid: pid, state: state, table: query["table"]) }
        async let projectTask = project(pid)
        async let roomsTask = overviewRooms(pid: pid, state: state)
        async let usersTask = accounts.load("the project's users") { client throws(UpstreamError) in
            try await client.usersWithGrantCounts(
                projectID: pid, limit: OverviewPageModel.usersPageSize,
                offset: (state.usersPage - 1) * OverviewPageModel.usersPageSize, filter: state.usersQuery
            )
        }
        let project = try await projectTask
        let rooms = try await roomsTask
        let users = try await usersTask
        var page = OverviewPageModel(
            project: project, state: state, rooms: rooms.rows, roomsTotal: rooms.total, users: users,
            canEdit: context.canEdit
        )
        let expiring = try await services.expiries.pending(project: project.id, within: OverviewPageModel.expiringWithin)
        if !expiring.isEmpty {
            // Names only when something expires: the overview otherwise reads no member list.
            page.showExpiring(expiring, people: await PeopleDirectory.load(accounts, projectID: project.id))
        }
        return render("projects/overview", page, chrome: chrome(context, title: visible(project.displayName), project: project, trail: []))
    }

    /// Rooms with grant counts. Unfiltered, one upstream call gives both; a
    /// name filter goes through the rooms list (the counts endpoint has no
    /// filter) and then asks each shown room for its count (one grant each).
    func overviewRooms(pid: String, state: OverviewPageModel.State) async throws(UpstreamProblem)
        -> (rows: [(room: Room, count: Int?)], total: Int) {
        let size = OverviewPageModel.roomsPageSize
        let offset = (state.roomsPage - 1) * size
        if state.roomsQuery.isEmpty {
            let page = try await accounts.load("the project's rooms") { client throws(UpstreamError) in
                try await client.roomsWithGrantCounts(projectID: pid, limit: size, offset: offset)
            }
            return (page.rooms.map { ($0.room, Optional($0.count)) }, page.total)
        }
        let page = try await accounts.load("the project's rooms") { client throws(UpstreamError) in
            try await client.rooms(projectID: pid, limit: size, offset: offset, filter: state.roomsQuery)
        }
        let client = accounts
        let counts = await withTaskGroup(of: (Int, Int?).self) { group in
            for (index, room) in page.rooms.enumerated() {
                group.addTask {
                    let total = try? await client.grants(projectID: pid, room: room, limit: 1, offset: 0).total
                    return (index, total)
                }
            }
            var counts = [Int?](repeating: nil, count: page.rooms.count)
            for await (index, total) in group { counts[index] = total }
            return counts
        }
        return (Array(zip(page.rooms, counts)).map { ($0.0, $0.1) }, page.total)
    }

    func room(_ request: HTTPRequest, _ context: ConsoleContext) async throws -> HTTPResponse {
        let pid = try context.parameters.require("pid")
        let name = try context.parameters.require("room")
        let query = try URLEncodedForm(query: request)
        if Self.isCSV(query) { return try await roomCSV(pid: pid, room: name) }
        let number = query.page("page")
        async let projectTask = project(pid)
        // Names and emails for the grant table: one member list per page, never a call per row.
        async let peopleTask = PeopleDirectory.load(accounts, projectID: pid)
        // The room first, by its exact name; its grants are then asked for by that room.
        let room = try await accounts.load("the room") { client throws(UpstreamError) in
            try await client.room(projectID: pid, name: name)
        }
        // Its activity needs only the room too: asked for while the grants are.
        async let activityTask = RoomActivity.load(accounts, projectID: pid, room: room, now: services.clock.now)
        let grants = try await accounts.load("the room's grants") { client throws(UpstreamError) in
            try await client.grants(
                projectID: pid, room: room, limit: RoomPageModel.pageSize, offset: (number - 1) * RoomPageModel.pageSize
            )
        }
        let activity = await activityTask
        let project = try await projectTask
        let people = await peopleTask
        var page = RoomPageModel(projectID: pid, room: room, grants: grants, page: number, canEdit: context.canEdit, people: people)
        page.table.show(try await services.expiries.pending(project: pid).filter { $0.roomID == room.id })
        page.activity = activity
        let trail = [Breadcrumb("Rooms", .rooms(pid)), Breadcrumb(label: visible(room.name), url: nil)]
        return render("rooms/show", page, chrome: chrome(context, title: "Room \(visible(room.name))", project: project, trail: trail))
    }

    func user(_ request: HTTPRequest, _ context: ConsoleContext) async throws -> HTTPResponse {
        let pid = try context.parameters.require("pid")
        let userID = try context.parameters.require("user_id")
        let query = try URLEncodedForm(query: request)
        let filter = query.text("q")
        if Self.isCSV(query) { return try await userCSV(pid: pid, userID: userID, filter: filter) }
        let number = query.page("page")
        async let projectTask = project(pid)
        async let grantsTask = accounts.load("the user's grants") { client throws(UpstreamError) in
            try await client.grants(
                projectID: pid, userID: userID, limit: UserPageModel.pageSize,
                offset: (number - 1) * UserPageModel.pageSize, filter: filter
            )
        }
        // Name and email from the member list (also for a member who holds no grant yet).
        async let peopleTask = PeopleDirectory.load(accounts, projectID: pid, userID: userID)
        let project = try await projectTask
        let grants = try await grantsTask
        let person = await peopleTask.display(userID)
        var page = UserPageModel(
            projectID: pid, userID: userID, person: person, query: filter, grants: grants, page: number, canEdit: context.canEdit
        )
        page.table.show(try await services.expiries.pending(project: pid).filter { $0.userID == userID })
        let trail = [Breadcrumb(label: "Users", url: SiteURL.project(pid).path + "#users"), Breadcrumb(label: person.label, url: nil)]
        return render("users/show", page, chrome: chrome(context, title: "User \(person.label)", project: project, trail: trail))
    }

    func grant(_ request: HTTPRequest, _ context: ConsoleContext) async throws -> HTTPResponse {
        let pid = try context.parameters.require("pid")
        let roomName = try context.parameters.require("room")
        let userID = try context.parameters.require("user_id")
        async let projectTask = project(pid)
        async let grantTask = accounts.load("this grant") { client throws(UpstreamError) in
            try await client.grant(projectID: pid, roomName: roomName, userID: userID)
        }
        async let peopleTask = PeopleDirectory.load(accounts, projectID: pid, userID: userID)
        let project = try await projectTask
        let grant = try await grantTask
        let person = await peopleTask.display(grant.userID)
        var page = GrantPageModel(projectID: pid, grant: grant, person: person, canEdit: context.canEdit)
        if let expiry = try await services.expiries.expiry(project: pid, roomID: grant.room.id, userID: grant.userID) {
            page.expires = ExpiryField.display(expiry.expiresAt)
            page.expiresEpoch = ExpiryField.epoch(expiry.expiresAt)
        }
        page.activity = await RoomActivity.load(accounts, projectID: pid, room: grant.room, now: services.clock.now)
        let trail = [
            Breadcrumb(label: visible(grant.room.name), url: SiteURL.room(pid: pid, room: grant.room.name).path),
            Breadcrumb(label: person.label, url: nil),
        ]
        let title = "Grant \(person.label) in \(visible(grant.room.name))"
        return render("grants/show", page, chrome: chrome(context, title: title, project: project, trail: trail))
    }
}
