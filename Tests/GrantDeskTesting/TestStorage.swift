@testable public import Console
import CryptoPrimitives
import Foundation
import Testing

/// The console storage backends: a store test takes one as its argument and
/// runs once on each, so every store is tested on SQLite and on PostgreSQL:
///
///     @Test(arguments: TestStorage.allCases)
///     func something(_ backend: TestStorage) async throws {
///         let database = try await backend.database()
///         …
///     }
///
/// PostgreSQL needs a server to create databases on, named by
/// `GRANTDESK_TEST_DATABASE_URL` (`make test` starts a throw-away cluster
/// and sets it). Without it the PostgreSQL cases are cancelled, which Swift
/// Testing reports as skipped, never passed.
public enum TestStorage: String, CaseIterable, Sendable, CustomStringConvertible {
    case sqlite
    case postgres

    /// The variable naming the test PostgreSQL server (any database on it;
    /// each test gets a new database there, left for the cluster to take away).
    public static let serverVariable = "GRANTDESK_TEST_DATABASE_URL"

    public var description: String { rawValue }

    /// A new, empty, migrated console database on this backend: in memory for
    /// SQLite, a new database on the test server for PostgreSQL.
    public func database() async throws -> ConsoleDatabase {
        switch self {
        case .sqlite: try ConsoleDatabase.inMemory()
        case .postgres: try await ConsoleDatabase.open(url: try await Self.freshPostgresURL())
        }
    }

    /// The same storage as `database()`, unmigrated (for tests of the
    /// protocol itself, which make their own tables).
    public func storage() async throws -> any ConsoleStorage {
        try await database().storage
    }

    /// The URL of a new, empty database on the test server, for tests that
    /// start processes on it (`serve --database-url`). Cancels (skips) the
    /// test when no server is configured.
    public static func freshPostgresURL() async throws -> String {
        guard let server = ProcessInfo.processInfo.environment[serverVariable], !server.isEmpty else {
            try Test.cancel("PostgreSQL case skipped: \(serverVariable) is not set (make test starts a cluster and sets it)")
        }
        guard var components = URLComponents(string: server) else {
            throw SQLStorageError("\(serverVariable) is not a URL")
        }
        let name = "grantdesk_test_" + RandomBytes.hexString(byteCount: 8)
        try await PostgresConsoleStorage.executeOutsideTransaction("CREATE DATABASE \(name)", url: server)
        components.path = "/" + name
        guard let url = components.string else { throw SQLStorageError("cannot build a database URL") }
        return url
    }
}
