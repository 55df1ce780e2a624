import AccountsAPI
import CryptoPrimitives
import Foundation
import GrantModel

/// Takes, lists and reads snapshots of a project's grants (tables in
/// `SnapshotTables`). Taking reads the project a page at a time and writes
/// each page as it arrives, so memory stays bounded and progress is visible
/// to other requests (and replicas) while it runs.
struct SnapshotStore: Sendable {
    let storage: any ConsoleStorage
    let clock: ConsoleClock

    /// Grants read per upstream call (the API's largest page).
    static let pageSize = 500
    /// Grants per `INSERT` statement (four values each, far below SQLite's
    /// and PostgreSQL's parameter limits).
    static let rowsPerStatement = 200

    /// The SHA-256 of a scope's JSON text, the key it is stored under.
    static func hash(_ permissions: JSONValue) -> (text: String, hash: String) {
        let text = permissions.serialized()
        return (text, Hex.encode(SHA256.hash(text)))
    }

    /// Records a snapshot as begun (status `taking`); returns its id.
    func begin(project: String, by actor: String, reason: String) async throws -> Int64 {
        let now = clock.now
        return try await storage.write { session in
            let row = try session.row("""
                INSERT INTO snapshots (project, taken_at, taken_by, reason, status) VALUES (?, ?, ?, ?, 'taking')
                RETURNING id
                """, .text(project), SQLValue(now), .text(actor), .text(reason))
            guard let id = row?["id"].int64 else { throw SQLStorageError("the new snapshot has no id") }
            return id
        }
    }

    /// Reads every grant of the snapshot's project from `client` and stores
    /// those `keep` accepts. On an upstream failure the snapshot is marked
    /// failed (what was read stays) and the error is rethrown.
    @discardableResult
    func fill(_ id: Int64, project: String, client: AccountsClient,
              keep: @escaping @Sendable (RoomGrant) -> Bool = { _ in true }) async throws -> SnapshotInfo {
        var writer = PageWriter(snapshotID: id)
        var offset = 0
        do {
            while true {
                let page = try await client.grants(projectID: project, limit: Self.pageSize, offset: offset, orderBy: .roomName)
                let kept = page.grants.filter(keep)
                let expected = page.total
                writer = try await storage.write { [writer] session in
                    var writer = writer
                    try writer.write(kept, expected: expected, in: session)
                    return writer
                }
                offset += page.grants.count
                if page.grants.isEmpty || offset >= page.total { break }
            }
        } catch let error as UpstreamError {
            try await finish(id, failure: "Reading the project's grants failed after \(offset): \(error.summary)")
            throw error
        }
        try await finish(id, failure: nil)
        guard let info = try await info(id) else { throw SQLStorageError("snapshot \(id) vanished") }
        return info
    }

    private func finish(_ id: Int64, failure: String?) async throws {
        let now = clock.now
        _ = try await storage.write { session in
            try session.execute("UPDATE snapshots SET status = ?, failure = ?, finished_at = ? WHERE id = ?",
                                .text(failure == nil ? "complete" : "failed"), SQLValue(failure), SQLValue(now), .integer(id))
        }
    }

    /// Marks a snapshot failed whose taking ended without `fill` finishing it.
    func abandon(_ id: Int64, reason: String) async throws {
        try await finish(id, failure: reason)
    }

    // MARK: - Reading

    func info(_ id: Int64) async throws -> SnapshotInfo? {
        try await storage.read { session in
            try session.row("SELECT * FROM snapshots WHERE id = ?", .integer(id)).map(SnapshotInfo.init(row:))
        }
    }

    /// The project's snapshots, newest first.
    func list(project: String, limit: Int = 200) async throws -> [SnapshotInfo] {
        try await storage.read { session in
            try session.rows("SELECT * FROM snapshots WHERE project = ? ORDER BY taken_at DESC, id DESC LIMIT ?",
                             .text(project), .integer(Int64(limit))).map(SnapshotInfo.init(row:))
        }
    }

