import ArgumentParser
import Console

/// `--database-url`, shared by every command that opens the console's state:
/// flag, then `GRANTDESK_DATABASE_URL`, else SQLite in the data directory.
struct DatabaseOption: ParsableArguments {
    @Option(name: .customLong("database-url"),
            help: "Keep console state in PostgreSQL, shared by replicas: postgres://user:password@host:port/db (default: $GRANTDESK_DATABASE_URL, else SQLite in the data directory; prefer the variable, argv is visible to every local user).")
    var databaseURL: String?

    func resolve(_ environment: [String: String]) -> String? {
        databaseURL ?? environment["GRANTDESK_DATABASE_URL"].flatMap { $0.isEmpty ? nil : $0 }
    }

    func validate() throws {
        if let databaseURL, !Self.isPostgresURL(databaseURL) {
            throw ValidationError("--database-url must be a postgres:// or postgresql:// URL.")
        }
    }

    static func isPostgresURL(_ url: String) -> Bool {
        url.hasPrefix("postgres://") || url.hasPrefix("postgresql://")
    }

    /// The console database: PostgreSQL when a URL is set, else `console.sqlite` in `directory`.
    func open(_ environment: [String: String], directory: String) async throws -> ConsoleDatabase {
        guard let url = resolve(environment) else { return try ConsoleDatabase.open(directory: directory) }
        guard Self.isPostgresURL(url) else {
            throw ValidationError("GRANTDESK_DATABASE_URL must be a postgres:// or postgresql:// URL.")
        }
        return try await ConsoleDatabase.open(url: url)
    }
}
