import Foundation
import Testing
@testable import Console

/// The storage protocol's contract, as every console store relies on it.
@Suite struct ConsoleStorageTests {
    private struct Boom: Error {}

    private func storage() throws -> any ConsoleStorage {
        let storage = try ConsoleDatabase.inMemory().storage
        return storage
    }

    @Test func valuesRoundTripThroughEveryType() async throws {
        let storage = try storage()
        let row = try await storage.write { session in
            try session.execute("CREATE TABLE t (i BIGINT, r DOUBLE PRECISION, s TEXT, b BLOB, n TEXT)")
            try session.execute("INSERT INTO t VALUES (?, ?, ?, ?, ?)",
                                .integer(-7), .real(1.5), .text("zoë\u{2028}"), .blob([0, 255, 10]), .null)
            return try session.row("SELECT i, r, s, b, n FROM t")
        }
        let found = try #require(row)
        #expect(try found.int64("i") == -7)
        #expect(try found.double("r") == 1.5)
        #expect(try found.string("s") == "zoë\u{2028}")
        #expect(try found.bytes("b") == [0, 255, 10])
        #expect(found["n"] == .null)
        #expect(throws: SQLStorageError.self) { try found.string("n") }
    }

    @Test func aThrowingWriteLeavesNothingBehind() async throws {
        let storage = try storage()
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

    @Test func aDuplicateKeyIsReportedAsAUniqueViolation() async throws {
        let storage = try storage()
        try await storage.write { session in
            try session.execute("CREATE TABLE t (k TEXT PRIMARY KEY)")
            try session.execute("INSERT INTO t VALUES (?)", .text("a"))
        }
        do {
            try await storage.write { session in try session.execute("INSERT INTO t VALUES (?)", .text("a")) }
            Issue.record("a duplicate key was accepted")
        } catch let error as SQLStorageError {
            #expect(error.isUniqueViolation)
        }
    }

    @Test func executeCountsChangedRows() async throws {
        let storage = try storage()
        let changed = try await storage.write { session in
            try session.execute("CREATE TABLE t (k TEXT PRIMARY KEY, v BIGINT)")
            try session.execute("INSERT INTO t VALUES ('a', 1), ('b', 1), ('c', 2)")
            return try session.execute("UPDATE t SET v = ? WHERE v = ?", .integer(3), .integer(1))
        }
        #expect(changed == 2)
    }
}
