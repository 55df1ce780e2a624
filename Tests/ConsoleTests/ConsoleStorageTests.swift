import Foundation
import Testing
@testable import Console
@testable import GrantDeskTesting

/// The storage protocol's contract, as every console store relies on it, on
/// both backends.
@Suite struct ConsoleStorageTests {
    private struct Boom: Error {}

    @Test(arguments: TestStorage.allCases)
    func valuesRoundTripThroughEveryType(_ backend: TestStorage) async throws {
        let storage = try await backend.storage()
        let row = try await storage.write { session in
            let blob = session.dialect == .sqlite ? "BLOB" : "BYTEA"
            try session.execute("CREATE TABLE t (i BIGINT, r DOUBLE PRECISION, s TEXT, b \(blob), n TEXT)")
            try session.execute("INSERT INTO t VALUES (?, ?, ?, ?, ?)",
                                .integer(-7), .real(1.5), .text("zoë\u{2028}"), .blob([0, 255, 10]), .null)
            return try session.row("SELECT i, r, s, b, n FROM t")
        }
        let found = try #require(row)
        #expect(found["i"] == .integer(-7))
        #expect(found["r"] == .real(1.5))
        #expect(try found.string("s") == "zoë\u{2028}")
        #expect(found["b"] == .blob([0, 255, 10]))
        #expect(found["n"] == .null)
        #expect(throws: SQLStorageError.self) { try found.string("n") }
    }

    @Test(arguments: TestStorage.allCases)
    func largeAndAwkwardNumbersRoundTrip(_ backend: TestStorage) async throws {
        let storage = try await backend.storage()
        let values: [SQLValue] = [.integer(.max), .integer(.min), .real(1e-300), .real(-0.1), .real(1_790_000_000.123456)]
        let back = try await storage.write { session in
            try session.execute("CREATE TABLE n (k BIGINT, v DOUBLE PRECISION, w BIGINT)")
            for (index, value) in values.enumerated() {
                if case .integer = value {
                    try session.execute("INSERT INTO n (k, w) VALUES (?, ?)", .integer(Int64(index)), value)
                } else {
                    try session.execute("INSERT INTO n (k, v) VALUES (?, ?)", .integer(Int64(index)), value)
                }
            }
            return try session.rows("SELECT w, v FROM n ORDER BY k").map { $0["w"] == .null ? $0["v"] : $0["w"] }
        }
        #expect(back.map(\.double) == values.map(\.double))
        #expect(back.prefix(2).map(\.int64) == [.max, .min])
    }

    /// A `?` inside a string literal, a quoted name or a comment is not a placeholder.
    @Test(arguments: TestStorage.allCases)
    func placeholdersAreOnlyOutsideQuotes(_ backend: TestStorage) async throws {
        let storage = try await backend.storage()
        let row = try await storage.read { session in
            try session.row("""
                SELECT 'a?b' AS q, ? AS v, 'it''s?' AS e, "x" AS n -- is this a placeholder?
                FROM (SELECT 1 AS "x") AS s WHERE 1 = ? /* or this? */
                """, .text("bound"), .integer(1))
        }
        let found = try #require(row)
        #expect(try found.string("q") == "a?b")
        #expect(try found.string("v") == "bound")
        #expect(try found.string("e") == "it's?")
        #expect(found["n"].int == 1)
    }

