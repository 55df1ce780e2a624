public import GrantModel

extension AccountsClient {
    /// `GET …/rooms`: the project's rooms; `filter` matches names.
    public func rooms(
        projectID: String, limit: Int = 100, offset: Int = 0, orderBy: ListOrder = .roomName, filter: String = ""
    ) async throws(UpstreamError) -> RoomList {
        let path = AccountsPath.project(projectID, "/rooms")
            .query("limit", limit).query("offset", offset).query("order_by", orderBy).query("filter", filter)
        return try await send("GET", path, as: RoomList.self)
    }

    // `GET …/rooms/{name}` is `room(projectID:name:)` in `+RoomNames.swift`: it checks the answer.

    /// `POST …/rooms`: creates a room (409 if it exists, unless `ifNotExists`).
    public func createRoom(projectID: String, _ request: CreateRoomRequest) async throws(UpstreamError) -> Room {
        try await send("POST", .project(projectID, "/rooms"), body: request.json, as: Room.self)
    }

    /// `PUT …/rooms/{room_id}`: renames the room or replaces its metadata/annotations.
    public func updateRoom(projectID: String, roomID: String, _ request: UpdateRoomRequest) async throws(UpstreamError) {
        try await send("PUT", AccountsPath.project(projectID, "/rooms").appending(roomID), body: request.json)
    }

    /// `DELETE …/rooms/{room_id}`: deletes the room and its grants.
    public func deleteRoom(projectID: String, roomID: String) async throws(UpstreamError) {
        try await send("DELETE", AccountsPath.project(projectID, "/rooms").appending(roomID))
    }
}
