import GRDB
public import GrantModel

/// Which grants a list covers.
public enum GrantSelection: Sendable, Hashable {
    /// Every grant of a project.
    case project(String)
    /// One user's grants in a project.
    case user(projectID: String, userID: String)
    /// One room's grants; the room named by name or id.
    case room(projectID: String, room: String)
}

/// A grant as stored: ids and names, and its JSON columns as the text we
/// wrote (always produced by `JSONValue.serialized()`, so valid JSON), the
/// permissions as `StoredPermissions.served` gives them.
public struct StoredGrant: Sendable, Hashable {
    var roomID: String
    var roomName: String
    var metadata: String
    var annotations: String
    var userID: String
    var permissions: String

    init(_ row: Row) {
        roomID = row["room_id"]
        roomName = row["room_name"]
        metadata = row["room_metadata"]
        annotations = row["room_annotations"]
        userID = row["user_id"]
        // Served as MeshAgent would, also for rows an older version stored with nulls.
        permissions = StoredPermissions.served(row["permissions"])
    }
}

/// A page of stored grants with the list's total.
public struct StoredGrantList: Sendable, Hashable {
    public var grants: [StoredGrant]
    public var total: Int

    /// The page decoded into model values.
    public func page() throws -> GrantList {
        let decoded = try grants.map { grant in
            RoomGrant(
                room: Room(
                    id: grant.roomID, name: grant.roomName,
                    metadata: try JSONField(root: JSONValue(parsing: grant.metadata)).objectOrEmpty(),
                    annotations: try RoomAnnotation.list(from: JSONField(root: JSONValue(parsing: grant.annotations)))
                ),
                userID: grant.userID, permissions: try JSONValue(parsing: grant.permissions)
            )
        }
        return GrantList(grants: decoded, total: total)
    }

    /// `{"room_grants": [...], "total": n}` written directly from the stored
    /// JSON texts, byte-for-byte what `page().json.serialized()` would give
    /// without parsing each scope only to serialise it again.
    public func jsonText() -> String {
        var text = #"{"room_grants":["#
        text.reserveCapacity(grants.reduce(64) { $0 + $1.permissions.utf8.count + $1.metadata.utf8.count + 128 })
        for (index, grant) in grants.enumerated() {
            if index > 0 { text += "," }
            text += #"{"room":{"id":"#
            text += JSONValue.string(grant.roomID).serialized()
            text += #","name":"#
            text += JSONValue.string(grant.roomName).serialized()
            text += #","metadata":"#
            text += grant.metadata
            text += #","annotations":"#
            text += grant.annotations
            text += #"},"user_id":"#
            text += JSONValue.string(grant.userID).serialized()
            text += #","permissions":"#
            text += grant.permissions
            text += "}"
        }
        text += #"],"total":"#
        text += String(total)
        text += "}"
        return text
    }
}
