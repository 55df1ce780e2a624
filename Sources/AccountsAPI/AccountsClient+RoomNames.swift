public import GrantModel

/// Rooms asked for by name, checked.
///
/// The upstream takes a room's name or its id wherever it wants a room, and
/// looks ids up first. So a room *named* like another room's *id* would, by
/// name, reach that other room: `GET …/rooms/{name}` answers with it and
/// `DELETE …/rooms/{name}` deletes it. These calls resolve the name to the
/// room of exactly that name, then address it by its id, and check that every
/// answer is about that room.
extension AccountsClient {
    /// `GET …/rooms/{name}`, checked: the room called exactly `name`. When the
    /// upstream answers with another room (one whose id is `name`), the room
    /// of that name is looked for in the rooms list; none is `.notFound`.
    public func room(projectID: String, name: String) async throws(UpstreamError) -> Room {
        let path = AccountsPath.project(projectID, "/rooms").appending(name)
        let found = try await send("GET", path, as: Room.self)
        if found.name == name { return found }
        if let listed = try await listedRoom(projectID: projectID, name: name) { return listed }
        let request = UpstreamRequestDescription(method: "GET", path: path.pathAndQuery)
        throw .notFound(UpstreamFailure(status: 404, request: request, message: "No room is called “\(name)”."))
    }

    /// `GET …/room-grants/{room_id}/{user_id}` for a room found by name: the
    /// grant of `userID` in the room called exactly `roomName`.
    public func grant(projectID: String, roomName: String, userID: String) async throws(UpstreamError) -> RoomGrant {
        try await grant(projectID: projectID, room: room(projectID: projectID, name: roomName), userID: userID)
    }

    /// `GET …/room-grants/{room.id}/{user_id}`, checked: an answer about
    /// another room or user is refused as an invalid payload.
    public func grant(projectID: String, room: Room, userID: String) async throws(UpstreamError) -> RoomGrant {
        let path = AccountsPath.project(projectID, "/room-grants").appending(room.id).appending(userID)
        let grant = try await send("GET", path, as: RoomGrant.self)
        guard grant.room.id == room.id, grant.room.name == room.name, grant.userID == userID else {
            let request = UpstreamRequestDescription(method: "GET", path: path.pathAndQuery)
            throw .invalidPayload(request, problem: PayloadError(
                path: "room", problem: "the answer is about room “\(grant.room.name)” (\(grant.room.id)), not the one asked for"))
        }
        return grant
    }

    /// `GET …/room-grants/by-room/{room_name}`, checked: the grants of `room`.
    /// When the name reaches another room (whose id it is), the room is named
    /// by its id instead; a list holding another room's grants is refused.
    public func grants(projectID: String, room: Room, limit: Int = 50, offset: Int = 0) async throws(UpstreamError) -> GrantList {
        let byName = try await grantsByRoom(projectID: projectID, key: room.name, limit: limit, offset: offset)
        let allMatch = byName.page.grants.allSatisfy { $0.room.id == room.id }
        // An empty list proves nothing by itself: it is the wrong room's when the name is shadowed.
        if allMatch && !byName.page.grants.isEmpty { return byName.page }
        if allMatch, try await !isShadowed(projectID: projectID, room: room) { return byName.page }
        let byID = try await grantsByRoom(projectID: projectID, key: room.id, limit: limit, offset: offset)
        if let stranger = byID.page.grants.first(where: { $0.room.id != room.id }) {
            throw .invalidPayload(byID.request, problem: PayloadError(
                path: "room_grants", problem: "the list holds grants of room “\(stranger.room.name)”, not of the one asked for"))
        }
        return byID.page
    }

    private func grantsByRoom(projectID: String, key: String, limit: Int, offset: Int)
        async throws(UpstreamError) -> (page: GrantList, request: UpstreamRequestDescription) {
        let path = AccountsPath.project(projectID, "/room-grants/by-room").appending(key)
            .query("limit", limit).query("offset", offset)
        let page = try await send("GET", path, as: GrantList.self)
        return (page, UpstreamRequestDescription(method: "GET", path: path.pathAndQuery))
    }

    /// Whether `GET …/rooms/{room.name}` reaches another room than `room`.
    private func isShadowed(projectID: String, room: Room) async throws(UpstreamError) -> Bool {
        do {
            let found = try await send("GET", AccountsPath.project(projectID, "/rooms").appending(room.name), as: Room.self)
            return found.id != room.id
        } catch .notFound {
            return false
        }
    }

    /// The room called exactly `name`, from the rooms list filtered by name.
    private func listedRoom(projectID: String, name: String) async throws(UpstreamError) -> Room? {
        let size = 500
        var offset = 0
        // Names are unique in a project; a filter on the whole name leaves few
        // rooms, so a handful of pages is plenty (and bounds a looping upstream).
        for _ in 0..<20 {
            let page = try await rooms(projectID: projectID, limit: size, offset: offset, filter: name)
            if let room = page.rooms.first(where: { $0.name == name }) { return room }
            offset += page.rooms.count
            if page.rooms.isEmpty || offset >= page.total { return nil }
        }
        return nil
    }
}
