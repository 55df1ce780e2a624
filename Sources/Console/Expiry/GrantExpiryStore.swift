public import Foundation
public import GrantModel

/// Grant expiries in the console database, shared by every replica. The
/// sweeper claims a due row with a conditional UPDATE, so of several
/// replicas exactly one revokes each grant.
public struct GrantExpiryStore: Sendable {
    let storage: any ConsoleStorage
    let clock: ConsoleClock
    /// A claim older than this belongs to a sweeper that died mid-revoke; another may take it.
    static let claimTimeout: TimeInterval = 300

    public init(storage: any ConsoleStorage, clock: ConsoleClock) {
        self.storage = storage
        self.clock = clock
    }

    /// Sets (or replaces) the expiry of the grant that now has `scope`.
    public func set(project: String, room: String, roomID: String, userID: String, expiresAt: Date,
                    scope: JSONValue, createdBy: String) async throws {
        let now = clock.now
        _ = try await storage.write { session in
            try session.execute("""
                INSERT INTO grant_expiries (project, room_id, user_id, room, expires_at, scope, scope_hash, created_by,
                    created_at, state, claimed_at, outcome)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'active', NULL, NULL)
                ON CONFLICT (project, room_id, user_id) DO UPDATE SET room = excluded.room,
                    expires_at = excluded.expires_at, scope = excluded.scope, scope_hash = excluded.scope_hash,
                    created_by = excluded.created_by, created_at = excluded.created_at, state = 'active',
                    claimed_at = NULL, outcome = NULL
                """, [.text(project), .text(roomID), .text(userID), .text(room), SQLValue(expiresAt),
                      .text(EditorCanonical.text(scope)), .text(GrantExpiry.hash(scope)), .text(createdBy), SQLValue(now)])
        }
    }

    /// Forgets the grant's expiry (it was deleted, or given again without one).
    public func clear(project: String, roomID: String, userID: String) async throws {
        _ = try await storage.write { session in
            try session.execute("DELETE FROM grant_expiries WHERE project = ? AND room_id = ? AND user_id = ? AND state <> 'claimed'",
                                [.text(project), .text(roomID), .text(userID)])
        }
    }

    /// The grant's pending expiry, if any.
    public func expiry(project: String, roomID: String, userID: String) async throws -> GrantExpiry? {
        try await storage.read { session in
            try session.row("SELECT * FROM grant_expiries WHERE project = ? AND room_id = ? AND user_id = ? AND state IN ('active', 'claimed')",
                            .text(project), .text(roomID), .text(userID)).map(GrantExpiry.init(row:))
        }
    }

    /// The project's pending expiries, soonest first; `within` limits them to that many seconds from now.
    public func pending(project: String, within: TimeInterval? = nil) async throws -> [GrantExpiry] {
        let until = within.map { clock.now.addingTimeInterval($0) }
        return try await storage.read { session in
            var sql = "SELECT * FROM grant_expiries WHERE project = ? AND state IN ('active', 'claimed')"
            var arguments: [SQLValue] = [.text(project)]
            if let until {
                sql += " AND expires_at <= ?"
                arguments.append(SQLValue(until))
            }
            return try session.rows(sql + " ORDER BY expires_at, room, user_id", arguments).map(GrantExpiry.init(row:))
        }
    }

    /// Expiries the sweeper ended (revoked or kept), newest first.
    public func ended(project: String, limit: Int = 50) async throws -> [GrantExpiry] {
        try await storage.read { session in
            try session.rows("SELECT * FROM grant_expiries WHERE project = ? AND state IN ('revoked', 'kept') ORDER BY claimed_at DESC LIMIT ?",
                             [.text(project), SQLValue(limit)]).map(GrantExpiry.init(row:))
        }
    }

    /// Claims every due expiry for this sweeper: each row moves from
    /// `active` to `claimed` in a conditional UPDATE, so a row another
    /// replica claimed first is not returned here.
    func claimDue() async throws -> [GrantExpiry] {
        let now = clock.now
        let abandoned = now.addingTimeInterval(-Self.claimTimeout)
        return try await storage.write { session in
            try session.lock("grant-expiries")
            let due = try session.rows("""
                SELECT * FROM grant_expiries
                WHERE (state = 'active' AND expires_at <= ?) OR (state = 'claimed' AND claimed_at < ?)
                ORDER BY expires_at
                """, [SQLValue(now), SQLValue(abandoned)]).map(GrantExpiry.init(row:))
            var claimed: [GrantExpiry] = []
            for expiry in due {
                let changed = try session.execute("""
                    UPDATE grant_expiries SET state = 'claimed', claimed_at = ?
                    WHERE project = ? AND room_id = ? AND user_id = ? AND state = ? AND expires_at = ?
                    """, [SQLValue(now), .text(expiry.project), .text(expiry.roomID), .text(expiry.userID),
                          .text(expiry.state), SQLValue(expiry.expiresAt)])
                if changed == 1 { claimed.append(expiry) }
            }
            return claimed
        }
    }

    /// Ends a claimed expiry: `revoked`, `kept` (with why), or back to `active` to try again.
    func resolve(_ expiry: GrantExpiry, state: String, outcome: String) async throws {
        let now = clock.now
        _ = try await storage.write { session in
            try session.execute("""
                UPDATE grant_expiries SET state = ?, outcome = ?, claimed_at = ?
                WHERE project = ? AND room_id = ? AND user_id = ? AND state = 'claimed'
                """, [.text(state), .text(outcome), SQLValue(now), .text(expiry.project), .text(expiry.roomID),
                      .text(expiry.userID)])
        }
    }
}
