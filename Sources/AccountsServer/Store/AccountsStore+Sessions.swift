import CryptoPrimitives
import Foundation
import GRDB
public import GrantModel
import ParticipantTokens

/// The key that signs one project's participant tokens: what a MeshAgent
/// API key's id and secret are to the real server.
public struct ProjectKey: Sendable, Hashable {
    /// `kid` in the tokens.
    public let keyID: String
    /// The HMAC-SHA256 key, as text (its UTF-8 bytes are the key, as MeshAgent's SDK uses an API key's secret).
    public let secret: String
}

extension AccountsStore {
    /// How long a token minted by `connect` is valid.
    public static let participantTokenLifetime: Double = 3600

    /// The project's signing key, made (random id and 256-bit secret) on first use.
    public func projectKey(projectID: String) async throws -> ProjectKey {
        try await pool.write { db in try Self.projectKey(db, projectID: projectID) }
    }

    static func projectKey(_ db: Database, projectID: String) throws -> ProjectKey {
        try requireProject(db, projectID)
        if let row = try Row.fetchOne(db, sql: "SELECT key_id, secret FROM project_key WHERE project_id = ?", arguments: [projectID]) {
            return ProjectKey(keyID: row["key_id"], secret: row["secret"])
        }
        let key = ProjectKey(keyID: newID(), secret: RandomBytes.hexString(byteCount: 32))
        try db.execute(sql: "INSERT INTO project_key (project_id, key_id, secret) VALUES (?, ?, ?)",
                       arguments: [projectID, key.keyID, key.secret])
        return key
    }

    /// `POST …/rooms/{room}/connect` for `userID`: a participant token whose
    /// `api` grant is the user's room grant as MeshAgent mints it, signed with
    /// the project key and valid for an hour from `now`; the join is recorded
    /// as a room session. A user without a grant in the room is refused.
    public func connect(projectID: String, room idOrName: String, userID: String, now: Double) async throws -> RoomConnection {
        try await pool.write { db in
            let roomRow = try Self.requireRoom(db, projectID: projectID, idOrName: idOrName)
            let room = try Self.room(from: roomRow)
            let roomPK: Int64 = roomRow["room_pk"]
            guard let stored = try String.fetchOne(
                db, sql: "SELECT permissions FROM room_grant WHERE room_pk = ? AND user_id = ?", arguments: [roomPK, userID])
            else { throw AccountsStoreError.forbidden("You have no grant in this room.") }
            // Stored scopes passed the lenient check on the way in; one that no longer reads is refused, not minted as empty.
            guard let scope = try? ApiScope(json: try StoredPermissions.value(stored), mode: .lenient) else {
                throw AccountsStoreError.invalid("Your grant in this room cannot be read.")
            }
            let email = try String.fetchOne(db, sql: "SELECT email FROM user WHERE id = ?", arguments: [userID])
            let key = try Self.projectKey(db, projectID: projectID)
            let expiresAt = (now + Self.participantTokenLifetime).rounded(.down)
            let token = ParticipantToken.joining(
                room: room.name, name: email.flatMap { $0.isEmpty ? nil : $0 } ?? userID, scope: scope,
                projectID: projectID, keyID: key.keyID, expiresAt: expiresAt)
            try Self.insertSession(db, projectID: projectID, room: room, userID: userID, at: now, endsAt: expiresAt)
            return RoomConnection(
                jwt: token.signed(secret: Array(key.secret.utf8)), roomName: room.name, projectID: projectID,
                roomURL: "wss://rooms.grantdesk.local/rooms/\(room.id)")
        }
    }

    /// Records that `userID` joined `room` at `at` (seconds since 1970), as
    /// `connect` does; for seeding history.
    public func recordSession(projectID: String, room idOrName: String, userID: String, at: Double,
                              lasting: Double = AccountsStore.participantTokenLifetime) async throws {
        try await pool.write { db in
            let room = try Self.room(from: try Self.requireRoom(db, projectID: projectID, idOrName: idOrName))
            try Self.insertSession(db, projectID: projectID, room: room, userID: userID, at: at, endsAt: at + lasting)
        }
    }

    private static func insertSession(_ db: Database, projectID: String, room: Room, userID: String, at: Double, endsAt: Double) throws {
        try db.execute(
            sql: "INSERT INTO room_session (id, project_id, room_id, room_name, user_id, created_at, ends_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
            arguments: [newID(), projectID, room.id, room.name, userID, at, endsAt])
    }

    /// `GET …/sessions`: the newest `limit` sessions of the project, or of one
    /// room (`room` an id or, failing that, a name; a room that no longer
    /// exists still matches its old sessions by id). A session is active until
    /// its token expires.
    public func sessions(projectID: String, room: String?, limit: Int, now: Double) async throws -> RoomSessionList {
        try await pool.read { db in
            try Self.requireProject(db, projectID)
            var sql = "SELECT s.id, s.room_id, s.room_name, s.created_at, s.ends_at FROM room_session s WHERE s.project_id = ?"
            var arguments: StatementArguments = [projectID]
            if let room, !room.isEmpty {
                let roomID: String = try Self.findRoom(db, projectID: projectID, idOrName: room)?["room_id"] ?? room
                sql += " AND s.room_id = ?"
                _ = arguments.append(contentsOf: [roomID])
            }
            sql += " ORDER BY s.created_at DESC, s.id LIMIT ?"
            _ = arguments.append(contentsOf: [limit])
            let rows = try Row.fetchAll(db, sql: sql, arguments: arguments)
            return RoomSessionList(sessions: rows.map { row in
                let (createdAt, endsAt): (Double, Double) = (row["created_at"], row["ends_at"])
                return RoomSession(
                    id: row["id"], roomID: row["room_id"], roomName: row["room_name"],
                    createdAt: ISO8601Time.text(createdAt), isActive: createdAt <= now && now < endsAt)
            })
        }
    }
}
