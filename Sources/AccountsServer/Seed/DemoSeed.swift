import Foundation
import GRDB
import GrantModel

extension AccountsStore {
    /// Fills an empty database with a realistic demo project: 8 rooms, 25
    /// members with names and emails, ~60 grants covering every ApiScope
    /// section, every preset, restrictive scopes and one grant with keys
    /// GrantDesk does not know. Does nothing if any room exists, so it is
    /// safe to call on every start.
    ///
    /// - Returns: whether anything was seeded.
    @discardableResult
    public func seedDemo() async throws -> Bool {
        try await pool.write { db in
            let rooms = try Int.fetchOne(db, sql: "SELECT count(*) FROM room") ?? 0
            guard rooms == 0 else { return false }
            try Self.seedDemo(db)
            return true
        }
    }

    private static func seedDemo(_ db: Database) throws {
        let projectID = defaultProjectID
        try db.execute(sql: "UPDATE project SET name = 'Demo project', extra = ? WHERE id = ?",
                       arguments: [#"{"settings":{"region":"eu-west"}}"#, projectID])
        for (index, person) in DemoPeople.all.enumerated() {
            try db.execute(
                sql: "INSERT OR IGNORE INTO user (id, email, first_name, last_name) VALUES (?, ?, ?, ?)",
                arguments: [person.id, person.email, person.firstName, person.lastName]
            )
            try db.execute(
                sql: """
                    INSERT OR IGNORE INTO member (project_id, user_id, is_admin, is_developer, can_create_rooms, can_use_llm_proxy)
                    VALUES (?, ?, ?, ?, ?, ?)
                    """,
                arguments: [projectID, person.id, index % 9 == 0, index % 3 == 0, index % 2 == 0, index % 4 != 1]
            )
        }
        var grantNumber = 0
        for (roomIndex, room) in DemoPeople.rooms.enumerated() {
            try db.execute(
                sql: "INSERT INTO room (project_id, id, name, metadata, annotations) VALUES (?, ?, ?, ?, ?)",
                arguments: [projectID, room.id, room.name, room.metadata, room.annotations]
            )
            let roomPK = db.lastInsertedRowID
            // Each room gets a different slice of the team, 6–9 people.
            let size = 6 + (roomIndex * 3) % 6
            for offset in 0..<size {
                let person = DemoPeople.all[(roomIndex * 4 + offset * 2) % DemoPeople.all.count]
                let scope = roomIndex == 3 && offset == 0
                    ? DemoScopes.unrecognised
                    : DemoScopes.rotation[grantNumber % DemoScopes.rotation.count]
                try insertGrant(
                    db, roomPK: roomPK, roomName: room.name, projectID: projectID, userID: person.id,
                    permissions: StoredPermissions.text(for: DemoScopes.json(scope))
                )
                grantNumber += 1
            }
        }
        try seedSessions(db, projectID: projectID)
        try seedSandbox(db)
    }

    /// Room sessions, so "last used" has something to show: most rooms used
    /// lately, two idle for months, one never joined.
    private static func seedSessions(_ db: Database, projectID: String) throws {
        let now = Date().timeIntervalSince1970
        let daysAgo: [Double?] = [1, 3, 120, 10, 200, nil, 45, 0.5]
        for (room, days) in zip(DemoPeople.rooms, daysAgo) {
            guard let days else { continue }
            let at = now - days * 86_400
            try db.execute(
                sql: "INSERT INTO room_session (id, project_id, room_id, room_name, user_id, created_at, ends_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                arguments: [newID(), projectID, room.id, room.name, ownerProfile.id, at, at + participantTokenLifetime])
        }
    }

    /// A second, small project so the projects list has a choice.
    private static func seedSandbox(_ db: Database) throws {
        try db.execute(sql: "INSERT OR IGNORE INTO project (id, name) VALUES ('sandbox', 'Sandbox')")
        try db.execute(
            sql: "INSERT INTO room (project_id, id, name) VALUES ('sandbox', 'sandbox-playground', 'playground')"
        )
        let roomPK = db.lastInsertedRowID
        for person in DemoPeople.all.prefix(2) {
            try db.execute(sql: "INSERT OR IGNORE INTO member (project_id, user_id) VALUES ('sandbox', ?)", arguments: [person.id])
            try insertGrant(
                db, roomPK: roomPK, roomName: "playground", projectID: "sandbox", userID: person.id,
                permissions: StoredPermissions.text(for: DemoScopes.json(DemoScopes.userDefault))
            )
        }
    }
}
