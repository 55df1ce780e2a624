import AccountsAPI
import GrantModel
import Testing
@testable import GrantDeskTesting

/// The client checks that an answer about a room named by the caller is
/// about that room, against a fake upstream that answers with another one.
@Suite("Room names checked against the answer", .serialized)
struct RoomNameCheckTests {
    private func client(port: Int) -> AccountsClient {
        EmbeddedAccountsHarness.client("http://127.0.0.1:\(port)", token: "t")
    }

    private static func json(_ text: String) -> FakeUpstream.Action {
        .respond(status: 200, headers: [("Content-Type", "application/json")], body: Array(text.utf8))
    }

    private static func room(_ id: String, _ name: String) -> String {
        #"{"id":"\#(id)","name":"\#(name)","metadata":{},"annotations":{}}"#
    }

    @Test("a room answered for another name is looked for by name in the list")
    func fallsBackToTheList() async throws {
        let upstream = try FakeUpstream { request in
            if request.target == "/accounts/projects/p/rooms/x" { return Self.json(Self.room("x", "other")) }
            return Self.json(#"{"rooms":[\#(Self.room("r9", "x-ish")),\#(Self.room("r7", "x"))],"total":2}"#)
        }
        defer { upstream.stop() }
        let room = try await client(port: upstream.port).room(projectID: "p", name: "x")
        #expect(room.id == "r7")
        #expect(upstream.received.last?.target.hasPrefix("/accounts/projects/p/rooms?") == true)
        #expect(upstream.received.last?.target.contains("filter=x") == true)
    }

    @Test("no room of exactly that name is not found, never the other room")
    func noSuchName() async throws {
        let upstream = try FakeUpstream { request in
            if request.target == "/accounts/projects/p/rooms/x" { return Self.json(Self.room("x", "other")) }
            return Self.json(#"{"rooms":[\#(Self.room("r9", "x-ish"))],"total":1}"#)
        }
        defer { upstream.stop() }
        let error = await upstreamError { try await client(port: upstream.port).room(projectID: "p", name: "x") }
        guard case .notFound? = error else { Issue.record("expected notFound, got \(String(describing: error))"); return }
    }

    @Test("a grant answered for another room is refused")
    func grantOfAnotherRoom() async throws {
        let upstream = try FakeUpstream { _ in
            Self.json(#"{"room":\#(Self.room("zz", "x")),"user_id":"u","permissions":{}}"#)
        }
        defer { upstream.stop() }
        let asked = Room(id: "r7", name: "x")
        let error = await upstreamError { try await client(port: upstream.port).grant(projectID: "p", room: asked, userID: "u") }
        guard case .invalidPayload? = error else { Issue.record("expected invalidPayload, got \(String(describing: error))"); return }
        #expect(upstream.received.map(\.target) == ["/accounts/projects/p/room-grants/r7/u"])
    }

    @Test("a grants list holding another room's grants is refused")
    func listOfAnotherRoom() async throws {
        let upstream = try FakeUpstream { _ in
            Self.json(#"{"room_grants":[{"room":\#(Self.room("zz", "x")),"user_id":"u","permissions":{}}],"total":1}"#)
        }
        defer { upstream.stop() }
        let error = await upstreamError { try await client(port: upstream.port).grants(projectID: "p", room: Room(id: "r7", name: "x")) }
        guard case .invalidPayload? = error else { Issue.record("expected invalidPayload, got \(String(describing: error))"); return }
        // By name first, then by id when the name reached another room.
        #expect(upstream.received.map(\.target) == [
            "/accounts/projects/p/room-grants/by-room/x?limit=50&offset=0",
            "/accounts/projects/p/room-grants/by-room/r7?limit=50&offset=0",
        ])
    }
}