    /// One page of a snapshot's grants in room-name order, optionally only
    /// rooms and users containing `room`/`user`.
    func grants(_ id: Int64, room: String = "", user: String = "", limit: Int, offset: Int) async throws
        -> (grants: [(roomID: String, roomName: String, userID: String, permissions: JSONValue)], total: Int) {
        try await storage.read { session in
            let filter = "g.snapshot_id = ? AND LOWER(r.room_name) LIKE ? ESCAPE '\\' AND LOWER(g.user_id) LIKE ? ESCAPE '\\'"
            let arguments: [SQLValue] = [.integer(id), .text(Self.like(room)), .text(Self.like(user))]
            let join = "FROM snapshot_grants g JOIN snapshot_rooms r ON r.snapshot_id = g.snapshot_id AND r.room_no = g.room_no"
            let total = try session.rows("SELECT COUNT(*) AS n \(join) WHERE \(filter)", arguments).first?["n"].int ?? 0
            let rows = try session.rows("""
                SELECT r.room_id, r.room_name, g.user_id, s.json \(join)
                JOIN snapshot_scopes s ON s.id = g.scope_id WHERE \(filter)
                ORDER BY r.room_name, g.user_id LIMIT ? OFFSET ?
                """, arguments + [.integer(Int64(limit)), .integer(Int64(offset))])
            let grants = try rows.map { row in
                (roomID: try row.string("room_id"), roomName: try row.string("room_name"), userID: try row.string("user_id"),
                 permissions: (try? JSONValue(parsing: try row.string("json"))) ?? .object(JSONObject()))
            }
            return (grants, total)
        }
    }

    /// A `LIKE` pattern matching text that contains `text`, case-insensitively
    /// (`%`, `_` and `\` in it are matched literally).
    static func like(_ text: String) -> String {
        var escaped = ""
        for character in text.lowercased() {
            if character == "%" || character == "_" || character == "\\" { escaped.append("\\") }
            escaped.append(character)
        }
        return "%\(escaped)%"
    }

    /// Every grant of a snapshot, each distinct scope parsed once.
    func grantSet(_ id: Int64) async throws -> GrantSet {
        try await storage.read { session in
            var set = GrantSet()
            var hashByID: [Int64: String] = [:]
            for row in try session.rows("""
                SELECT s.id, s.hash, s.json FROM snapshot_scopes s
                WHERE s.id IN (SELECT DISTINCT scope_id FROM snapshot_grants WHERE snapshot_id = ?)
                """, .integer(id)) {
                let hash = try row.string("hash")
                hashByID[try row.int64("id")] = hash
                set.scopes[hash] = JSONValueBox((try? JSONValue(parsing: try row.string("json"))) ?? .object(JSONObject()))
            }
            for row in try session.rows("""
                SELECT r.room_id, r.room_name, g.user_id, g.scope_id FROM snapshot_grants g
                JOIN snapshot_rooms r ON r.snapshot_id = g.snapshot_id AND r.room_no = g.room_no
                WHERE g.snapshot_id = ?
                """, .integer(id)) {
                let key = GrantKey(roomID: try row.string("room_id"), userID: try row.string("user_id"))
                set.entries[key] = GrantSet.Entry(roomName: try row.string("room_name"),
                                                  scopeHash: hashByID[try row.int64("scope_id")] ?? "")
            }
            return set
        }
    }

    /// Every grant of the live project, read the way `fill` reads it.
    static func liveGrantSet(client: AccountsClient, project: String) async throws(UpstreamError) -> GrantSet {
        var set = GrantSet()
        var offset = 0
        while true {
            let page = try await client.grants(projectID: project, limit: pageSize, offset: offset, orderBy: .roomName)
            for grant in page.grants {
                let (_, hash) = hash(grant.permissions)
                if set.scopes[hash] == nil { set.scopes[hash] = JSONValueBox(grant.permissions) }
                set.entries[GrantKey(roomID: grant.room.id, userID: grant.userID)] =
                    GrantSet.Entry(roomName: grant.room.name, scopeHash: hash)
            }
            offset += page.grants.count
            if page.grants.isEmpty || offset >= page.total { break }
        }
        return set
    }
}

/// The state of one snapshot being written: which scopes and rooms it has
/// stored already, so each is written (and counted) once.
private struct PageWriter: Sendable {
    let snapshotID: Int64
    var scopeIDs: [String: Int64] = [:]
    var roomNumbers: [String: Int64] = [:]

