import AccountsAPI
import GrantModel

/// Whole-project reads the operations' previews need, every page of them
/// (a preview that missed page two would run less than it says).
extension AccountsClient {
    /// Every grant of one user in the project.
    func allGrants(projectID: String, userID: String) async throws(UpstreamError) -> [RoomGrant] {
        var grants: [RoomGrant] = []
        while true {
            let page = try await self.grants(projectID: projectID, userID: userID, limit: 100, offset: grants.count)
            grants += page.grants
            if page.grants.isEmpty || grants.count >= page.total { return grants }
        }
    }

    /// Every grant in one room.
    func allGrants(projectID: String, room: Room) async throws(UpstreamError) -> [RoomGrant] {
        var grants: [RoomGrant] = []
        while true {
            let page = try await self.grants(projectID: projectID, room: room, limit: 100, offset: grants.count)
            grants += page.grants
            if page.grants.isEmpty || grants.count >= page.total { return grants }
        }
    }

    /// Every room of the project.
    func allRooms(projectID: String) async throws(UpstreamError) -> [Room] {
        var rooms: [Room] = []
        while true {
            let page = try await self.rooms(projectID: projectID, limit: 500, offset: rooms.count)
            rooms += page.rooms
            if page.rooms.isEmpty || rooms.count >= page.total { return rooms }
        }
    }
}

extension PersonDisplay {
    /// "Ada Lovelace <ada@example.com>" (or whatever of name, email and id is known), for item descriptions.
    var sentence: String {
        var text = primary
        if let email { text += " <\(email)>" }
        if let secondaryID { text += " (\(secondaryID))" }
        return text
    }
}
