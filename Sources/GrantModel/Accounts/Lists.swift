/// A page of room grants: `{room_grants, total}`.
public struct GrantList: AccountsPayload {
    public var grants: [RoomGrant]
    /// How many grants match, across all pages.
    public var total: Int

    public init(grants: [RoomGrant], total: Int) {
        self.grants = grants
        self.total = total
    }

    public init(field: JSONField) throws(PayloadError) {
        _ = try field.object()
        grants = []
        for element in try field["room_grants"].array() { grants.append(try RoomGrant(field: element)) }
        total = try field["total"].int()
    }

    public var json: JSONValue {
        .object(["room_grants": .array(grants.map(\.json)), "total": .integer(total)])
    }
}

/// A room with the number of grants in it.
public struct RoomGrantCount: AccountsPayload {
    public var room: Room
    public var count: Int

    public init(room: Room, count: Int) {
        self.room = room
        self.count = count
    }

    public init(field: JSONField) throws(PayloadError) {
        _ = try field.object()
        room = try Room(field: field["room"])
        count = try field["count"].int()
    }

    public var json: JSONValue { .object(["room": room.json, "count": .integer(count)]) }
}

/// A page of rooms with grant counts: `{rooms: [{room, count}], total}`.
public struct RoomCountList: AccountsPayload {
    public var rooms: [RoomGrantCount]
    public var total: Int

    public init(rooms: [RoomGrantCount], total: Int) {
        self.rooms = rooms
        self.total = total
    }

    public init(field: JSONField) throws(PayloadError) {
        _ = try field.object()
        rooms = []
        for element in try field["rooms"].array() { rooms.append(try RoomGrantCount(field: element)) }
        total = try field["total"].int()
    }

    public var json: JSONValue { .object(["rooms": .array(rooms.map(\.json)), "total": .integer(total)]) }
}

/// A user with the number of grants they hold.
public struct UserGrantCount: AccountsPayload {
    public var userID: String
    public var count: Int
    /// The user's email; nil when the upstream sent `null`.
    public var email: String?
    public var firstName: String?
    public var lastName: String?

    public init(userID: String, count: Int, email: String?, firstName: String? = nil, lastName: String? = nil) {
        self.userID = userID
        self.count = count
        self.email = email
        self.firstName = firstName
        self.lastName = lastName
    }

    public init(field: JSONField) throws(PayloadError) {
        _ = try field.object()
        userID = try field["user_id"].string()
        count = try field["count"].int()
        email = try field["email"].optionalString()
        firstName = try field["first_name"].optionalString()
        lastName = try field["last_name"].optionalString()
    }

    public var json: JSONValue {
        .object([
            "user_id": .string(userID), "count": .integer(count), "email": .nullable(email),
            "first_name": .nullable(firstName), "last_name": .nullable(lastName),
        ])
    }
}

/// A page of users with grant counts: `{users: [...], total}`.
public struct UserCountList: AccountsPayload {
    public var users: [UserGrantCount]
    public var total: Int

    public init(users: [UserGrantCount], total: Int) {
        self.users = users
        self.total = total
    }

    public init(field: JSONField) throws(PayloadError) {
        _ = try field.object()
        users = []
        for element in try field["users"].array() { users.append(try UserGrantCount(field: element)) }
        total = try field["total"].int()
    }

    public var json: JSONValue { .object(["users": .array(users.map(\.json)), "total": .integer(total)]) }
}

/// A page of rooms: `{rooms, total}`.
public struct RoomList: AccountsPayload {
    public var rooms: [Room]
    public var total: Int

    public init(rooms: [Room], total: Int) {
        self.rooms = rooms
        self.total = total
    }

    public init(field: JSONField) throws(PayloadError) {
        _ = try field.object()
        rooms = []
        for element in try field["rooms"].array() { rooms.append(try Room(field: element)) }
        total = try field["total"].int()
    }

    public var json: JSONValue { .object(["rooms": .array(rooms.map(\.json)), "total": .integer(total)]) }
}
