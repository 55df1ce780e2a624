public import GrantModel

extension AccountsClient {
    /// `POST …/rooms/{room}/connect` with `{}`: a participant token for the
    /// caller (the upstream token's user) in `room` (a name), made from the
    /// caller's room grant. The token is a credential: keep it out of logs.
    public func connect(projectID: String, room: String) async throws(UpstreamError) -> RoomConnection {
        let path = AccountsPath.project(projectID, "/rooms").appending(room).appendingLiteral("/connect")
        return try await send("POST", path, body: .object(JSONObject()), as: RoomConnection.self)
    }

    /// `GET …/sessions?limit=&room_id=`: the newest room sessions of the
    /// project, or of one room (by id), newest first.
    public func sessions(projectID: String, roomID: String? = nil, limit: Int = 25) async throws(UpstreamError) -> RoomSessionList {
        let path = AccountsPath.project(projectID, "/sessions").query("limit", limit).query("room_id", roomID)
        return try await send("GET", path, as: RoomSessionList.self)
    }
}
