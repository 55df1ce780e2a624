import AccountsAPI
import GrantModel
import Testing
@testable import GrantDeskTesting

/// Rooms, members, projects and profiles through the client, over a real socket.
@Suite("Client ↔ embedded API: rooms, members, projects")
struct ClientRoomMemberTests {
    let project = EmbeddedAccountsHarness.project

    @Test("projects, one project, my role, me")
    func projects() async throws {
        let harness = try await EmbeddedAccountsHarness()
        defer { Task { await harness.shutdown() } }
        let client = harness.client
        let projects = try await client.projects()
        #expect(projects.map(\.id).sorted() == ["default", "sandbox"])
        #expect(try await client.project(project).name == "Demo project")
        #expect(try await client.myRole(projectID: project) == .admin)
        #expect(try await client.me().email == "admin@grantdesk.local")
        let missing = await upstreamError { try await client.project("nope") }
        guard case .notFound? = missing else { Issue.record("got \(String(describing: missing))"); return }
    }

    @Test("a wrong token is a 401 failure")
    func wrongToken() async throws {
        let harness = try await EmbeddedAccountsHarness()
        defer { Task { await harness.shutdown() } }
        let client = EmbeddedAccountsHarness.client(harness.baseURL, token: "not-the-token")
        let error = await upstreamError { try await client.projects() }
        guard case .other(let failure)? = error else { Issue.record("got \(String(describing: error))"); return }
        #expect(failure.status == 401)
    }

    @Test("rooms: list with filter and paging, get, create, 409, if_not_exists, rename, delete with its grants")
    func rooms() async throws {
        let harness = try await EmbeddedAccountsHarness()
        defer { Task { await harness.shutdown() } }
        let client = harness.client
        let all = try await client.rooms(projectID: project)
        #expect(all.total == 8)
        #expect(all.rooms.map(\.name) == all.rooms.map(\.name).sorted())
        #expect(try await client.rooms(projectID: project, filter: "ROOM").rooms.map(\.name) == ["team/alpha room"])
        #expect(try await client.rooms(projectID: project, limit: 2, offset: 7).rooms.count == 1)
        #expect(try await client.room(projectID: project, name: "team/alpha room").id == "room-alpha")

        let request = CreateRoomRequest(
            name: "war room/2", metadata: ["level": .number("3")], annotations: [RoomAnnotation(key: "k", value: "v")],
            permissions: [("user-3", .object(["admin": .object([:])]))]
        )
        let created = try await client.createRoom(projectID: project, request)
        #expect(created.name == "war room/2")
        #expect(created.metadata["level"] == .number("3"))
        #expect(try await client.grants(projectID: project, roomName: "war room/2").grants.map(\.userID) == ["user-3"])
        let clash = await upstreamError { try await client.createRoom(projectID: project, request) }
        guard case .conflict? = clash else { Issue.record("got \(String(describing: clash))"); return }
        var again = request
        again.ifNotExists = true
        #expect(try await client.createRoom(projectID: project, again).id == created.id)

        try await client.updateRoom(projectID: project, roomID: created.id, UpdateRoomRequest(name: "war room 3"))
        #expect(try await client.grants(projectID: project, roomName: "war room 3").total == 1)
        let renamed = try await client.room(projectID: project, name: "war room 3")
        #expect(renamed.annotations == [RoomAnnotation(key: "k", value: "v")])
        let taken = await upstreamError {
            try await client.updateRoom(projectID: project, roomID: created.id, UpdateRoomRequest(name: "lobby"))
        }
        guard case .conflict? = taken else { Issue.record("got \(String(describing: taken))"); return }

        try await client.deleteRoom(projectID: project, roomID: "war room 3")
        let gone = await upstreamError { try await client.room(projectID: project, name: "war room 3") }
        guard case .notFound? = gone else { Issue.record("got \(String(describing: gone))"); return }
        #expect(try await client.grants(projectID: project, userID: "user-3", filter: "war").total == 0)
    }

    @Test("members: list with count/offset/filter, add, 409, update flags, remove, 404")
    func members() async throws {
        let harness = try await EmbeddedAccountsHarness()
        defer { Task { await harness.shutdown() } }
        let client = harness.client
        let all = try await client.members(projectID: project, count: 500)
        #expect(all.total == 26)
        #expect(try await client.members(projectID: project, count: 10, offset: 20).members.count == 6)
        #expect(try await client.members(projectID: project, filter: "HOPPER").members.map(\.id) == ["user-2"])

        let sandbox = "sandbox"
        try await client.addMember(projectID: sandbox, userID: "user-9", flags: MemberFlags(isAdmin: false, canCreateRooms: true))
        let added = try await client.members(projectID: sandbox, filter: "user-9").members
        #expect(added.first?.flags == MemberFlags(isAdmin: false, canCreateRooms: true))
        let twice = await upstreamError { try await client.addMember(projectID: sandbox, userID: "user-9") }
        guard case .conflict? = twice else { Issue.record("got \(String(describing: twice))"); return }
        let flags = MemberFlags(isAdmin: true, isDeveloper: true, canCreateRooms: false, canUseLLMProxy: true)
        try await client.updateMember(projectID: sandbox, userID: "user-9", flags: flags)
        #expect(try await client.members(projectID: sandbox, filter: "user-9").members.first?.flags == flags)
        try await client.removeMember(projectID: sandbox, userID: "user-9")
        #expect(try await client.members(projectID: sandbox, filter: "user-9").total == 0)
        let removed = await upstreamError { try await client.removeMember(projectID: sandbox, userID: "user-9") }
        guard case .notFound? = removed else { Issue.record("got \(String(describing: removed))"); return }
        let stranger = await upstreamError { try await client.addMember(projectID: sandbox, userID: "ghost") }
        guard case .notFound? = stranger else { Issue.record("got \(String(describing: stranger))"); return }
    }

    @Test("data survives a restart")
    func restart() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let first = try await EmbeddedAccountsHarness(directory: directory)
        try await first.client.createGrant(
            projectID: project, roomID: "ops-oncall", userID: "user-24", permissions: .object(["tunnels": .object([:])])
        )
        await first.shutdown()
        let second = try await EmbeddedAccountsHarness(directory: directory)
        defer { Task { await second.shutdown() } }
        let grant = try await second.client.grant(projectID: project, roomID: "ops-oncall", userID: "user-24")
        #expect(grant.permissions == .object(["tunnels": .object([:])]))
        #expect(try await second.client.grants(projectID: project).total == 61, "the seed did not run twice")
    }
}
