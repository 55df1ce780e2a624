@testable import Console
import Foundation
import HTTPServer
import Logging
import Testing
@testable import GrantDeskTesting

@Suite struct AuditLogTests {
    func context(_ user: ConsoleUser) -> ConsoleContext {
        var context = ConsoleContext(request: HTTPRequest(method: .post, target: "/"), requestID: "req-1",
                                     logger: Logger(label: "test"))
        context.user = user
        return context
    }

    func filledLog(_ backend: TestStorage) async throws -> (AuditLog, ConsoleDatabase) {
        let database = try await backend.database()
        let log = AuditLog(database: database)
        let alice = context(ConsoleUser(name: "alice", role: .admin))
        for index in 0..<4 {
            let id = try await log.begin(context: alice, action: "update grant",
                                         target: .grant(pid: "p1", room: "lobby", userID: "u\(index)"),
                                         before: "{\"a\":\(index)}")
            try await log.complete(id, outcome: index == 2 ? .failed("MeshAgent answered 500") : .succeeded,
                                   after: "{\"b\":\(index)}")
        }
        try await log.refused(context: context(ConsoleUser(name: "rita", role: .reviewer)), action: "POST /x",
                              target: AuditTarget(project: "p2", resource: "/x"), reason: "reviewer")
        return (log, database)
    }

    @Test(arguments: TestStorage.allCases)
    func recordsWhoWhatWhenAndHowItEnded(_ backend: TestStorage) async throws {
        let (log, _) = try await filledLog(backend)
        #expect(try await log.verify() == .intact(rows: 9))
        let entries = try await log.entries(project: "p1")
        #expect(entries.count == 4)
        let newest = try #require(entries.first)
        #expect(newest.actor == "alice" && newest.role == "admin" && newest.requestID == "req-1")
        #expect(newest.target == "grant lobby / u3")
        #expect(newest.before == "{\"a\":3}" && newest.after == "{\"b\":3}" && newest.outcome == "succeeded")
        #expect(entries[1].outcome == "failed: MeshAgent answered 500")
        #expect(try await log.entries(project: "p2").first?.outcome == "refused: reviewer")
        #expect(try await log.entries(project: nil, limit: 2).count == 2)
    }

    @Test(arguments: TestStorage.allCases)
    func theDatabaseRefusesEditsAndDeletes(_ backend: TestStorage) async throws {
        let (log, database) = try await filledLog(backend)
        for sql in ["UPDATE audit_log SET actor = 'x'", "DELETE FROM audit_log WHERE seq = 3"]
            + (backend == .postgres ? ["TRUNCATE audit_log"] : []) {
            await #expect(throws: (any Error).self, "\(sql)") {
                try await database.storage.write { db in try db.execute(sql) }
            }
        }
        #expect(try await log.verify() == .intact(rows: 9))
    }

    /// Someone with the file can drop the triggers; the chain still tells.
    func tamper(_ database: ConsoleDatabase, _ sql: String) async throws {
        try await database.storage.write { db in
            try AuditTampering.dropAppendOnlyTriggers(db)
            try db.execute(sql)
        }
    }

    @Test(arguments: TestStorage.allCases, [
        "UPDATE audit_log SET actor = 'mallory' WHERE seq = 3",
        "UPDATE audit_log SET after = NULL WHERE seq = 4",
        "UPDATE audit_log SET outcome = 'succeeded' WHERE seq = 6",
        "DELETE FROM audit_log WHERE seq = 5",
        "DELETE FROM audit_log WHERE seq = 9",
        "DELETE FROM audit_log WHERE seq >= 7",
        "UPDATE audit_log SET hash = 'x' WHERE seq = 2",
    ])
    func verifyDetectsTampering(_ backend: TestStorage, sql: String) async throws {
        let (log, database) = try await filledLog(backend)
        try await tamper(database, sql)
        #expect(!(try await log.verify().isIntact))
    }

    @Test(arguments: TestStorage.allCases)
    func pendingChangesAreResolvedAsInterrupted(_ backend: TestStorage) async throws {
        let database = try await backend.database()
        let log = AuditLog(database: database)
        let alice = context(ConsoleUser(name: "alice", role: .admin))
        let open = try await log.begin(context: alice, action: "delete grant",
                                       target: .grant(pid: "p1", room: "r", userID: "u"), before: "{}")
        #expect(try await log.entries(project: "p1").first?.outcome == "pending")
        #expect(try await log.resolveInterrupted() == 1)
        #expect(try await log.resolveInterrupted() == 0)
        #expect(try await log.entries(project: "p1").first?.outcome == "interrupted (outcome unknown)")
        await #expect(throws: AuditLogError.alreadyCompleted(open.rawValue)) {
            try await log.complete(open, outcome: .succeeded, after: nil)
        }
        #expect(try await log.verify().isIntact)
    }

    /// Appends from many tasks on two storages at once (two replicas) make
    /// one chain: every row follows the one committed before it.
    @Test(arguments: TestStorage.allCases)
    func concurrentAppendsFromTwoReplicasMakeOneChain(_ backend: TestStorage) async throws {
        let databases: [ConsoleDatabase]
        switch backend {
        case .sqlite:
            let database = try ConsoleDatabase.inMemory()
            databases = [database, database]
        case .postgres:
            let url = try await TestStorage.freshPostgresURL()
            databases = [try await ConsoleDatabase.open(url: url), try await ConsoleDatabase.open(url: url)]
        }
        let key = AuditKey.generate()
        let alice = context(ConsoleUser(name: "alice", role: .admin))
        try await withThrowingTaskGroup(of: Void.self) { group in
            for (replica, database) in databases.enumerated() {
                let log = AuditLog(database: database, key: key)
                for index in 0..<15 {
                    group.addTask {
                        let id = try await log.begin(context: alice, action: "update grant",
                                                     target: .grant(pid: "p1", room: "r\(replica)", userID: "u\(index)"),
                                                     before: nil)
                        try await log.complete(id, outcome: .succeeded, after: nil)
                    }
                }
            }
            try await group.waitForAll()
        }
        #expect(try await AuditLog(database: databases[1], key: key).verify() == .intact(rows: 60))
    }
}
