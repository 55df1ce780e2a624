/// Applies `ConsoleSchema.all` to a database: every migration not yet
/// recorded, in order, inside the caller's one transaction, under a lock, so
/// replicas (or commands) starting together apply each exactly once.
///
/// The record is GRDB's own table on SQLite (`grdb_migrations`, which
/// databases written by earlier versions already have) and
/// `console_migrations` on PostgreSQL; both hold one `identifier` per name.
enum ConsoleMigrator {
    static func migrate(_ session: any SQLSession, migrations: [ConsoleMigration] = ConsoleSchema.all) throws {
        try session.lock("grantdesk.console-migrations")
        let table = session.dialect == .sqlite ? "grdb_migrations" : "console_migrations"
        try session.execute("CREATE TABLE IF NOT EXISTS \(table) (identifier TEXT NOT NULL PRIMARY KEY)")
        let applied = Set(try session.rows("SELECT identifier FROM \(table)").map { try $0.string("identifier") })
        for migration in migrations where !applied.contains(migration.name) {
            try migration.apply(session)
            try session.execute("INSERT INTO \(table) (identifier) VALUES (?)", .text(migration.name))
        }
    }
}
