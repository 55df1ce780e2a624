import GRDB
public import GrantModel

extension AccountsStore {
    /// Every project (a bearer token of the embedded server sees them all).
    public func projects() async throws -> [Project] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT id, name, extra FROM project ORDER BY name, id").map(Self.project(from:))
        }
    }

    /// One project.
    public func project(_ projectID: String) async throws -> Project {
        try await pool.read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT id, name, extra FROM project WHERE id = ?", arguments: [projectID]) else {
                throw AccountsStoreError.notFound("Project not found.")
            }
            return try Self.project(from: row)
        }
    }

    /// A project with the members MeshAgent's client requires of one
    /// (`ProjectInfo`: `project_key`; `owner_user_id` too), unless stored ones say otherwise.
    /// An embedded project's key is its id: there is no registry namespace to name.
    private static func project(from row: Row) throws -> Project {
        let stored = try JSONValue(parsing: row["extra"] as String)
        var extra: JSONObject = ["owner_user_id": .string(ownerProfile.id), "project_key": .string(row["id"])]
        for member in (try? JSONField(root: stored).object()) ?? JSONObject() { extra[member.key] = member.value }
        return Project(id: row["id"], name: row["name"], extra: extra)
    }

    /// The project's members, by email; the filter matches email, names or id.
    public func members(projectID: String, page: PageRequest) async throws -> MemberList {
        try await pool.read { db in
            try Self.requireProject(db, projectID)
            var condition = "m.project_id = ?"
            var arguments: StatementArguments = [projectID]
            if let needle = page.needle {
                condition += """
                     AND (instr(lower(u.email), ?) > 0 OR instr(lower(coalesce(u.first_name, '')), ?) > 0
                     OR instr(lower(coalesce(u.last_name, '')), ?) > 0 OR instr(lower(u.id), ?) > 0)
                    """
                _ = arguments.append(contentsOf: [needle, needle, needle, needle])
            }
            let from = "FROM member m JOIN user u ON u.id = m.user_id WHERE \(condition)"
            let total = try Int.fetchOne(db, sql: "SELECT count(*) \(from)", arguments: arguments) ?? 0
            _ = arguments.append(contentsOf: [page.limit, page.offset])
            let rows = try Row.fetchAll(
                db, sql: """
                    SELECT u.id, u.email, u.first_name, u.last_name, m.is_admin, m.is_developer,
                           m.can_create_rooms, m.can_use_llm_proxy \(from)
                    ORDER BY u.email COLLATE NOCASE, u.id LIMIT ? OFFSET ?
                    """,
                arguments: arguments
            )
            return MemberList(members: rows.map(Self.member(from:)), total: total)
        }
    }

    /// Adds an existing user to the project (409 if already a member).
    public func addMember(projectID: String, _ request: AddMemberRequest) async throws {
        try await pool.write { db in
            try Self.requireProject(db, projectID)
            guard try Self.userExists(db, request.userID) else { throw AccountsStoreError.notFound("User not found.") }
            let flags = request.flags
            try db.execute(
                sql: """
                    INSERT OR IGNORE INTO member (project_id, user_id, is_admin, is_developer, can_create_rooms, can_use_llm_proxy)
                    VALUES (?, ?, ?, ?, ?, ?)
                    """,
                arguments: [projectID, request.userID, flags.isAdmin, flags.isDeveloper, flags.canCreateRooms, flags.canUseLLMProxy]
            )
            guard db.changesCount > 0 else { throw AccountsStoreError.conflict("The user is already a member.") }
        }
    }

    /// Sets a member's flags.
    public func updateMember(projectID: String, userID: String, flags: MemberFlags) async throws {
        try await pool.write { db in
            try Self.requireProject(db, projectID)
            try db.execute(
                sql: """
                    UPDATE member SET is_admin = ?, is_developer = ?, can_create_rooms = ?, can_use_llm_proxy = ?
                    WHERE project_id = ? AND user_id = ?
                    """,
                arguments: [flags.isAdmin, flags.isDeveloper, flags.canCreateRooms, flags.canUseLLMProxy, projectID, userID]
            )
            guard db.changesCount > 0 else { throw AccountsStoreError.notFound("Member not found.") }
        }
    }

    /// Removes a member from the project (their grants stay, as upstream).
    public func removeMember(projectID: String, userID: String) async throws {
        try await pool.write { db in
            try Self.requireProject(db, projectID)
            try db.execute(sql: "DELETE FROM member WHERE project_id = ? AND user_id = ?", arguments: [projectID, userID])
            guard db.changesCount > 0 else { throw AccountsStoreError.notFound("Member not found.") }
        }
    }
}
