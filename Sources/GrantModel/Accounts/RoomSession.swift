/// The answer to `POST …/rooms/{room}/connect`: `{jwt, room_name, project_id, room_url}`.
public struct RoomConnection: AccountsPayload {
    /// The participant token (an HS256 JWT). A credential: never log it or show it unasked.
    public var jwt: String
    public var roomName: String
    public var projectID: String
    /// Where the room server is reached.
    public var roomURL: String

    public init(jwt: String, roomName: String, projectID: String, roomURL: String) {
        self.jwt = jwt
        self.roomName = roomName
        self.projectID = projectID
        self.roomURL = roomURL
    }

    public init(field: JSONField) throws(PayloadError) {
        _ = try field.object()
        jwt = try field["jwt"].string()
        roomName = try field["room_name"].string()
        projectID = try field["project_id"].string()
        roomURL = try field["room_url"].string()
    }

    public var json: JSONValue {
        .object([
            "jwt": .string(jwt), "room_name": .string(roomName), "project_id": .string(projectID),
            "room_url": .string(roomURL),
        ])
    }
}

/// One room session (`GET …/sessions`): `{id, room_id?, room_name, created_at,
/// is_active, participants?}`, the only "last used" signal the API offers.
public struct RoomSession: AccountsPayload {
    public var id: String
    /// The room's id; nil for a session whose room the server no longer knows.
    public var roomID: String?
    public var roomName: String
    /// When the session started: ISO 8601 text, as the server sent it.
    public var createdAt: String
    public var isActive: Bool
    /// Participant counts by name, when the server reports them.
    public var participants: [(name: String, count: Int)]?

    public init(id: String, roomID: String?, roomName: String, createdAt: String, isActive: Bool,
                participants: [(name: String, count: Int)]? = nil) {
        self.id = id
        self.roomID = roomID
        self.roomName = roomName
        self.createdAt = createdAt
        self.isActive = isActive
        self.participants = participants
    }

    public init(field: JSONField) throws(PayloadError) {
        _ = try field.object()
        id = try field["id"].string()
        roomID = try field["room_id"].optionalString()
        roomName = try field["room_name"].string()
        createdAt = try field["created_at"].string()
        guard ISO8601Time.seconds(createdAt) != nil else {
            throw field["created_at"].error("expected an ISO 8601 date and time")
        }
        isActive = try field["is_active"].bool()
        if field["participants"].isAbsentOrNull {
            participants = nil
        } else {
            var counts: [(name: String, count: Int)] = []
            for (name, member) in try field["participants"].members() { counts.append((name, try member.int())) }
            participants = counts
        }
    }

    public var json: JSONValue {
        var object: JSONObject = [
            "id": .string(id), "room_id": .nullable(roomID), "room_name": .string(roomName),
            "created_at": .string(createdAt), "is_active": .bool(isActive),
        ]
        if let participants {
            var counts = JSONObject()
            for (name, count) in participants { counts[name] = .integer(count) }
            object["participants"] = .object(counts)
        }
        return .object(object)
    }

    /// `createdAt` in seconds since 1970.
    public var createdAtSeconds: Double { ISO8601Time.seconds(createdAt) ?? 0 }

    public static func == (lhs: RoomSession, rhs: RoomSession) -> Bool { lhs.json == rhs.json }
    public func hash(into hasher: inout Hasher) { hasher.combine(json) }
}

/// A page of sessions: `{sessions: [...]}`, newest first.
public struct RoomSessionList: AccountsPayload {
    public var sessions: [RoomSession]

    public init(sessions: [RoomSession]) {
        self.sessions = sessions
    }

    public init(field: JSONField) throws(PayloadError) {
        _ = try field.object()
        sessions = []
        for element in try field["sessions"].array() { sessions.append(try RoomSession(field: element)) }
    }

    public var json: JSONValue { .object(["sessions": .array(sessions.map(\.json))]) }
}