    init(snapshotID: Int64) { self.snapshotID = snapshotID }

    mutating func write(_ grants: [RoomGrant], expected: Int, in session: any SQLSession) throws {
        var bytes = 0
        var rows: [SQLValue] = []
        for grant in grants {
            let scopeID = try scope(grant.permissions, bytes: &bytes, in: session)
            let roomNo = try room(grant.room, bytes: &bytes, in: session)
            rows += [.integer(snapshotID), .integer(roomNo), .text(grant.userID), .integer(scopeID)]
        }
        var inserted = 0
        for start in stride(from: 0, to: rows.count, by: SnapshotStore.rowsPerStatement * 4) {
            let chunk = Array(rows[start..<min(rows.count, start + SnapshotStore.rowsPerStatement * 4)])
            let placeholders = Array(repeating: "(?, ?, ?, ?)", count: chunk.count / 4).joined(separator: ", ")
            // A grant listed twice (the list shifted while being paged) is stored once.
            inserted += try session.execute("""
                INSERT INTO snapshot_grants (snapshot_id, room_no, user_id, scope_id) VALUES \(placeholders)
                ON CONFLICT (snapshot_id, room_no, user_id) DO NOTHING
                """, chunk)
            for index in stride(from: 2, to: chunk.count, by: 4) { bytes += (chunk[index].string?.utf8.count ?? 0) + 24 }
        }
        try session.execute("""
            UPDATE snapshots SET grant_count = grant_count + ?, expected_count = ?, stored_bytes = stored_bytes + ?
            WHERE id = ?
            """, .integer(Int64(inserted)), .integer(Int64(expected)), .integer(Int64(bytes)), .integer(snapshotID))
    }

    private mutating func scope(_ permissions: JSONValue, bytes: inout Int, in session: any SQLSession) throws -> Int64 {
        let (text, hash) = SnapshotStore.hash(permissions)
        if let known = scopeIDs[hash] { return known }
        let added = try session.execute("INSERT INTO snapshot_scopes (hash, json) VALUES (?, ?) ON CONFLICT (hash) DO NOTHING",
                                        .text(hash), .text(text))
        if added > 0 { bytes += text.utf8.count + hash.utf8.count + 8 }
        guard let id = try session.scalar("SELECT id FROM snapshot_scopes WHERE hash = ?", .text(hash))?.int64 else {
            throw SQLStorageError("a stored scope has no id")
        }
        scopeIDs[hash] = id
        return id
    }

    private mutating func room(_ room: Room, bytes: inout Int, in session: any SQLSession) throws -> Int64 {
        if let known = roomNumbers[room.id] { return known }
        let number = Int64(roomNumbers.count + 1)
        try session.execute("INSERT INTO snapshot_rooms (snapshot_id, room_no, room_id, room_name) VALUES (?, ?, ?, ?)",
                            .integer(snapshotID), .integer(number), .text(room.id), .text(room.name))
        bytes += room.id.utf8.count + room.name.utf8.count + 16
        roomNumbers[room.id] = number
        return number
    }
}

extension ConsoleServices {
    /// The console database behind the storage protocol.
    var storage: any ConsoleStorage { users.database.storage }

    var snapshotStore: SnapshotStore { SnapshotStore(storage: storage, clock: clock) }

    /// Begins a snapshot of `project` and fills it in the background (job
    /// `snapshot-ID`); returns its id at once, so the page can show progress.
    func startSnapshot(project: String, by actor: String, reason: String,
                       keep: @escaping @Sendable (RoomGrant) -> Bool = { _ in true }) async throws -> Int64 {
        let store = snapshotStore
        let id = try await store.begin(project: project, by: actor, reason: reason)
        let client = accounts
        let logger = logger
        jobs.start("snapshot-\(id)") {
            do {
                try await store.fill(id, project: project, client: client, keep: keep)
            } catch {
                logger.warning("a snapshot could not be completed", metadata: ["snapshot.id": "\(id)", "error": "\(error)"])
                if (try? await store.info(id))?.status == .taking {
                    try? await store.abandon(id, reason: "The snapshot could not be stored.")
                }
            }
        }
        return id
    }
}
