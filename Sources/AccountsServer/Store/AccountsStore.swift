import Foundation
public import GRDB
import GrantModel

/// The embedded accounts API's data: projects, users, members, rooms and
/// grants in one SQLite database (WAL, through a GRDB `DatabasePool`).
///
/// Durability: `synchronous = FULL`. In WAL mode `NORMAL` already survives a
/// killed process (the WAL is in the OS before a commit returns), but a
/// power cut or kernel crash may roll back the last commits; `FULL` syncs the
/// WAL on every commit, so an acknowledged write survives those too. An admin
/// tool makes few writes, so the fsync per commit costs nothing that matters.
public final class AccountsStore: Sendable {
    /// The underlying pool, for tools (bench data, integrity checks).
    public let pool: DatabasePool

    /// The project created in an empty database, so the API is usable at once.
    public static let defaultProjectID = "default"
    /// The user every bearer token acts as (`/accounts/profiles/me`).
    public static let ownerProfile = Profile(
        id: "local-admin", email: "admin@grantdesk.local", firstName: "Local", lastName: "Admin"
    )

    /// Opens (creating if needed) the database at `path` and migrates it.
    public init(path: String) throws {
        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        configuration.busyMode = .timeout(5)
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = FULL")
        }
        pool = try DatabasePool(path: path, configuration: configuration)
        try Self.migrator.migrate(pool)
        try pool.write { db in try Self.bootstrap(db) }
    }

    /// Opens `accounts.sqlite` inside `directory`, creating the directory.
    public convenience init(dataDirectory directory: String) throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try self.init(path: directory + "/accounts.sqlite")
    }

    /// Where the embedded project storage lives: `storage` beside the database.
    public var storageDirectory: String {
        URL(fileURLWithPath: pool.path).deletingLastPathComponent().appendingPathComponent("storage").path
    }

    /// `PRAGMA integrity_check`'s answer (`ok` when sound).
    public func integrityCheck() async throws -> String {
        try await pool.read { db in try String.fetchOne(db, sql: "PRAGMA integrity_check") ?? "" }
    }

    /// Ensures the default project and its owner exist.
    private static func bootstrap(_ db: Database) throws {
        let owner = ownerProfile
        try db.execute(
            sql: "INSERT OR IGNORE INTO user (id, email, first_name, last_name) VALUES (?, ?, ?, ?)",
            arguments: [owner.id, owner.email, owner.firstName, owner.lastName]
        )
        let projects = try Int.fetchOne(db, sql: "SELECT count(*) FROM project") ?? 0
        guard projects == 0 else { return }
        try db.execute(
            sql: "INSERT INTO project (id, name) VALUES (?, ?)",
            arguments: [defaultProjectID, "Default project"]
        )
        try db.execute(
            sql: "INSERT INTO member (project_id, user_id, is_admin, is_developer, can_create_rooms, can_use_llm_proxy) VALUES (?, ?, 1, 1, 1, 1)",
            arguments: [defaultProjectID, owner.id]
        )
    }

    /// A fresh opaque id for rooms and invited users.
    static func newID() -> String {
        UUID().uuidString.lowercased()
    }
}
