import Foundation

/// Where the console keeps its state, behind `storage`: SQLite
/// (`console.sqlite` in the data directory, the embedded default; WAL mode,
/// so readers never wait for the writer and an acknowledged write survives
/// `kill -9`), or PostgreSQL (`--database-url`), which several replicas share.
public struct ConsoleDatabase: Sendable {
    /// The database behind the storage protocol every store uses.
    public let storage: any ConsoleStorage

    /// Opens (creating if needed) `console.sqlite` in `directory` and migrates it.
    public static func open(directory: String) throws -> ConsoleDatabase {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let path = (directory as NSString).appendingPathComponent("console.sqlite")
        // Two processes starting at once on a new data directory would both
        // find no tables (a deferred transaction reads before it writes); an
        // exclusive lock on a side file serialises opening.
        let lock = try FileLock(path: path + ".lock")
        defer { lock.unlock() }
        return ConsoleDatabase(storage: try SQLiteConsoleStorage.migrated(path: path))
    }

    /// A private in-memory SQLite database, for tests.
    public static func inMemory() throws -> ConsoleDatabase {
        ConsoleDatabase(storage: try SQLiteConsoleStorage.migrated(path: nil))
    }

    /// Connects to PostgreSQL at `url` (`postgres://user:password@host:port/db`)
    /// and migrates it, under an advisory lock, so replicas starting together
    /// apply each migration once. Errors never include the URL's password.
    public static func open(url: String) async throws -> ConsoleDatabase {
        let storage = try await PostgresConsoleStorage(url: url)
        try await storage.write { session in try ConsoleMigrator.migrate(session) }
        return ConsoleDatabase(storage: storage)
    }

    /// `url` fit for a log line: the password (in the authority or a
    /// `password=` parameter) replaced by `***`.
    public static func redacted(url: String) -> String {
        guard var components = URLComponents(string: url) else { return "(unparseable database URL)" }
        if components.password != nil { components.password = "***" }
        components.queryItems = components.queryItems?.map { item in
            item.name.lowercased() == "password" ? URLQueryItem(name: item.name, value: "***") : item
        }
        return components.string ?? "(unparseable database URL)"
    }

    init(storage: any ConsoleStorage) {
        self.storage = storage
    }
}
