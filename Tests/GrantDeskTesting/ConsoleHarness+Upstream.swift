import AccountsAPI
import GrantModel

/// Setting up the upstream through the console's own client, before a test
/// starts counting what reaches it.
extension ConsoleHarness {
    func makeRoom(_ name: String) async throws -> Room {
        try await accounts.createRoom(projectID: Self.pid, CreateRoomRequest(name: name))
    }

    func makeGrant(room: String, user: String, scope: String) async throws {
        let roomID = try await accounts.room(projectID: Self.pid, name: room).id
        try await accounts.createGrant(projectID: Self.pid, roomID: roomID, userID: user, permissions: try JSONValue(parsing: scope))
    }

    func grantScope(room: String, user: String) async throws -> JSONValue {
        try await accounts.grant(projectID: Self.pid, roomID: room, userID: user).permissions
    }
}
