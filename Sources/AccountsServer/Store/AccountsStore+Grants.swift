import GRDB
public import GrantModel

extension AccountsStore {
    private static let grantSelect = "SELECT \(roomColumns), g.user_id, g.permissions FROM room_grant g JOIN room r ON r.pk = g.room_pk"

    /// Every grant of the project, ordered by room name (then user) or user (then room name).
    public func grants(projectID: String, page: PageRequest) async throws -> GrantList {
        try await grantList(.project(projectID), page: page).page()
    }

    /// One user's grants; the filter matches room names.
    public func grants(projectID: String, userID: String, page: PageRequest) async throws -> GrantList {
        try await grantList(.user(projectID: projectID, userID: userID), page: page).page()
    }

    /// One room's grants, by room name (or id), ordered by user.
    public func grants(projectID: String, roomName: String, page: PageRequest) async throws -> GrantList {
        try await grantList(.room(projectID: projectID, room: roomName), page: page).page()
    }

    /// A page of grants as stored, for callers that pass the JSON through
    /// (the HTTP layer) or decode it (`page()`).
    ///
    /// For the whole project the page's keys are found first on a covering
    /// index, so a large offset skips index entries only; rooms and
    /// permissions are read for the page's rows alone.
    public func grantList(_ list: GrantSelection, page: PageRequest) async throws -> StoredGrantList {
        try await pool.read { db in
            switch list {
            case .project(let projectID):
                try Self.requireProject(db, projectID)
                let (order, outerOrder) = page.order == .userID
                    ? ("user_id, room_name", "g.user_id, g.room_name")
                    : ("room_name, user_id", "g.room_name, g.user_id")
                let rows = try Row.fetchAll(
                    db, sql: """
                        SELECT \(Self.roomColumns), g.user_id, g.permissions
                        FROM (SELECT room_pk, user_id FROM room_grant WHERE project_id = ? ORDER BY \(order) LIMIT ? OFFSET ?) AS p
                        JOIN room_grant g ON g.room_pk = p.room_pk AND g.user_id = p.user_id
                        JOIN room r ON r.pk = g.room_pk
                        ORDER BY \(outerOrder)
                        """,
                    arguments: [projectID, page.limit, page.offset]
                )
                let total = try Int.fetchOne(
                    db, sql: "SELECT coalesce(sum(grant_count), 0) FROM room WHERE project_id = ?", arguments: [projectID]
                ) ?? 0
                return StoredGrantList(grants: rows.map(StoredGrant.init), total: total)
            case .user(let projectID, let userID):
                try Self.requireProject(db, projectID)
                var condition = "g.project_id = ? AND g.user_id = ?"
                var arguments: StatementArguments = [projectID, userID]
                if let needle = page.needle {
                    condition += " AND instr(lower(g.room_name), ?) > 0"
                    _ = arguments.append(contentsOf: [needle])
                }
                let total = try Int.fetchOne(db, sql: "SELECT count(*) FROM room_grant g WHERE \(condition)", arguments: arguments) ?? 0
                _ = arguments.append(contentsOf: [page.limit, page.offset])
                let rows = try Row.fetchAll(
                    db, sql: "\(Self.grantSelect) WHERE \(condition) ORDER BY g.room_name LIMIT ? OFFSET ?", arguments: arguments
                )
                return StoredGrantList(grants: rows.map(StoredGrant.init), total: total)
            case .room(let projectID, let room):
                let found = try Self.requireRoom(db, projectID: projectID, idOrName: room)
                let roomPK: Int64 = found["room_pk"]
                let rows = try Row.fetchAll(
                    db, sql: "\(Self.grantSelect) WHERE g.room_pk = ? ORDER BY g.user_id LIMIT ? OFFSET ?",
                    arguments: [roomPK, page.limit, page.offset]
                )
                let total = try Int.fetchOne(db, sql: "SELECT grant_count FROM room WHERE pk = ?", arguments: [roomPK]) ?? 0
                return StoredGrantList(grants: rows.map(StoredGrant.init), total: total)
            }
        }
    }

    /// Rooms that hold at least one grant, by name, with their counts.
    public func roomsWithGrantCounts(projectID: String, page: PageRequest) async throws -> RoomCountList {
        try await pool.read { db in
            try Self.requireProject(db, projectID)
            let rows = try Row.fetchAll(
                db, sql: """
                    SELECT \(Self.roomColumns), r.grant_count FROM room r
                    WHERE r.project_id = ? AND r.grant_count > 0 ORDER BY r.name LIMIT ? OFFSET ?
                    """,
                arguments: [projectID, page.limit, page.offset]
            )
            let total = try Int.fetchOne(
                db, sql: "SELECT count(*) FROM room WHERE project_id = ? AND grant_count > 0", arguments: [projectID]
            ) ?? 0
            let rooms = try rows.map { row in RoomGrantCount(room: try Self.room(from: row), count: row["grant_count"]) }
            return RoomCountList(rooms: rooms, total: total)
        }
    }

