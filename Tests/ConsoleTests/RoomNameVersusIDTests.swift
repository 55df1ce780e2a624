import AccountsAPI
@testable import Console
import GrantModel
import HTTPServer
import Testing
@testable import GrantDeskTesting

/// Room B is *named* like room A's *id*. The embedded API (as upstream) looks
/// ids up first, so every page and form about room B must resolve B's name
/// itself and address B by its id; none may show, edit or delete room A.
@Suite(.serialized) struct RoomNameVersusIDTests {
    static let pid = ConsoleHarness.pid

    struct Rooms {
        let console: ConsoleHarness
        let cookie: String
        let a: Room
        let b: Room
    }

    /// Room A "alpha" (u1 holds `admin`) and room B named A's id (u1 holds `queues`).
    static func rooms() async throws -> Rooms {
        let console = try await ConsoleHarness(.embedded(seedDemo: false, people: ["u1", "u2", "u3"]))
        let a = try await console.accounts.createRoom(projectID: pid, CreateRoomRequest(name: "alpha", metadata: ["which": "room-A"]))
        let b = try await console.accounts.createRoom(projectID: pid, CreateRoomRequest(name: a.id, metadata: ["which": "room-B"]))
        try await console.accounts.createGrant(projectID: pid, roomID: a.id, userID: "u1", permissions: ["admin": [:]])
        try await console.accounts.createGrant(projectID: pid, roomID: b.id, userID: "u1", permissions: ["queues": [:]])
        return Rooms(console: console, cookie: try await console.adminSession(), a: a, b: b)
    }

    /// u1's grant in `room`, read by id.
    static func scope(_ rooms: Rooms, _ room: Room, user: String = "u1") async throws -> JSONValue? {
        do {
            return try await rooms.console.accounts.grant(projectID: pid, roomID: room.id, userID: user).permissions
        } catch .notFound {
            return nil
        }
    }

    @Test func theClientResolvesTheNameToTheRoomOfThatName() async throws {
        let rooms = try await Self.rooms()
        defer { Task { await rooms.console.stop() } }
        let accounts = rooms.console.accounts
        #expect(try await accounts.room(projectID: Self.pid, name: rooms.a.id).id == rooms.b.id)
        #expect(try await accounts.grant(projectID: Self.pid, roomName: rooms.a.id, userID: "u1").room.id == rooms.b.id)
        #expect(try await accounts.grants(projectID: Self.pid, room: rooms.b).grants.map(\.room.id) == [rooms.b.id])
        #expect(try await accounts.grants(projectID: Self.pid, room: rooms.a).grants.map(\.room.id) == [rooms.a.id])
        // With no grants in B, the list by B's name would be A's: B's must come back empty.
        try await accounts.deleteGrant(projectID: Self.pid, roomID: rooms.b.id, userID: "u1")
        #expect(try await accounts.grants(projectID: Self.pid, room: rooms.b).total == 0)
    }

    @Test func roomAndGrantPagesShowRoomB() async throws {
        let rooms = try await Self.rooms()
        defer { Task { await rooms.console.stop() } }
        let page = await rooms.console.send(.get, SiteURL.room(pid: Self.pid, room: rooms.a.id).path, session: rooms.cookie)
        #expect(page.status == .ok)
        #expect(page.text.contains("room-B"))
        #expect(!page.text.contains("room-A"))
        #expect(!page.text.contains("alpha"))
        let grant = await rooms.console.send(.get, SiteURL.grant(pid: Self.pid, room: rooms.a.id, userID: "u1").path, session: rooms.cookie)
        #expect(grant.status == .ok)
        #expect(grant.text.contains("queues"))
        #expect(!grant.text.contains("alpha"))
    }

    @Test func editingTheGrantInRoomBChangesRoomBOnly() async throws {
        let rooms = try await Self.rooms()
        defer { Task { await rooms.console.stop() } }
        let url = SiteURL.grantEdit(pid: Self.pid, room: rooms.a.id, userID: "u1").path
        let form = await rooms.console.send(.get, url, session: rooms.cookie)
        #expect(form.status == .ok)
        let review = await rooms.console.send(.post, url, session: rooms.cookie,
                                              form: form.formFields(action: url).setting("r.queues.send", "only").setting("t.queues.send", "x")
                                                  + [("action", "review")])
        #expect(review.status == .ok)
        let saved = await rooms.console.send(.post, url, session: rooms.cookie,
                                             form: review.formFields(action: url).setting("action", "confirm"))
        #expect(saved.status == .seeOther)
        #expect(try await Self.scope(rooms, rooms.b)?["queues"]?["send"] == ["x"])
        #expect(try await Self.scope(rooms, rooms.a) == ["admin": [:]])
        let entry = try await rooms.console.services.audit.entries(project: Self.pid).first
        #expect(entry?.target == "grant \(rooms.a.id) [id \(rooms.b.id)] / u1")
    }

