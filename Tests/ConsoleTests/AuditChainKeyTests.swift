@testable import Console
import Foundation
import GRDB
import HTTPServer
import Logging
import Testing
@testable import GrantDeskTesting

/// The audit chain is keyed (HMAC-SHA256 under `audit.key`): someone who can
/// rewrite `console.sqlite` and recompute plain SHA-256 hashes is caught, and
/// chains written before the key existed are sealed once and stay verifiable.
@Suite struct AuditChainKeyTests {
    let alice: ConsoleContext = {
        var context = ConsoleContext(request: HTTPRequest(method: .post, target: "/"), requestID: "req-1",
                                     logger: Logger(label: "test"))
        context.user = ConsoleUser(name: "alice", role: .admin)
        return context
    }()

    /// Five rows: two begin/complete pairs and a refusal.
    func record(_ log: AuditLog) async throws {
        for index in 0..<2 {
            let id = try await log.begin(context: alice, action: "update grant",
                                         target: .grant(pid: "p1", room: "lobby", userID: "u\(index)"), before: "{}")
            try await log.complete(id, outcome: .succeeded, after: "{\"n\":\(index)}")
        }
        try await log.refused(context: alice, action: "POST /x", target: AuditTarget(project: "p1", resource: "/x"),
                              reason: "test")
    }

    static func tamper(_ database: ConsoleDatabase, _ sql: String, rehashFrom seq: Int64) async throws {
        try await AuditTampering.tamper(database, sql, rehashFrom: seq)
    }

    func reason(_ verification: AuditVerification) -> (Int64, String)? {
        if case .broken(let sequence, let reason) = verification { return (sequence, reason) }
        return nil
    }

    @Test func aKeyedChainVerifies() async throws {
        let log = AuditLog(database: try ConsoleDatabase.inMemory())
        try await record(log)
        #expect(try await log.verify() == .intact(rows: 5))
    }

    @Test func rewritingARowAndRecomputingThePlainHashesIsDetected() async throws {
        let database = try ConsoleDatabase.inMemory()
        let log = AuditLog(database: database)
        try await record(log)
        let row3 = try #require(try await AuditTampering.row(database, seq: 3))
        try await Self.tamper(database, "UPDATE audit_log SET actor = 'mallory' WHERE seq = 3", rehashFrom: 3)
        let (sequence, text) = try #require(reason(try await log.verify()))
        #expect(sequence == 3)
        #expect(text.contains("entry \(row3.entryID) (begin, written \(row3.time))"), "\(text)")
        #expect(text.contains("plain SHA-256 hash where the audit key's HMAC belongs"), "\(text)")
    }

    @Test func recomputingTheWholeChainWithoutTheKeyIsDetected() async throws {
        let database = try ConsoleDatabase.inMemory()
        let log = AuditLog(database: database)
        try await record(log)
        try await Self.tamper(database, "UPDATE audit_log SET outcome = 'failed: x' WHERE seq = 4", rehashFrom: 1)
        #expect(reason(try await log.verify())?.0 == 1)
    }

    @Test func deletingARowIsDetectedAndNamed() async throws {
        let database = try ConsoleDatabase.inMemory()
        let log = AuditLog(database: database)
        try await record(log)
        let row3 = try await AuditTampering.row(database, seq: 3)
        try await database.storage.write { db in
            try AuditTampering.dropAppendOnlyTriggers(db)
            try db.execute("DELETE FROM audit_log WHERE seq = 2")
        }
        let (sequence, text) = try #require(reason(try await log.verify()))
        #expect(sequence == 3)
        #expect(text.contains("entry \(row3?.entryID ?? "?")") && text.contains("does not follow the previous row"))
    }

    @Test func anotherKeyDoesNotVerify() async throws {
        let database = try ConsoleDatabase.inMemory()
        try await record(AuditLog(database: database))
        let (sequence, text) = try #require(reason(try await AuditLog(database: database, key: .generate()).verify()))
        #expect(sequence == 1 && text.contains("does not match its HMAC"))
    }

