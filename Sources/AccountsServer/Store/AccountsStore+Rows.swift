import GRDB
import GrantModel

extension AccountsStore {
    /// Columns that `room(from:)` reads, for a room aliased `r`.
    static let roomColumns = "r.pk AS room_pk, r.id AS room_id, r.name AS room_name, r.metadata AS room_metadata, r.annotations AS room_annotations"

    static func room(from row: Row) throws -> Room {
        let metadata = try JSONValue(parsing: row["room_metadata"] as String)
        let annotations = try JSONValue(parsing: row["room_annotations"] as String)
        return Room(
            id: row["room_id"], name: row["room_name"],
            metadata: (try? JSONField(root: metadata).object()) ?? JSONObject(),
            annotations: (try? RoomAnnotation.list(from: JSONField(root: annotations))) ?? []
        )
    }

    static func grant(from row: Row) throws -> RoomGrant {
        RoomGrant(
            room: try room(from: row), userID: row["user_id"],
            permissions: try StoredPermissions.value(row["permissions"])
        )
    }

    static func member(from row: Row) -> Member {
        Member(
            id: row["id"], email: row["email"], firstName: row["first_name"], lastName: row["last_name"],
            flags: MemberFlags(
                isAdmin: row["is_admin"], isDeveloper: row["is_developer"],
                canCreateRooms: row["can_create_rooms"], canUseLLMProxy: row["can_use_llm_proxy"]
            )
        )
    }

    /// Throws `notFound` unless the project exists.
    static func requireProject(_ db: Database, _ projectID: String) throws {
        guard try Bool.fetchOne(db, sql: "SELECT 1 FROM project WHERE id = ?", arguments: [projectID]) == true else {
            throw AccountsStoreError.notFound("Project not found.")
        }
    }

    /// The room whose id — or, failing that, whose name — is `idOrName`.
    static func findRoom(_ db: Database, projectID: String, idOrName: String) throws -> Row? {
        let sql = "SELECT \(roomColumns) FROM room r WHERE r.project_id = ? AND r.id = ?"
        if let row = try Row.fetchOne(db, sql: sql, arguments: [projectID, idOrName]) { return row }
        return try Row.fetchOne(
            db, sql: "SELECT \(roomColumns) FROM room r WHERE r.project_id = ? AND r.name = ?",
            arguments: [projectID, idOrName]
        )
    }

    static func requireRoom(_ db: Database, projectID: String, idOrName: String) throws -> Row {
        try requireProject(db, projectID)
        guard let row = try findRoom(db, projectID: projectID, idOrName: idOrName) else {
            throw AccountsStoreError.notFound("Room not found.")
        }
        return row
    }

    static func userExists(_ db: Database, _ userID: String) throws -> Bool {
        try Bool.fetchOne(db, sql: "SELECT 1 FROM user WHERE id = ?", arguments: [userID]) == true
    }
}
