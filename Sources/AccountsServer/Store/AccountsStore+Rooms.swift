import GRDB
public import GrantModel

extension AccountsStore {
    /// The project's rooms, by name; the filter matches names.
    public func rooms(projectID: String, page: PageRequest) async throws -> RoomList {
        try await pool.read { db in
            try Self.requireProject(db, projectID)
            var condition = "r.project_id = ?"
            var arguments: StatementArguments = [projectID]
            if let needle = page.needle {
                condition += " AND instr(lower(r.name), ?) > 0"
                _ = arguments.append(contentsOf: [needle])
            }
            let total = try Int.fetchOne(db, sql: "SELECT count(*) FROM room r WHERE \(condition)", arguments: arguments) ?? 0
            _ = arguments.append(contentsOf: [page.limit, page.offset])
            let rows = try Row.fetchAll(
                db, sql: "SELECT \(Self.roomColumns) FROM room r WHERE \(condition) ORDER BY r.name LIMIT ? OFFSET ?",
                arguments: arguments
            )
            return RoomList(rooms: try rows.map(Self.room(from:)), total: total)
        }
    }

    /// One room by name (or id).
    public func room(projectID: String, name: String) async throws -> Room {
        try await pool.read { db in
            try Self.room(from: try Self.requireRoom(db, projectID: projectID, idOrName: name))
        }
    }

    /// Creates a room with its initial grants; with `ifNotExists` an existing
    /// room of that name is returned unchanged instead of a conflict.
    public func createRoom(projectID: String, _ request: CreateRoomRequest) async throws -> Room {
        let name = try Self.validRoomName(request.name)
        let metadata = JSONValue.object(request.metadata ?? JSONObject()).serialized()
        let annotations = RoomAnnotation.json(request.annotations ?? []).serialized()
        let grants = request.permissions.map { ($0.userID, StoredPermissions.text(for: $0.scope)) }
        return try await pool.write { db in
            try Self.requireProject(db, projectID)
            if let existing = try Row.fetchOne(
                db, sql: "SELECT \(Self.roomColumns) FROM room r WHERE r.project_id = ? AND r.name = ?", arguments: [projectID, name]
            ) {
                guard request.ifNotExists else { throw AccountsStoreError.conflict("A room with this name already exists.") }
                return try Self.room(from: existing)
            }
            for (userID, _) in grants where try !Self.userExists(db, userID) {
                throw AccountsStoreError.notFound("User not found.")
            }
            let id = Self.newID()
            try db.execute(
                sql: "INSERT INTO room (project_id, id, name, metadata, annotations) VALUES (?, ?, ?, ?, ?)",
                arguments: [projectID, id, name, metadata, annotations]
            )
            let roomPK = db.lastInsertedRowID
            for (userID, permissions) in grants {
                try Self.insertGrant(db, roomPK: roomPK, roomName: name, projectID: projectID, userID: userID, permissions: permissions)
            }
            return Room(id: id, name: name, metadata: request.metadata ?? JSONObject(), annotations: request.annotations ?? [])
        }
    }

    /// Renames a room and/or replaces its metadata or annotations.
    public func updateRoom(projectID: String, roomID: String, _ request: UpdateRoomRequest) async throws {
        let name = try Self.validRoomName(request.name)
        let metadata = request.metadata.map { JSONValue.object($0).serialized() }
        let annotations = request.annotations.map { RoomAnnotation.json($0).serialized() }
        try await pool.write { db in
            let room = try Self.requireRoom(db, projectID: projectID, idOrName: roomID)
            let roomPK: Int64 = room["room_pk"]
            if name != room["room_name"] as String {
                let taken = try Bool.fetchOne(
                    db, sql: "SELECT 1 FROM room WHERE project_id = ? AND name = ?", arguments: [projectID, name]
                ) == true
                guard !taken else { throw AccountsStoreError.conflict("A room with this name already exists.") }
                try db.execute(sql: "UPDATE room SET name = ? WHERE pk = ?", arguments: [name, roomPK])
                try db.execute(sql: "UPDATE room_grant SET room_name = ? WHERE room_pk = ?", arguments: [name, roomPK])
            }
            if let metadata {
                try db.execute(sql: "UPDATE room SET metadata = ? WHERE pk = ?", arguments: [metadata, roomPK])
            }
            if let annotations {
                try db.execute(sql: "UPDATE room SET annotations = ? WHERE pk = ?", arguments: [annotations, roomPK])
            }
        }
    }

    /// Deletes a room; its grants go with it (foreign key cascade).
    public func deleteRoom(projectID: String, roomID: String) async throws {
        try await pool.write { db in
            let room = try Self.requireRoom(db, projectID: projectID, idOrName: roomID)
            let roomPK: Int64 = room["room_pk"]
            try db.execute(sql: "DELETE FROM room WHERE pk = ?", arguments: [roomPK])
        }
    }

    static func validRoomName(_ name: String) throws -> String {
        guard !name.isEmpty, name.utf8.count <= 256, !name.unicodeScalars.contains(where: { $0.value < 0x20 }) else {
            throw AccountsStoreError.invalid("name must be 1–256 bytes without control characters.")
        }
        return name
    }
}
