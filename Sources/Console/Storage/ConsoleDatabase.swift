public import GRDB
import Foundation

/// The console's own SQLite database (`console.sqlite` in the data
/// directory): users, sessions and the audit log. WAL mode, so readers never
/// wait for the writer and an acknowledged write survives `kill -9`.
public struct ConsoleDatabase: Sendable {
    /// The connection pool (or queue, for in-memory tests).
    public let writer: any DatabaseWriter
    /// The same database behind the storage protocol every store uses.
    public let storage: any ConsoleStorage

    /// Opens (creating if needed) `console.sqlite` in `directory` and migrates it.
    public static func open(directory: String) throws -> ConsoleDatabase {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        configuration.busyMode = .timeout(5)
        // FULL: an acknowledged audit record or password change survives
        // power loss, not only a killed process. Writes here are rare.
        configuration.prepareDatabase { db in try db.execute(sql: "PRAGMA synchronous = FULL") }
        let path = (directory as NSString).appendingPathComponent("console.sqlite")
        // GRDB's migrator reads which migrations ran before it opens its
        // transaction, so two processes starting at once on a new data
        // directory would both create the tables and the second would fail.
        // An exclusive lock on a side file serialises opening.
        let lock = try FileLock(path: path + ".lock")
        defer { lock.unlock() }
        let pool = try DatabasePool(path: path, configuration: configuration)
        return try ConsoleDatabase(writer: pool)
    }

    /// A private in-memory database, for tests.
    public static func inMemory() throws -> ConsoleDatabase {
        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        return try ConsoleDatabase(writer: DatabaseQueue(configuration: configuration))
    }

    private init(writer: any DatabaseWriter) throws {
        self.writer = writer
        self.storage = SQLiteConsoleStorage(writer: writer)
        try Self.migrator.migrate(writer)
    }

    private static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-users-sessions-audit") { db in
            try db.execute(sql: """
                CREATE TABLE users (
                    name TEXT PRIMARY KEY COLLATE NOCASE,
                    role TEXT NOT NULL CHECK (role IN ('admin', 'reviewer')),
                    password_hash TEXT NOT NULL,
                    created_at REAL NOT NULL
                );
                CREATE TABLE sessions (
                    id_hash TEXT PRIMARY KEY,
                    user_name TEXT NOT NULL REFERENCES users(name) ON DELETE CASCADE ON UPDATE CASCADE,
                    csrf_secret BLOB NOT NULL,
                    created_at REAL NOT NULL,
                    last_seen_at REAL NOT NULL,
                    flash_kind TEXT,
                    flash_message TEXT
                );
                CREATE INDEX sessions_by_user ON sessions(user_name);
                CREATE TABLE audit_log (
                    seq INTEGER PRIMARY KEY AUTOINCREMENT,
                    entry_id TEXT NOT NULL,
                    event TEXT NOT NULL CHECK (event IN ('begin', 'complete', 'refused')),
                    time TEXT NOT NULL,
                    actor TEXT NOT NULL,
                    role TEXT NOT NULL,
                    request_id TEXT NOT NULL,
                    project TEXT,
                    action TEXT NOT NULL,
                    target TEXT NOT NULL,
                    before TEXT,
                    after TEXT,
                    outcome TEXT,
                    prev_hash TEXT NOT NULL,
                    hash TEXT NOT NULL
                );
                CREATE INDEX audit_by_entry ON audit_log(entry_id);
                CREATE INDEX audit_by_project ON audit_log(project, seq);
                CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
                    BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
                CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
                    BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
                """)
        }
        migrator.registerMigration("v2-users-must-change-password") { db in
            try db.execute(sql: "ALTER TABLE users ADD COLUMN must_change_password BOOLEAN NOT NULL DEFAULT 0")
        }
        migrator.registerMigration("v3-audit-seal-event") { db in
            // The audit key's seal row needs a new `event` value, and SQLite
            // cannot change a CHECK constraint in place: rebuild the table,
            // keeping every row as it is and the AUTOINCREMENT high-water mark
            // that `AuditLog.verify` uses to notice removed tail rows.
            let highest = try Int64.fetchOne(db, sql: "SELECT seq FROM sqlite_sequence WHERE name = 'audit_log'")
            try db.execute(sql: """
                CREATE TABLE audit_log_v2 (
                    seq INTEGER PRIMARY KEY AUTOINCREMENT,
                    entry_id TEXT NOT NULL,
                    event TEXT NOT NULL CHECK (event IN ('begin', 'complete', 'refused', 'seal')),
                    time TEXT NOT NULL,
                    actor TEXT NOT NULL,
                    role TEXT NOT NULL,
                    request_id TEXT NOT NULL,
                    project TEXT,
                    action TEXT NOT NULL,
                    target TEXT NOT NULL,
                    before TEXT,
                    after TEXT,
                    outcome TEXT,
                    prev_hash TEXT NOT NULL,
                    hash TEXT NOT NULL
                );
                INSERT INTO audit_log_v2 SELECT seq, entry_id, event, time, actor, role, request_id, project, action,
                    target, before, after, outcome, prev_hash, hash FROM audit_log ORDER BY seq;
                DROP TABLE audit_log;
                ALTER TABLE audit_log_v2 RENAME TO audit_log;
                DELETE FROM sqlite_sequence WHERE name = 'audit_log_v2';
                CREATE INDEX audit_by_entry ON audit_log(entry_id);
                CREATE INDEX audit_by_project ON audit_log(project, seq);
                CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
                    BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
                CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
                    BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
                """)
            if let highest {
                try db.execute(sql: "DELETE FROM sqlite_sequence WHERE name = 'audit_log'")
                try db.execute(sql: "INSERT INTO sqlite_sequence (name, seq) VALUES ('audit_log', ?)", arguments: [highest])
            }
        }
        for migration in ConsoleSchema.migrations {
            migrator.registerMigration(migration.name) { db in try migration.apply(GRDBSession(db: db)) }
        }
        return migrator
    }
}