    @Test func deletingTheGrantInRoomBLeavesRoomA() async throws {
        let rooms = try await Self.rooms()
        defer { Task { await rooms.console.stop() } }
        let url = SiteURL.grantDelete(pid: Self.pid, room: rooms.a.id, userID: "u1").path
        let form = await rooms.console.send(.get, url, session: rooms.cookie)
        #expect(form.status == .ok)
        let deleted = await rooms.console.send(.post, url, session: rooms.cookie, form: form.formFields(action: url))
        #expect(deleted.status == .seeOther)
        #expect(try await Self.scope(rooms, rooms.b) == nil)
        #expect(try await Self.scope(rooms, rooms.a) == ["admin": [:]])
        let entry = try await rooms.console.services.audit.entries(project: Self.pid).first
        #expect(entry?.target == "grant \(rooms.a.id) [id \(rooms.b.id)] / u1")
    }

    @Test func editingRoomBChangesRoomBOnly() async throws {
        let rooms = try await Self.rooms()
        defer { Task { await rooms.console.stop() } }
        let url = SiteURL.roomEdit(pid: Self.pid, room: rooms.a.id).path
        let form = await rooms.console.send(.get, url, session: rooms.cookie)
        #expect(form.status == .ok)
        #expect(form.text.contains("room-B"))
        let saved = await rooms.console.send(.post, url, session: rooms.cookie,
                                             form: form.formFields(action: url).setting("metadata", #"{"which":"edited"}"#))
        #expect(saved.status == .seeOther)
        let accounts = rooms.console.accounts
        #expect(try await accounts.room(projectID: Self.pid, name: rooms.a.id).metadata == ["which": "edited"])
        #expect(try await accounts.room(projectID: Self.pid, name: "alpha").metadata == ["which": "room-A"])
        let entry = try await rooms.console.services.audit.entries(project: Self.pid).first
        #expect(entry?.target == "room \(rooms.a.id) [id \(rooms.b.id)]")
    }

    @Test func deletingRoomBLeavesRoomA() async throws {
        let rooms = try await Self.rooms()
        defer { Task { await rooms.console.stop() } }
        let url = SiteURL.roomDelete(pid: Self.pid, room: rooms.a.id).path
        let form = await rooms.console.send(.get, url, session: rooms.cookie)
        #expect(form.status == .ok)
        #expect(form.text.contains("1 grant goes with it"))
        let deleted = await rooms.console.send(.post, url, session: rooms.cookie, form: form.formFields(action: url))
        #expect(deleted.status == .seeOther)
        let left = try await rooms.console.accounts.rooms(projectID: Self.pid, limit: 100)
        #expect(left.rooms.map(\.id) == [rooms.a.id])
        #expect(try await Self.scope(rooms, rooms.a) == ["admin": [:]])
        let entry = try await rooms.console.services.audit.entries(project: Self.pid).first
        #expect(entry?.action == "room.delete")
        #expect(entry?.target == "room \(rooms.a.id) [id \(rooms.b.id)]")
    }

    @Test func aGrantCreatedFromTheRoomQueryGoesToRoomB() async throws {
        let rooms = try await Self.rooms()
        defer { Task { await rooms.console.stop() } }
        let newURL = SiteURL.newGrant(pid: Self.pid, room: nil, user: nil).path
        let form = await rooms.console.send(.get, SiteURL.newGrant(pid: Self.pid, room: rooms.a.id, user: "u2").path, session: rooms.cookie)
        #expect(form.status == .ok)
        let fields = form.formFields(action: newURL).setting("sec.queues", "on")
        let review = await rooms.console.send(.post, newURL, session: rooms.cookie, form: fields + [("action", "review")])
        #expect(review.status == .ok)
        let saved = await rooms.console.send(.post, newURL, session: rooms.cookie,
                                             form: review.formFields(action: newURL).setting("action", "confirm"))
        #expect(saved.status == .seeOther)
        #expect(try await Self.scope(rooms, rooms.b, user: "u2") != nil)
        #expect(try await Self.scope(rooms, rooms.a, user: "u2") == nil)
        let entry = try await rooms.console.services.audit.entries(project: Self.pid).first
        #expect(entry?.target == "grant \(rooms.a.id) [id \(rooms.b.id)] / u2")
    }
}
