import AccountsAPI
import GrantModel
import Testing
@testable import GrantDeskTesting

/// Every room-grant operation through the client, over a real socket, against the embedded API.
@Suite("Client ↔ embedded API: room grants")
struct ClientGrantTests {
    let project = EmbeddedAccountsHarness.project

    @Test("list: limit 1 and 500, offset past the end, both orders")
    func list() async throws {
        let harness = try await EmbeddedAccountsHarness()
        defer { Task { await harness.shutdown() } }
        let client = harness.client
        let all = try await client.grants(projectID: project, limit: 500)
        #expect(all.total == 60)
        #expect(all.grants.count == 60)
        let byRoom = all.grants.map { [$0.room.name, $0.userID] }
        #expect(byRoom == byRoom.sorted { $0.lexicographicallyPrecedes($1) })
        let one = try await client.grants(projectID: project, limit: 1, offset: 5)
        #expect(one.grants == [all.grants[5]])
        #expect(one.total == 60)
        let past = try await client.grants(projectID: project, limit: 50, offset: 60)
        #expect(past.grants.isEmpty)
        #expect(past.total == 60)
        let byUser = try await client.grants(projectID: project, limit: 500, orderBy: .userID)
        let pairs = byUser.grants.map { [$0.userID, $0.room.name] }
        #expect(pairs == pairs.sorted { $0.lexicographicallyPrecedes($1) })
    }

    @Test("limit 0 and 501 are validation errors")
    func limits() async throws {
        let harness = try await EmbeddedAccountsHarness()
        defer { Task { await harness.shutdown() } }
        for limit in [0, 501] {
            let error = await upstreamError { try await harness.client.grants(projectID: project, limit: limit) }
            guard case .validation(let failure)? = error else { Issue.record("limit \(limit): \(String(describing: error))"); continue }
            #expect(failure.message.contains("limit"))
        }
    }

    @Test("by user (with a room-name filter), by room (a name with / and space), and both count lists")
    func slices() async throws {
        let harness = try await EmbeddedAccountsHarness()
        defer { Task { await harness.shutdown() } }
        let client = harness.client
        let mine = try await client.grants(projectID: project, userID: "user-1")
        #expect(mine.total > 0)
        #expect(mine.grants.allSatisfy { $0.userID == "user-1" })
        let filtered = try await client.grants(projectID: project, userID: "user-1", filter: "LOBB")
        #expect(filtered.grants.map(\.room.name) == ["lobby"])
        let alpha = try await client.grants(projectID: project, roomName: "team/alpha room")
        #expect(alpha.total == alpha.grants.count)
        #expect(alpha.grants.allSatisfy { $0.room.name == "team/alpha room" })
        let rooms = try await client.roomsWithGrantCounts(projectID: project)
        #expect(rooms.total == 8)
        #expect(rooms.rooms.first { $0.room.name == "team/alpha room" }?.count == alpha.total)
        #expect(rooms.rooms.map(\.count).reduce(0, +) == 60)
        let users = try await client.usersWithGrantCounts(projectID: project, limit: 500)
        #expect(users.users.map(\.count).reduce(0, +) == 60)
        let ada = try await client.usersWithGrantCounts(projectID: project, filter: "lovelace")
        #expect(ada.users.map(\.userID) == ["user-1"])
        #expect(ada.users.first?.email == "ada.lovelace@example.com")
        #expect(ada.users.first?.count == mine.total)
        let page = try await client.usersWithGrantCounts(projectID: project, limit: 1, offset: 1)
        #expect(page.users.count == 1 && page.total == users.total)
    }

    @Test("create, read back (unknown keys kept, nulls left out), conflict, update, delete, then not found")
    func lifecycle() async throws {
        let harness = try await EmbeddedAccountsHarness()
        defer { Task { await harness.shutdown() } }
        let client = harness.client
        let scope = try JSONValue(parsing: #"{"queues":{"send":["a"],"list":null},"sqlite":{"attach":false},"storage":{"files":{"x":1}}}"#)
        try await client.createGrant(projectID: project, roomID: "room-lobby", userID: "svc-ingest", permissions: scope)
        let stored = try await client.grant(projectID: project, roomID: "lobby", userID: "svc-ingest")
        #expect(stored.permissions == (try JSONValue(parsing: #"{"queues":{"send":["a"]},"sqlite":{"attach":false},"storage":{"files":{"x":1}}}"#)))
        #expect(stored.room.id == "room-lobby")
        let duplicate = await upstreamError {
            try await client.createGrant(projectID: project, roomID: "lobby", userID: "svc-ingest", permissions: scope)
        }
        guard case .conflict? = duplicate else { Issue.record("expected conflict, got \(String(describing: duplicate))"); return }
        let narrower = try JSONValue(parsing: #"{"messaging":{"send":false}}"#)
        try await client.updateGrant(projectID: project, roomID: "room-lobby", userID: "svc-ingest", permissions: narrower)
        #expect(try await client.grant(projectID: project, roomID: "room-lobby", userID: "svc-ingest").permissions == narrower)
        try await client.deleteGrant(projectID: project, roomID: "room-lobby", userID: "svc-ingest")
        let gone = await upstreamError { try await client.grant(projectID: project, roomID: "room-lobby", userID: "svc-ingest") }
        guard case .notFound(let failure)? = gone else { Issue.record("expected notFound, got \(String(describing: gone))"); return }
        #expect(failure.path == "/accounts/projects/default/room-grants/room-lobby/svc-ingest")
        let again = await upstreamError { try await client.deleteGrant(projectID: project, roomID: "room-lobby", userID: "svc-ingest") }
        guard case .notFound? = again else { Issue.record("expected notFound, got \(String(describing: again))"); return }
    }

    @Test("create by email invites a new user who then holds the grant")
    func createByEmail() async throws {
        let harness = try await EmbeddedAccountsHarness()
        defer { Task { await harness.shutdown() } }
        let client = harness.client
        try await client.createGrant(
            projectID: project, roomID: "support", email: "new.person@example.org",
            permissions: .object(["messaging": .object([:])]), inviteRedirectURL: "https://example.org/welcome"
        )
        let users = try await client.usersWithGrantCounts(projectID: project, filter: "new.person")
        let invited = try #require(users.users.first)
        #expect(invited.count == 1)
        let members = try await client.members(projectID: project, filter: "new.person@")
        #expect(members.members.map(\.id) == [invited.userID])
    }

    @Test("unknown rooms and users are 404, bad bodies 400")
    func errors() async throws {
        let harness = try await EmbeddedAccountsHarness()
        defer { Task { await harness.shutdown() } }
        let client = harness.client
        let noRoom = await upstreamError {
            try await client.createGrant(projectID: project, roomID: "nowhere", userID: "user-1", permissions: .object([:]))
        }
        guard case .notFound? = noRoom else { Issue.record("got \(String(describing: noRoom))"); return }
        let noUser = await upstreamError {
            try await client.createGrant(projectID: project, roomID: "lobby", userID: "ghost", permissions: .object([:]))
        }
        guard case .notFound? = noUser else { Issue.record("got \(String(describing: noUser))"); return }
        let badScope = await upstreamError {
            try await client.createGrant(projectID: project, roomID: "lobby", userID: "user-2", permissions: .array([]))
        }
        guard case .validation(let failure)? = badScope else { Issue.record("got \(String(describing: badScope))"); return }
        #expect(failure.message.contains("permissions"))
        let noProject = await upstreamError { try await client.grants(projectID: "nope") }
        guard case .notFound? = noProject else { Issue.record("got \(String(describing: noProject))"); return }
    }
}