    @Test(arguments: TestStorage.allCases)
    func aThrowingWriteLeavesNothingBehind(_ backend: TestStorage) async throws {
        let storage = try await backend.storage()
        try await storage.write { session in try session.execute("CREATE TABLE t (k TEXT PRIMARY KEY)") }
        await #expect(throws: Boom.self) {
            try await storage.write { session in
                try session.execute("INSERT INTO t VALUES (?)", .text("a"))
                throw Boom()
            }
        }
        let count = try await storage.read { session in try session.scalar("SELECT COUNT(*) FROM t")?.int }
        #expect(count == 0)
    }

    /// A failed statement caught inside the body never leaves a write that
    /// looks committed but was rolled back.
    @Test(arguments: TestStorage.allCases)
    func aCaughtFailureInsideAWriteIsNotCommittedSilently(_ backend: TestStorage) async throws {
        let storage = try await backend.storage()
        try await storage.write { session in try session.execute("CREATE TABLE t (k TEXT PRIMARY KEY)") }
        var committed = true
        do {
            try await storage.write { session in
                try session.execute("INSERT INTO t VALUES (?)", .text("a"))
                _ = try? session.execute("INSERT INTO t VALUES (?)", .text("a"))
                try session.execute("INSERT INTO t VALUES (?)", .text("b"))
            }
        } catch {
            committed = false
        }
        // SQLite undoes only the failed statement and carries on; PostgreSQL
        // aborts the transaction, and the write must say so.
        #expect(committed == (backend == .sqlite))
        let count = try await storage.read { session in try session.scalar("SELECT COUNT(*) FROM t")?.int ?? 0 }
        #expect(backend == .sqlite ? count == 2 : count == 0)
    }

    @Test(arguments: TestStorage.allCases)
    func aDuplicateKeyIsReportedAsAUniqueViolation(_ backend: TestStorage) async throws {
        let storage = try await backend.storage()
        try await storage.write { session in
            try session.execute("CREATE TABLE t (k TEXT NOT NULL PRIMARY KEY)")
            try session.execute("INSERT INTO t VALUES (?)", .text("a"))
        }
        do {
            try await storage.write { session in try session.execute("INSERT INTO t VALUES (?)", .text("a")) }
            Issue.record("a duplicate key was accepted")
        } catch let error as SQLStorageError {
            #expect(error.isUniqueViolation)
        }
        do {
            try await storage.write { session in try session.execute("INSERT INTO t VALUES (NULL)") }
            Issue.record("a NULL in a NOT NULL column was accepted")
        } catch let error as SQLStorageError {
            #expect(!error.isUniqueViolation)
        }
    }

    @Test(arguments: TestStorage.allCases)
    func executeCountsChangedRows(_ backend: TestStorage) async throws {
        let storage = try await backend.storage()
        let changed = try await storage.write { session in
            try session.execute("CREATE TABLE t (k TEXT PRIMARY KEY, v BIGINT)")
            try session.execute("INSERT INTO t VALUES ('a', 1), ('b', 1), ('c', 2)")
            return try session.execute("UPDATE t SET v = ? WHERE v = ?", .integer(3), .integer(1))
        }
        #expect(changed == 2)
    }

    @Test(arguments: TestStorage.allCases)
    func aReadCannotWrite(_ backend: TestStorage) async throws {
        let storage = try await backend.storage()
        try await storage.write { session in try session.execute("CREATE TABLE t (k TEXT PRIMARY KEY)") }
        await #expect(throws: (any Error).self) {
            try await storage.read { session in try session.execute("INSERT INTO t VALUES ('a')") }
        }
    }

    /// Read-modify-write under `lock` from two separate storages (separate
    /// connection pools, as two replicas have) loses no update.
    @Test(arguments: TestStorage.allCases)
    func theLockSerialisesReadModifyWriteAcrossStorages(_ backend: TestStorage) async throws {
        let (first, second): (any ConsoleStorage, any ConsoleStorage)
        switch backend {
        case .sqlite:
            let database = try ConsoleDatabase.inMemory()
            (first, second) = (database.storage, database.storage)
        case .postgres:
            let url = try await TestStorage.freshPostgresURL()
            (first, second) = (try await ConsoleDatabase.open(url: url).storage, try await ConsoleDatabase.open(url: url).storage)
        }
        try await first.write { session in
            try session.execute("CREATE TABLE counter (id INTEGER PRIMARY KEY, n BIGINT NOT NULL)")
            try session.execute("INSERT INTO counter VALUES (1, 0)")
        }
        let rounds = 40
        try await withThrowingTaskGroup(of: Void.self) { group in
            for storage in [first, second] {
                for _ in 0..<rounds {
                    group.addTask {
                        try await storage.write { session in
                            try session.lock("counter")
                            let n = try session.scalar("SELECT n FROM counter WHERE id = 1")?.int64 ?? 0
                            try session.execute("UPDATE counter SET n = ? WHERE id = 1", .integer(n + 1))
                        }
                    }
                }
            }
            try await group.waitForAll()
        }
        let total = try await first.read { session in try session.scalar("SELECT n FROM counter WHERE id = 1")?.int }
        #expect(total == 2 * rounds)
    }

    /// Databases opened at once (replicas starting together) migrate once:
    /// every migration recorded exactly once and nobody fails.
    @Test func replicasStartingTogetherMigrateOnce() async throws {
        let url = try await TestStorage.freshPostgresURL()
        let databases = try await withThrowingTaskGroup(of: ConsoleDatabase.self) { group in
            for _ in 0..<4 { group.addTask { try await ConsoleDatabase.open(url: url) } }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        let recorded = try await databases[0].storage.read { session in
            try session.rows("SELECT identifier FROM console_migrations ORDER BY identifier").map { try $0.string("identifier") }
        }
        #expect(recorded == ConsoleSchema.all.map(\.name).sorted())
    }

    @Test func aWrongPasswordNamesTheProblemWithoutThePassword() async throws {
        _ = try await TestStorage.freshPostgresURL()
        let server = try #require(ProcessInfo.processInfo.environment[TestStorage.serverVariable])
        var components = try #require(URLComponents(string: server))
        components.host = "127.0.0.1"
        components.port = 1
        components.user = "nobody"
        components.password = "s3cret-pw"
        do {
            _ = try await ConsoleDatabase.open(url: try #require(components.string))
            Issue.record("connected to port 1")
        } catch {
            #expect("\(error)".contains("cannot connect"))
            #expect(!"\(error)".contains("s3cret-pw"))
        }
    }

    @Test func placeholderTranslationNumbersInOrder() {
        #expect(PostgresConnection.numberedPlaceholders("a = ? AND b = '?' AND c = ?") == "a = $1 AND b = '?' AND c = $2")
        #expect(PostgresConnection.numberedPlaceholders("x -- ?\n= ?") == "x -- ?\n= $1")
        #expect(PostgresConnection.numberedPlaceholders("\"we?rd\" = ? /* ? */") == "\"we?rd\" = $1 /* ? */")
    }
}
