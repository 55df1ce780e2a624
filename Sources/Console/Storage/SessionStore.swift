import Foundation
import CryptoPrimitives

/// Server-side sessions in the console database (shared by every replica). Cookie values are 256-bit random ids; only
/// their SHA-256 is stored, and the id never appears in URLs or logs.
public struct SessionStore: Sendable {
    let database: ConsoleDatabase
    let clock: ConsoleClock
    /// Idle and absolute lifetimes.
    public let policy: SessionPolicy
    /// `last_seen_at` is written at most this often, so reading pages does
    /// not turn into one database write per request.
    let touchInterval: TimeInterval = 30

    public init(database: ConsoleDatabase, clock: ConsoleClock = .system, policy: SessionPolicy = SessionPolicy()) {
        self.database = database
        self.clock = clock
        self.policy = policy
    }

    /// Starts a session for `userName` and returns the cookie value with it.
    /// Always a fresh id: an id the browser brought along is never promoted,
    /// so a planted cookie cannot fixate a session.
    public func create(userName: String) async throws -> (cookieValue: String, session: Session) {
        let cookieValue = Base64URL.encode(RandomBytes.generate(count: 32))
        let now = clock.now
        let session = Session(idHash: Self.hash(cookieValue), userName: userName, csrfSecret: CSRFToken.newSecret(),
                              createdAt: now, lastSeenAt: now)
        try await database.storage.write { [policy] db in
            try db.execute("""
                INSERT INTO sessions (id_hash, user_name, csrf_secret, created_at, last_seen_at)
                VALUES (?, ?, ?, ?, ?)
                """, .text(session.idHash), .text(userName), .blob(session.csrfSecret), SQLValue(now), SQLValue(now))
            // Housekeeping on sign-in keeps the table small without a timer.
            try Self.deleteExpired(db, policy: policy, now: now)
        }
        return (cookieValue, session)
    }

    /// The live session for a cookie value together with its user and any
    /// pending flash message (which is consumed). Expired sessions are
    /// deleted and yield nil. Most requests only read; the database is
    /// written only to expire, to consume a flash, or to note activity.
    public func resume(cookieValue: String) async throws -> (session: Session, user: ConsoleUser, flash: Flash?)? {
        guard cookieValue.utf8.count <= 128 else { return nil }
        let idHash = Self.hash(cookieValue)
        let now = clock.now
        guard let found = try await database.storage.read({ db in try Self.load(idHash, db) }) else { return nil }
        var session = found.session
        let alive = policy.isAlive(session, at: now)
        let touch = alive && now.timeIntervalSince(session.lastSeenAt) >= touchInterval
        guard !alive || touch || found.flash != nil else { return (session, found.user, nil) }
        try await database.storage.write { [alive, flash = found.flash] db in
            if !alive {
                try db.execute("DELETE FROM sessions WHERE id_hash = ?", .text(idHash))
                return
            }
            if flash != nil {
                try db.execute("UPDATE sessions SET flash_kind = NULL, flash_message = NULL WHERE id_hash = ?",
                               .text(idHash))
            }
            if touch {
                try db.execute("UPDATE sessions SET last_seen_at = ? WHERE id_hash = ?", SQLValue(now), .text(idHash))
            }
        }
        guard alive else { return nil }
        if touch { session.lastSeenAt = now }
        return (session, found.user, found.flash)
    }

    private static func load(_ idHash: String, _ db: any SQLSession) throws -> (session: Session, user: ConsoleUser, flash: Flash?)? {
        guard let row = try db.row("""
            SELECT s.user_name, s.csrf_secret, s.created_at, s.last_seen_at, s.flash_kind, s.flash_message,
                   u.name, u.role, u.must_change_password
            FROM sessions s JOIN users u ON u.name = s.user_name WHERE s.id_hash = ?
            """, .text(idHash))
        else { return nil }
        let session = Session(idHash: idHash, userName: try row.string("user_name"),
                              csrfSecret: row["csrf_secret"].bytes ?? [],
                              createdAt: try row.date("created_at"), lastSeenAt: try row.date("last_seen_at"))
        var flash: Flash?
        if let kind = row["flash_kind"].string, let message = row["flash_message"].string {
            flash = Flash(kind: Flash.Kind(rawValue: kind) ?? .info, message: message)
        }
        let user = try UserStore.user(row)
        return (session, user, flash)
    }

    /// Leaves a message for the next page this session loads.
    public func setFlash(_ flash: Flash, for session: Session) async throws {
        try await database.storage.write { db in
            try db.execute("UPDATE sessions SET flash_kind = ?, flash_message = ? WHERE id_hash = ?",
                           .text(flash.kind.rawValue), .text(flash.message), .text(session.idHash))
        }
    }

    /// Ends a session on the server.
    public func delete(_ session: Session) async throws {
        try await database.storage.write { db in
            try db.execute("DELETE FROM sessions WHERE id_hash = ?", .text(session.idHash))
        }
    }

    /// Number of stored sessions (live or not yet swept), for tests and health.
    public func count() async throws -> Int {
        try await database.storage.read { db in try db.scalar("SELECT COUNT(*) FROM sessions")?.int ?? 0 }
    }

    static func hash(_ cookieValue: String) -> String {
        SHA256.hex(cookieValue)
    }

    private static func deleteExpired(_ db: any SQLSession, policy: SessionPolicy, now: Date) throws {
        try db.execute("DELETE FROM sessions WHERE last_seen_at <= ? OR created_at <= ?",
                       .real(now.timeIntervalSince1970 - policy.idleTimeout),
                       .real(now.timeIntervalSince1970 - policy.absoluteTimeout))
    }
}