    @Test func theKeyFileIsCreatedOnceWithMode0600() throws {
        let scratch = try TemporaryDirectory("audit-key")
        defer { scratch.remove() }
        let directory = scratch.path
        let path = directory + "/audit.key"
        let (key, created) = try AuditKey.loadOrCreate(path: path)
        #expect(created)
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        #expect(attributes[.posixPermissions] as? Int == 0o600)
        #expect(attributes[.size] as? Int == 32)
        let (again, createdAgain) = try AuditKey.loadOrCreate(path: path)
        #expect(!createdAgain && again.bytes == key.bytes)
        // `openssl rand -hex 32 > key` works as well; anything else is refused with the path.
        try (String(repeating: "ab", count: 32) + "\n").write(toFile: directory + "/hex.key", atomically: true, encoding: .utf8)
        #expect(try AuditKey.loadOrCreate(path: directory + "/hex.key").key.bytes == [UInt8](repeating: 0xAB, count: 32))
        try "short".write(toFile: directory + "/bad.key", atomically: true, encoding: .utf8)
        #expect(throws: AuditKeyError.unreadable(path: directory + "/bad.key",
                                                 reason: "expected 32 bytes or 64 hex digits, found 5 bytes")) {
            try AuditKey.loadOrCreate(path: directory + "/bad.key")
        }
    }

    // MARK: - chains written before the key existed

    /// A data directory as the previous version left it: the v1 schema and
    /// three rows hashed with plain SHA-256, AUTOINCREMENT counter at `highest`.
    func unkeyedDataDirectory(highest: Int64 = 3) throws -> TemporaryDirectory {
        let scratch = try TemporaryDirectory("audit-key")
        let directory = scratch.path
        let queue = try DatabaseQueue(path: directory + "/console.sqlite")
        try queue.write { db in
            try db.execute(sql: """
                CREATE TABLE grdb_migrations (identifier TEXT NOT NULL PRIMARY KEY);
                INSERT INTO grdb_migrations VALUES ('v1-users-sessions-audit');
                CREATE TABLE users (name TEXT PRIMARY KEY COLLATE NOCASE,
                    role TEXT NOT NULL CHECK (role IN ('admin', 'reviewer')), password_hash TEXT NOT NULL,
                    created_at REAL NOT NULL);
                CREATE TABLE sessions (id_hash TEXT PRIMARY KEY,
                    user_name TEXT NOT NULL REFERENCES users(name) ON DELETE CASCADE ON UPDATE CASCADE,
                    csrf_secret BLOB NOT NULL, created_at REAL NOT NULL, last_seen_at REAL NOT NULL,
                    flash_kind TEXT, flash_message TEXT);
                CREATE INDEX sessions_by_user ON sessions(user_name);
                CREATE TABLE audit_log (seq INTEGER PRIMARY KEY AUTOINCREMENT, entry_id TEXT NOT NULL,
                    event TEXT NOT NULL CHECK (event IN ('begin', 'complete', 'refused')), time TEXT NOT NULL,
                    actor TEXT NOT NULL, role TEXT NOT NULL, request_id TEXT NOT NULL, project TEXT,
                    action TEXT NOT NULL, target TEXT NOT NULL, before TEXT, after TEXT, outcome TEXT,
                    prev_hash TEXT NOT NULL, hash TEXT NOT NULL);
                CREATE INDEX audit_by_entry ON audit_log(entry_id);
                CREATE INDEX audit_by_project ON audit_log(project, seq);
                CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
                    BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
                CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
                    BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
                """)
            var previous = AuditRow.genesisHash
            for (index, event) in ["begin", "complete", "refused"].enumerated() {
                var row = AuditRow(entryID: "old\(index)", event: event, time: "2026-01-0\(index + 1)T10:00:00.000Z",
                                   actor: "alice", role: "admin", requestID: "r\(index)", project: "p1",
                                   action: "update grant", target: "grant lobby / u", before: nil, after: nil,
                                   outcome: "succeeded", prevHash: previous)
                row.hash = row.unkeyedHash()
                try db.execute(sql: """
                    INSERT INTO audit_log (entry_id, event, time, actor, role, request_id, project, action, target,
                                           before, after, outcome, prev_hash, hash)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """, arguments: [row.entryID, row.event, row.time, row.actor, row.role, row.requestID, row.project,
                                     row.action, row.target, row.before, row.after, row.outcome, row.prevHash, row.hash])
                previous = row.hash
            }
            try db.execute(sql: "UPDATE sqlite_sequence SET seq = ? WHERE name = 'audit_log'", arguments: [highest])
        }
        return scratch
    }

    @Test func anUnkeyedChainIsSealedWhenTheKeyIsCreatedAndStaysVerifiable() async throws {
        let scratch = try unkeyedDataDirectory()
        defer { scratch.remove() }
        let directory = scratch.path
        let database = try ConsoleDatabase.open(directory: directory)
        let (log, sealed) = try await AuditLog.open(database: database, keyPath: directory + "/audit.key")
        #expect(sealed == 3)
        #expect(try await log.verify() == .intact(rows: 4))
        try await record(log)
        #expect(try await log.verify() == .intact(rows: 9))
        // The key exists now: later starts never seal again.
        let (reopened, sealedAgain) = try await AuditLog.open(database: database, keyPath: directory + "/audit.key")
        #expect(sealedAgain == 0)
        #expect(try await reopened.verify() == .intact(rows: 9))
        // The rebuilt table is still append-only.
        await #expect(throws: (any Error).self) {
            try await database.storage.write { db in try db.execute("UPDATE audit_log SET actor = 'x' WHERE seq = 1") }
        }
    }

    @Test(arguments: [
        // Edit an old row and recompute the old rows' plain hashes: the seal no longer follows.
        ("UPDATE audit_log SET actor = 'mallory' WHERE seq = 2", Int64(2), Int64(4)),
        // Remove the seal and recompute everything after it: rows must then all be keyed.
        ("DELETE FROM audit_log WHERE seq = 4", Int64(4), Int64(1)),
        // Recompute the whole chain, seal included, as plain SHA-256: the seal's HMAC is gone.
        ("UPDATE audit_log SET outcome = 'failed: x' WHERE seq = 6", Int64(1), Int64(4)),
    ])
    func tamperingWithASealedChainIsDetected(sql: String, rehashFrom: Int64, brokenAt: Int64) async throws {
        let scratch = try unkeyedDataDirectory()
        defer { scratch.remove() }
        let directory = scratch.path
        let database = try ConsoleDatabase.open(directory: directory)
        let (log, _) = try await AuditLog.open(database: database, keyPath: directory + "/audit.key")
        try await record(log)
        try await Self.tamper(database, sql, rehashFrom: rehashFrom)
        #expect(reason(try await log.verify())?.0 == brokenAt)
    }

    @Test func theMigrationKeepsTheRemovedRowsCounterAndABrokenOldChainIsNotSealed() async throws {
        // Rows 4 and 5 were removed from the old chain; sealing it would hide that.
        let scratch = try unkeyedDataDirectory(highest: 5)
        defer { scratch.remove() }
        let directory = scratch.path
        let database = try ConsoleDatabase.open(directory: directory)
        #expect(try await database.storage.read { db in try AuditRow.highWater(db) } == 5)
        let (log, sealed) = try await AuditLog.open(database: database, keyPath: directory + "/audit.key")
        #expect(sealed == 0)
        let text = try #require(reason(try await log.verify())?.1)
        #expect(text.contains("written before the key existed and never sealed"), "\(text)")
    }

    @Test func auditVerifyNamesTheFirstBadRecordAndExits1() async throws {
        let scratch = try TemporaryDirectory("audit-key")
        defer { scratch.remove() }
        let directory = scratch.path
        let cli = CommandLineTests()
        let row2: AuditRow
        do {
            let database = try ConsoleDatabase.open(directory: directory)
            try await record(try await AuditLog.open(database: database, keyPath: directory + "/audit.key").log)
            #expect(try cli.run(["audit", "verify", "--data-dir", directory]).output.contains("intact (5 rows)"))
            row2 = try #require(try await AuditTampering.row(database, seq: 2))
            try await Self.tamper(database, "UPDATE audit_log SET after = '{}' WHERE seq = 2", rehashFrom: 2)
        }
        let broken = try cli.run(["audit", "verify", "--data-dir", directory])
        #expect(broken.status == 1)
        #expect(broken.output.contains("BROKEN at record 2: entry \(row2.entryID) (complete, written \(row2.time))"),
                "\(broken.output)")
        #expect(broken.output.contains("plain SHA-256"))

        // --audit-key-file names the key; another key breaks at the first row.
        let other = directory + "/other.key"
        try String(repeating: "cd", count: 32).write(toFile: other, atomically: true, encoding: .utf8)
        let wrongKey = try cli.run(["audit", "verify", "--data-dir", directory, "--audit-key-file", other])
        #expect(wrongKey.status == 1 && wrongKey.output.contains("BROKEN at record 1"), "\(wrongKey.output)")
        #expect(wrongKey.output.contains("does not match its HMAC"))
    }
}
