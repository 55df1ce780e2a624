@testable import Console
import Foundation
import Testing
@testable import GrantDeskTesting

/// Sessions and one-time form tokens, the state replicas must share, on both
/// backends; `TwoReplicaTests` shows them shared by two real processes.
@Suite struct SharedStateStoreTests {
    @Test(arguments: TestStorage.allCases)
    func sessionsResumeCarryTheirFlashAndExpire(_ backend: TestStorage) async throws {
        let database = try await backend.database()
        let clock = TestClock()
        try await UserStore(database: database, hasher: .fastForTests).add(name: "Alice", role: .admin, password: "alice password")
        let sessions = SessionStore(database: database, clock: clock.consoleClock,
                                    policy: SessionPolicy(idleTimeout: 600, absoluteTimeout: 3600))
        // The user name as typed in another case still finds the user.
        let (cookie, session) = try await sessions.create(userName: "Alice")
        let resumed = try #require(try await sessions.resume(cookieValue: cookie))
        #expect(resumed.user.name == "Alice" && resumed.user.role == .admin)
        #expect(resumed.session.csrfSecret == session.csrfSecret && resumed.session.csrfSecret.count >= 16)
        #expect(resumed.flash == nil)

        try await sessions.setFlash(.success("Saved."), for: session)
        #expect(try await sessions.resume(cookieValue: cookie)?.flash == .success("Saved."))
        #expect(try await sessions.resume(cookieValue: cookie)?.flash == nil)

        clock.advance(599)
        #expect(try await sessions.resume(cookieValue: cookie) != nil)
        clock.advance(599)
        #expect(try await sessions.resume(cookieValue: cookie) != nil, "activity kept it alive")
        clock.advance(601)
        #expect(try await sessions.resume(cookieValue: cookie) == nil)
        #expect(try await sessions.count() == 0)

        let (other, second) = try await sessions.create(userName: "alice")
        try await sessions.delete(second)
        #expect(try await sessions.resume(cookieValue: other) == nil)
        #expect(try await sessions.resume(cookieValue: "not a session") == nil)
    }

    @Test(arguments: TestStorage.allCases)
    func aFormTokenIsClaimedOnceFinishedOrReleased(_ backend: TestStorage) async throws {
        let ledger = SubmissionLedger(database: try await backend.database())
        #expect(try await ledger.claim(session: "s1", token: "t1") == .claimed)
        #expect(try await ledger.claim(session: "s1", token: "t1") == .already(.inFlight))
        // The key is the session and the token: another session's claim is its own.
        #expect(try await ledger.claim(session: "s2", token: "t1") == .claimed)
        try await ledger.finish(session: "s1", token: "t1", location: "/projects/p/rooms/r", message: "Room created.")
        #expect(try await ledger.claim(session: "s1", token: "t1")
            == .already(.done(location: "/projects/p/rooms/r", message: "Room created.")))
        // A release gives back an in-flight token, never a finished one.
        try await ledger.release(session: "s1", token: "t1")
        #expect(try await ledger.claim(session: "s1", token: "t1") != .claimed)
        try await ledger.release(session: "s2", token: "t1")
        #expect(try await ledger.claim(session: "s2", token: "t1") == .claimed)
    }

    @Test(arguments: TestStorage.allCases)
    func tokensAreForgottenAfterTheirLifetime(_ backend: TestStorage) async throws {
        let clock = TestClock()
        let ledger = SubmissionLedger(database: try await backend.database(), clock: clock.consoleClock, lifetime: 60)
        #expect(try await ledger.claim(session: "s", token: "old") == .claimed)
        clock.advance(61)
        #expect(try await ledger.claim(session: "s", token: "new") == .claimed)
        #expect(try await ledger.claim(session: "s", token: "old") == .claimed)
    }

    /// The same form sent to two replicas at once (two storages, many times
    /// each): exactly one claim wins.
    @Test(arguments: TestStorage.allCases)
    func concurrentClaimsOnTwoReplicasLetExactlyOneWin(_ backend: TestStorage) async throws {
        let databases: [ConsoleDatabase]
        switch backend {
        case .sqlite:
            let database = try ConsoleDatabase.inMemory()
            databases = [database, database]
        case .postgres:
            let url = try await TestStorage.freshPostgresURL()
            databases = [try await ConsoleDatabase.open(url: url), try await ConsoleDatabase.open(url: url)]
        }
        let claims = try await withThrowingTaskGroup(of: SubmissionLedger.Claim.self) { group in
            for index in 0..<20 {
                let ledger = SubmissionLedger(database: databases[index % 2])
                group.addTask { try await ledger.claim(session: "s", token: "form") }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(claims.filter { $0 == .claimed }.count == 1)
        #expect(claims.filter { $0 == .already(.inFlight) }.count == 19)
    }

    /// Guesses sent at once to two replicas are all counted.
    @Test(arguments: TestStorage.allCases)
    func concurrentGuessesOnTwoReplicasAreAllCounted(_ backend: TestStorage) async throws {
        let databases: [ConsoleDatabase]
        switch backend {
        case .sqlite:
            let database = try ConsoleDatabase.inMemory()
            databases = [database, database]
        case .postgres:
            let url = try await TestStorage.freshPostgresURL()
            databases = [try await ConsoleDatabase.open(url: url), try await ConsoleDatabase.open(url: url)]
        }
        let clock = TestClock()
        let throttles = databases.map {
            LoginThrottle(database: $0, clock: clock.consoleClock, account: .init(freeFailures: 10),
                          address: .init(freeFailures: 1000))
        }
        let admitted = try await withThrowingTaskGroup(of: Bool.self) { group in
            for index in 0..<16 {
                let throttle = throttles[index % 2]
                group.addTask { try await throttle.admit(account: "admin", address: "192.0.2.7") == nil }
            }
            return try await group.reduce(into: 0) { $0 += $1 ? 1 : 0 }
        }
        #expect(admitted == 10)
    }
}
