public import GrantModel

extension AccountsClient {
    /// `GET …/room-grants`: every grant of the project, a page at a time.
    public func grants(
        projectID: String, limit: Int = 50, offset: Int = 0, orderBy: ListOrder = .roomName
    ) async throws(UpstreamError) -> GrantList {
        let path = AccountsPath.project(projectID, "/room-grants")
            .query("limit", limit).query("offset", offset).query("order_by", orderBy)
        return try await send("GET", path, as: GrantList.self)
    }

    /// `GET …/room-grants/by-user/{user_id}`: one user's grants; `filter` matches room names.
    public func grants(
        projectID: String, userID: String, limit: Int = 100, offset: Int = 0,
        orderBy: ListOrder = .roomName, filter: String = ""
    ) async throws(UpstreamError) -> GrantList {
        let path = AccountsPath.project(projectID, "/room-grants/by-user").appending(userID)
            .query("limit", limit).query("offset", offset).query("order_by", orderBy).query("filter", filter)
        return try await send("GET", path, as: GrantList.self)
    }

    /// `GET …/room-grants/by-room/{room_name}`: one room's grants.
    public func grants(
        projectID: String, roomName: String, limit: Int = 50, offset: Int = 0
    ) async throws(UpstreamError) -> GrantList {
        let path = AccountsPath.project(projectID, "/room-grants/by-room").appending(roomName)
            .query("limit", limit).query("offset", offset)
        return try await send("GET", path, as: GrantList.self)
    }

    /// `GET …/room-grants/by-room`: rooms that have grants, with their counts.
    public func roomsWithGrantCounts(
        projectID: String, limit: Int = 50, offset: Int = 0
    ) async throws(UpstreamError) -> RoomCountList {
        let path = AccountsPath.project(projectID, "/room-grants/by-room").query("limit", limit).query("offset", offset)
        return try await send("GET", path, as: RoomCountList.self)
    }

    /// `GET …/room-grants/by-user`: users that hold grants, with their counts;
    /// `filter` matches email, name or id.
    public func usersWithGrantCounts(
        projectID: String, limit: Int = 100, offset: Int = 0, filter: String = ""
    ) async throws(UpstreamError) -> UserCountList {
        let path = AccountsPath.project(projectID, "/room-grants/by-user")
            .query("limit", limit).query("offset", offset).query("filter", filter)
        return try await send("GET", path, as: UserCountList.self)
    }

    /// `GET …/room-grants/{room_id}/{user_id}`: one grant.
    public func grant(projectID: String, roomID: String, userID: String) async throws(UpstreamError) -> RoomGrant {
        let path = AccountsPath.project(projectID, "/room-grants").appending(roomID).appending(userID)
        return try await send("GET", path, as: RoomGrant.self)
    }

    /// `POST …/room-grants`: grants `permissions` (an ApiScope object) in a room to a user.
    public func createGrant(
        projectID: String, roomID: String, userID: String, permissions: JSONValue
    ) async throws(UpstreamError) {
        let body = CreateGrantRequest(roomID: roomID, grantee: .user(id: userID), permissions: permissions)
        try await send("POST", .project(projectID, "/room-grants"), body: body.json)
    }

    /// `POST …/room-grants` by email: invites the person and grants the room.
    public func createGrant(
        projectID: String, roomID: String, email: String, permissions: JSONValue, inviteRedirectURL: String? = nil
    ) async throws(UpstreamError) {
        let grantee = CreateGrantRequest.Grantee.email(email, inviteRedirectURL: inviteRedirectURL)
        let body = CreateGrantRequest(roomID: roomID, grantee: grantee, permissions: permissions)
        try await send("POST", .project(projectID, "/room-grants"), body: body.json)
    }

    /// `PUT …/room-grants/unused`: replaces the permissions of the (room, user) grant.
    public func updateGrant(
        projectID: String, roomID: String, userID: String, permissions: JSONValue
    ) async throws(UpstreamError) {
        let body = UpdateGrantRequest(roomID: roomID, userID: userID, permissions: permissions)
        try await send("PUT", AccountsPath.project(projectID, "/room-grants").appending("unused"), body: body.json)
    }

    /// `DELETE …/room-grants/{room_id}/{user_id}`.
    public func deleteGrant(projectID: String, roomID: String, userID: String) async throws(UpstreamError) {
        let path = AccountsPath.project(projectID, "/room-grants").appending(roomID).appending(userID)
        try await send("DELETE", path)
    }
}
