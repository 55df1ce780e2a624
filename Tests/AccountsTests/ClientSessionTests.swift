import AccountsAPI
import AccountsServer
import Foundation
import GrantModel
import ParticipantTokens
import Testing
@testable import GrantDeskTesting

/// Joining a room and the sessions it leaves, through the client over a real socket.
@Suite("Client ↔ embedded API: connect and sessions")
struct ClientSessionTests {
    let project = EmbeddedAccountsHarness.project
    let owner = AccountsStore.ownerProfile

    @Test("connect mints an HS256 participant token from the caller's grant, signed with the project key")
    func connectMintsTheGrant() async throws {
        let harness = try await EmbeddedAccountsHarness()
        defer { Task { await harness.shutdown() } }
        let client = harness.client
        let room = try await client.createRoom(projectID: project, CreateRoomRequest(name: "join/ing room"))
        let stored: JSONValue = try JSONValue(parsing: #"{"queues":{"list":true,"send":["jobs"]},"sqlite":{"attach":true},"admin":{}}"#)
        try await client.createGrant(projectID: project, roomID: room.id, userID: owner.id, permissions: stored)
        let before = Date().timeIntervalSince1970
        let connection = try await client.connect(projectID: project, room: room.name)
        #expect(connection.roomName == room.name && connection.projectID == project && !connection.roomURL.isEmpty)
        let jwt = try CompactJWT(parsing: connection.jwt)
        #expect(jwt.header == ["alg": "HS256", "typ": "JWT"])
        let key = try await harness.store.projectKey(projectID: project)
        #expect(jwt.hasValidSignature(secret: Array(key.secret.utf8)))
        #expect(!jwt.hasValidSignature(secret: Array("not-the-secret".utf8)))
        let token = try ParticipantToken(claims: jwt.payload)
        #expect(token.projectID == project && token.keyID == key.keyID && token.name == owner.email)
        #expect(token.roomName == room.name && token.grant("role")?.scope == "user")
        #expect(token.apiScope == (try JSONValue(parsing: #"{"queues":{"send":["jobs"]},"admin":{}}"#)))
        let expires = try #require(token.expiresAt)
        #expect(expires >= before.rounded(.down) + 3599 && expires <= Date().timeIntervalSince1970 + 3600)

        let sessions = try await client.sessions(projectID: project, roomID: room.id)
        #expect(sessions.sessions.count == 1)
        let session = try #require(sessions.sessions.first)
        #expect(session.roomID == room.id && session.roomName == room.name && session.isActive)
        #expect(abs(session.createdAtSeconds - before) < 5)
    }

    @Test("no grant in the room: 403; no such room: 404; nothing recorded")
    func connectRefusals() async throws {
        let harness = try await EmbeddedAccountsHarness()
        defer { Task { await harness.shutdown() } }
        let client = harness.client
        let rooms = try await client.rooms(projectID: project)
        let room = try #require(rooms.rooms.first { $0.name == "research lab" }, "the demo's never-joined room")
        guard case .permissionDenied? = await upstreamError({ try await client.connect(projectID: project, room: room.name) }) else {
            Issue.record("a room without the caller's grant must be refused")
            return
        }
        guard case .notFound? = await upstreamError({ try await client.connect(projectID: project, room: "no such room") }) else {
            Issue.record("an unknown room must be 404")
            return
        }
        #expect(try await client.sessions(projectID: project, roomID: room.id).sessions.isEmpty)
    }

    @Test("sessions: newest first, limit, by room id or name, an old room's history kept")
    func sessionsList() async throws {
        let harness = try await EmbeddedAccountsHarness()
        defer { Task { await harness.shutdown() } }
        let client = harness.client
        let first = try await client.createRoom(projectID: project, CreateRoomRequest(name: "history one"))
        let second = try await client.createRoom(projectID: project, CreateRoomRequest(name: "history two"))
        let day = 86_400.0
        let now = Date().timeIntervalSince1970
        try await harness.store.recordSession(projectID: project, room: first.name, userID: owner.id, at: now - 100 * day)
        try await harness.store.recordSession(projectID: project, room: second.name, userID: owner.id, at: now - 2 * day)
        try await harness.store.recordSession(projectID: project, room: first.id, userID: owner.id, at: now - 10 * day)
        let all = try await client.sessions(projectID: project, limit: 500).sessions.filter { [first.id, second.id].contains($0.roomID) }
        #expect(all.map(\.roomName) == [second.name, first.name, first.name])
        #expect(all.allSatisfy { !$0.isActive })
        // The demo's newest session is half a day old; the test's newest is two days old.
        #expect(try await client.sessions(projectID: project, limit: 1).sessions.map(\.roomName) == ["design review"])
        let byID = try await client.sessions(projectID: project, roomID: first.id).sessions
        #expect(byID.count == 2 && abs(byID[0].createdAtSeconds - (now - 10 * day)) < 1)
        #expect(try await client.sessions(projectID: project, roomID: first.name).sessions == byID)
        try await client.deleteRoom(projectID: project, roomID: first.id)
        #expect(try await client.sessions(projectID: project, roomID: first.id).sessions == byID)
        guard case .validation? = await upstreamError({ try await client.sessions(projectID: project, limit: 0) }) else {
            Issue.record("limit 0 must be refused")
            return
        }
        guard case .notFound? = await upstreamError({ try await client.sessions(projectID: "nope") }) else {
            Issue.record("an unknown project must be 404")
            return
        }
    }
}