    /// Users that hold at least one grant, by user id, with their counts;
    /// the filter matches email, first or last name, or id.
    public func usersWithGrantCounts(projectID: String, page: PageRequest) async throws -> UserCountList {
        try await pool.read { db in
            try Self.requireProject(db, projectID)
            let rows: [Row]
            let total: Int
            if let needle = page.needle {
                // One pass: the haystack joins the fields with spaces, so "ada lovelace" finds the full name too.
                let from = """
                    FROM user_grant_count c JOIN user u ON u.id = c.user_id WHERE c.project_id = ?
                    AND instr(lower(u.email || ' ' || coalesce(u.first_name, '') || ' ' || coalesce(u.last_name, '') || ' ' || c.user_id), ?) > 0
                    """
                rows = try Row.fetchAll(
                    db, sql: """
                        SELECT c.user_id, c.count, u.email, u.first_name, u.last_name, count(*) OVER () AS total \(from)
                        ORDER BY c.user_id LIMIT ? OFFSET ?
                        """,
                    arguments: [projectID, needle, page.limit, page.offset]
                )
                if let first = rows.first {
                    total = first["total"]
                } else {
                    total = try Int.fetchOne(db, sql: "SELECT count(*) \(from)", arguments: [projectID, needle]) ?? 0
                }
            } else {
                // Counts of zero are deleted by the trigger, so every row here is a user with grants.
                total = try Int.fetchOne(db, sql: "SELECT count(*) FROM user_grant_count WHERE project_id = ?", arguments: [projectID]) ?? 0
                rows = try Row.fetchAll(
                    db, sql: """
                        SELECT c.user_id, c.count, u.email, u.first_name, u.last_name
                        FROM (SELECT user_id, count FROM user_grant_count WHERE project_id = ? ORDER BY user_id LIMIT ? OFFSET ?) AS c
                        JOIN user u ON u.id = c.user_id ORDER BY c.user_id
                        """,
                    arguments: [projectID, page.limit, page.offset]
                )
            }
            let users = rows.map { row in
                UserGrantCount(
                    userID: row["user_id"], count: row["count"], email: row["email"],
                    firstName: row["first_name"], lastName: row["last_name"]
                )
            }
            return UserCountList(users: users, total: total)
        }
    }

    /// One grant; the room may be named by id or name.
    public func grant(projectID: String, roomID: String, userID: String) async throws -> RoomGrant {
        try await pool.read { db in
            let room = try Self.requireRoom(db, projectID: projectID, idOrName: roomID)
            let roomPK: Int64 = room["room_pk"]
            guard let row = try Row.fetchOne(
                db, sql: "\(Self.grantSelect) WHERE g.room_pk = ? AND g.user_id = ?", arguments: [roomPK, userID]
            ) else { throw AccountsStoreError.notFound("Grant not found.") }
            return try Self.grant(from: row)
        }
    }

    /// Creates a grant (409 if the user already has one in that room). By
    /// email, an unknown address becomes a new user and project member.
    public func createGrant(projectID: String, _ request: CreateGrantRequest) async throws {
        let permissions = StoredPermissions.text(for: request.permissions)
        try await pool.write { db in
            let room = try Self.requireRoom(db, projectID: projectID, idOrName: request.roomID)
            let userID: String
            switch request.grantee {
            case .user(let id):
                guard try Self.userExists(db, id) else { throw AccountsStoreError.notFound("User not found.") }
                userID = id
            case .email(let email, _):
                userID = try Self.userID(forInvite: email, projectID: projectID, db)
            }
            try Self.insertGrant(db, roomPK: room["room_pk"], roomName: room["room_name"], projectID: projectID, userID: userID, permissions: permissions)
        }
    }

    static func insertGrant(_ db: Database, roomPK: Int64, roomName: String, projectID: String, userID: String, permissions: String) throws {
        let exists = try Bool.fetchOne(
            db, sql: "SELECT 1 FROM room_grant WHERE room_pk = ? AND user_id = ?", arguments: [roomPK, userID]
        ) == true
        guard !exists else { throw AccountsStoreError.conflict("The user already has a grant in this room.") }
        try db.execute(
            sql: "INSERT INTO room_grant (room_pk, user_id, project_id, room_name, permissions) VALUES (?, ?, ?, ?, ?)",
            arguments: [roomPK, userID, projectID, roomName, permissions]
        )
    }

    private static func userID(forInvite email: String, projectID: String, _ db: Database) throws -> String {
        let trimmed = email.trimmingCharacters(in: .whitespaces)
        guard trimmed.contains("@"), trimmed.count <= 320 else { throw AccountsStoreError.invalid("email is not an email address.") }
        if let existing = try String.fetchOne(
            db, sql: "SELECT id FROM user WHERE email = ? COLLATE NOCASE ORDER BY id LIMIT 1", arguments: [trimmed]
        ) { return existing }
        let id = newID()
        try db.execute(sql: "INSERT INTO user (id, email) VALUES (?, ?)", arguments: [id, trimmed])
        try db.execute(sql: "INSERT OR IGNORE INTO member (project_id, user_id) VALUES (?, ?)", arguments: [projectID, id])
        return id
    }

    /// Replaces the permissions of an existing grant.
    public func updateGrant(projectID: String, _ request: UpdateGrantRequest) async throws {
        let permissions = StoredPermissions.text(for: request.permissions)
        try await pool.write { db in
            let room = try Self.requireRoom(db, projectID: projectID, idOrName: request.roomID)
            let roomPK: Int64 = room["room_pk"]
            try db.execute(
                sql: "UPDATE room_grant SET permissions = ? WHERE room_pk = ? AND user_id = ?",
                arguments: [permissions, roomPK, request.userID]
            )
            guard db.changesCount > 0 else { throw AccountsStoreError.notFound("Grant not found.") }
        }
    }

    /// Deletes a grant.
    public func deleteGrant(projectID: String, roomID: String, userID: String) async throws {
        try await pool.write { db in
            let room = try Self.requireRoom(db, projectID: projectID, idOrName: roomID)
            let roomPK: Int64 = room["room_pk"]
            try db.execute(sql: "DELETE FROM room_grant WHERE room_pk = ? AND user_id = ?", arguments: [roomPK, userID])
            guard db.changesCount > 0 else { throw AccountsStoreError.notFound("Grant not found.") }
        }
    }
}
