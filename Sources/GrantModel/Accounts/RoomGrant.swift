/// A room grant: which ApiScope a user holds in a room. The pair (room, user)
/// identifies it; it has no id and no timestamps.
public struct RoomGrant: AccountsPayload {
    public var room: Room
    public var userID: String
    /// The ApiScope exactly as received (unknown keys included), so writing it
    /// back loses nothing. Decode it with `ApiScope` where it is interpreted.
    public var permissions: JSONValue

    public init(room: Room, userID: String, permissions: JSONValue) {
        self.room = room
        self.userID = userID
        self.permissions = permissions
    }

    public init(field: JSONField) throws(PayloadError) {
        _ = try field.object()
        room = try Room(field: field["room"])
        userID = try field["user_id"].string()
        permissions = try Self.permissions(from: field["permissions"])
    }

    public var json: JSONValue {
        .object(["room": room.json, "user_id": .string(userID), "permissions": permissions])
    }

    /// Validates the outer shape of a permissions value: an object (kept
    /// verbatim), or absent/`null`, which is read as an empty scope.
    public static func permissions(from field: JSONField) throws(PayloadError) -> JSONValue {
        if field.isAbsentOrNull { return .object(JSONObject()) }
        return .object(try field.object())
    }
}
