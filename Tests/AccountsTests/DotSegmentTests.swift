import AccountsAPI
import GrantModel
import HTTPClient
import Testing
@testable import GrantDeskTesting

/// `.` and `..` are names like any other: they must reach the upstream as
/// one encoded segment, never be resolved into "this" or "the parent" endpoint.
@Suite("Dot segments in upstream paths", .serialized)
struct DotSegmentTests {
    private func client(port: Int) -> AccountsClient {
        EmbeddedAccountsHarness.client("http://127.0.0.1:\(port)", token: "dot-token")
    }

    private static let ok = FakeUpstream.Action.respond(
        status: 200, headers: [("Content-Type", "application/json")], body: Array(#"{"ok":true}"#.utf8))

    @Test("a user called .. and a room called . go out as %2E segments, exactly")
    func encodedOnTheWire() async throws {
        let upstream = try FakeUpstream { _ in Self.ok }
        defer { upstream.stop() }
        let client = client(port: upstream.port)
        try await client.removeMember(projectID: "p", userID: "..")
        try await client.updateMember(projectID: "p", userID: ".", flags: MemberFlags(isAdmin: false))
        try await client.deleteRoom(projectID: "p", roomID: ".")
        try await client.deleteGrant(projectID: "p", roomID: "..", userID: ".")
        _ = try? await client.room(projectID: "p", name: "..")
        let targets = upstream.received.map { "\($0.method) \($0.target)" }
        #expect(targets == [
            "DELETE /accounts/projects/p/users/%2E%2E",
            "PUT /accounts/projects/p/users/%2E",
            "DELETE /accounts/projects/p/rooms/%2E",
            "DELETE /accounts/projects/p/room-grants/%2E%2E/%2E",
            "GET /accounts/projects/p/rooms/%2E%2E",
        ])
    }

    @Test("names that merely contain dots are left readable")
    func dotsInsideNames() async throws {
        let upstream = try FakeUpstream { _ in Self.ok }
        defer { upstream.stop() }
        try await client(port: upstream.port).removeMember(projectID: "p", userID: "...")
        try await client(port: upstream.port).removeMember(projectID: "p", userID: "a.b/../c")
        #expect(upstream.received.map(\.target) == [
            "/accounts/projects/p/users/...",
            "/accounts/projects/p/users/a.b%2F..%2Fc",
        ])
    }

    @Test("the HTTP client sends a path as it was given, dot segments included")
    func pathAsIs() async throws {
        let upstream = try FakeUpstream { _ in Self.ok }
        defer { upstream.stop() }
        let http = HTTPClient(configuration: HTTPClientConfiguration(connectTimeout: .seconds(2), requestTimeout: .seconds(5)))
        for path in ["/a/users/..", "/a/./b", "/a/%2E%2E/b"] {
            _ = try await http.execute(HTTPClientRequest(method: "GET", url: "http://127.0.0.1:\(upstream.port)\(path)"))
        }
        #expect(upstream.received.map(\.target) == ["/a/users/..", "/a/./b", "/a/%2E%2E/b"])
    }

    @Test("the embedded API takes %2E%2E as the name .., not as a step up")
    func embeddedDecodesDots() async throws {
        let harness = try await EmbeddedAccountsHarness()
        defer { Task { await harness.shutdown() } }
        let client = harness.client
        let pid = EmbeddedAccountsHarness.project
        let before = try await client.rooms(projectID: pid, limit: 500).total
        _ = try await client.createRoom(projectID: pid, CreateRoomRequest(name: ".."))
        _ = try await client.createRoom(projectID: pid, CreateRoomRequest(name: "."))
        let dots = try await client.room(projectID: pid, name: "..")
        #expect(dots.name == "..")
        #expect(try await client.room(projectID: pid, name: ".").name == ".")
        try await client.createGrant(projectID: pid, roomID: "..", userID: "user-1", permissions: ["queues": [:]])
        let grants = try await client.grants(projectID: pid, roomName: "..")
        #expect(grants.grants.map(\.room.id) == [dots.id])
        #expect(try await client.grant(projectID: pid, roomID: "..", userID: "user-1").room.name == "..")
        try await client.deleteRoom(projectID: pid, roomID: "..")
        let after = try await client.rooms(projectID: pid, limit: 500)
        #expect(after.total == before + 1)
        #expect(after.rooms.map(\.name).contains("."))
        #expect(!after.rooms.map(\.name).contains(".."))
    }
}
