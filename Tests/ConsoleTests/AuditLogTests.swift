@testable import Console
import Foundation
import GRDB
import HTTPServer
import Logging
import Testing

@Suite struct AuditLogTests {
    func context(_ user: ConsoleUser) -> ConsoleContext {
        var context = ConsoleContext(request: HTTPRequest(method: .post, target: "/"), requestID: "req-1",
                                     logger: Logger(label: "test"))
        context.user = user
        return context
    }

    func filledLog() async throws -> (AuditLog, ConsoleDatabase) {
        let database = try ConsoleDatabase.inMemory()
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

    @Test func recordsWhoWhatWhenAndHowItEnded() async throws {
        let (log, _) = try await filledLog()
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

    @Test func theDatabaseRefusesEditsAndDeletes() async throws {
        let (_, database) = try await filledLog()
        await #expect(throws: (any Error).self) {
            try await database.writer.write { db in try db.execute(sql: "UPDATE audit_log SET actor = 'x'") }
        }
        await #expect(throws: (any Error).self) {
            try await database.writer.write { db in try db.execute(sql: "DELETE FROM audit_log WHERE seq = 3") }
        }
    }

    /// Someone with the file can drop the triggers; the chain still tells.
    func tamper(_ database: ConsoleDatabase, _ sql: String) async throws {
        try await database.writer.write { db in
            try db.execute(sql: "DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete")
            try db.execute(sql: sql)
        }
    }

    @Test(arguments: [
        "UPDATE audit_log SET actor = 'mallory' WHERE seq = 3",
        "UPDATE audit_log SET after = NULL WHERE seq = 4",
        "UPDATE audit_log SET outcome = 'succeeded' WHERE seq = 6",
        "DELETE FROM audit_log WHERE seq = 5",
        "DELETE FROM audit_log WHERE seq = 9",
        "DELETE FROM audit_log WHERE seq >= 7",
        "UPDATE audit_log SET hash = 'x' WHERE seq = 2",
    ])
    func verifyDetectsTampering(sql: String) async throws {
        let (log, database) = try await filledLog()
        try await tamper(database, sql)
        #expect(!(try await log.verify().isIntact))
    }

    @Test func pendingChangesAreResolvedAsInterrupted() async throws {
        let database = try ConsoleDatabase.inMemory()
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
}
