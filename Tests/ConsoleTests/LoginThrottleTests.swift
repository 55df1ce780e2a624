@testable import Console
import Dispatch
import HTTPServer
import Testing
@testable import GrantDeskTesting

@Suite struct LoginThrottleTests {
    @Test(arguments: TestStorage.allCases)
    func lockoutDoublesIsCappedAndIsForgotten(_ backend: TestStorage) async throws {
        let clock = TestClock()
        let throttle = LoginThrottle(database: try await backend.database(), clock: clock.consoleClock,
                                     account: .init(freeFailures: 5, firstLockout: 30, maximumLockout: 900, forgetAfter: 3600),
                                     address: .init(freeFailures: 1000))
        for _ in 0..<4 { #expect(try await throttle.admit(account: "Alice", address: "a") == nil) }
        #expect(try await throttle.admit(account: "alice", address: "a") == nil)
        // Five attempts counted: locked for 30 s, the account's name in any case.
        #expect(try await throttle.admit(account: "ALICE", address: "a") == 30)
        clock.advance(31)
        #expect(try await throttle.admit(account: "alice", address: "a") == nil)
        #expect(try await throttle.admit(account: "alice", address: "a") == 60)
        for _ in 0..<10 {
            clock.advance(901)
            _ = try await throttle.admit(account: "alice", address: "a")
        }
        #expect(try await throttle.admit(account: "alice", address: "a") == 900)
        clock.advance(901)
        #expect(try await throttle.admit(account: "alice", address: "a") == nil)
        // Forgotten an hour after the last failure.
        clock.advance(3601)
        for _ in 0..<4 { #expect(try await throttle.admit(account: "alice", address: "a") == nil) }
        try await throttle.recordSuccess(account: "alice", address: "a")
        for _ in 0..<5 { #expect(try await throttle.admit(account: "alice", address: "a") == nil) }
    }

    /// Failing on one account from one address never locks that account
    /// from another address: no lockout stops every sign-in at once.
    @Test(arguments: TestStorage.allCases)
    func anAccountIsLockedPerAddressNeverEverywhere(_ backend: TestStorage) async throws {
        let throttle = LoginThrottle(database: try await backend.database(), clock: TestClock().consoleClock, account: .init(freeFailures: 3),
                                     address: .init(freeFailures: 10))
        for _ in 0..<3 { _ = try await throttle.admit(account: "admin", address: "203.0.113.66") }
        #expect(try await throttle.admit(account: "admin", address: "203.0.113.66") != nil)
        #expect(try await throttle.admit(account: "admin", address: "198.51.100.7") == nil)
        // The address as a whole is slowed past its own limit, whatever the names.
        for index in 0..<7 { _ = try await throttle.admit(account: "user\(index)", address: "203.0.113.66") }
        #expect(try await throttle.admit(account: "someone-else", address: "203.0.113.66") != nil)
        #expect(try await throttle.admit(account: "someone-else", address: "198.51.100.7") == nil)
    }

    /// An attempt whose password was never checked (queue full) does not count.
    @Test(arguments: TestStorage.allCases)
    func withdrawnAttemptsDoNotCount(_ backend: TestStorage) async throws {
        let throttle = LoginThrottle(database: try await backend.database(), clock: TestClock().consoleClock, account: .init(freeFailures: 2),
                                     address: .init(freeFailures: 2))
        for _ in 0..<10 {
            _ = try await throttle.admit(account: "alice", address: "a")
            try await throttle.withdraw(account: "alice", address: "a")
        }
        #expect(try await throttle.admit(account: "alice", address: "a") == nil)
    }
}

/// The throttle and the hashing queue through the real login handler.
@Suite(.timeLimit(.minutes(1))) struct SignInBurstTests {
    /// Guesses sent at once are counted one by one before any is hashed:
    /// with hashing held up, only the account's five free attempts get a
    /// password check; the others are refused at once.
    @Test func concurrentGuessesAreCountedBeforeHashing() async throws {
        let console = try await ConsoleHarness(hashingWaiting: 8)
        let gate = DispatchSemaphore(value: 0)
        #expect(console.services.users.hashing.submit { gate.wait() })
        let statuses = await withTaskGroup(of: HTTPResponse.self) { group in
            for attempt in 0..<9 {
                group.addTask { await console.signIn("alice", "wrong-\(attempt)", address: "10.0.7.1") }
            }
            var statuses: [HTTPStatus] = []
            for await response in group {
                // While hashing is held the only possible answers are
                // refusals; had attempts been counted after hashing, all
                // nine would have passed the throttle before the first one.
                if statuses.isEmpty { gate.signal() }
                #expect(response.cookie(Cookies.session) == nil)
                if response.status == .tooManyRequests { #expect(response.headers["Retry-After"] != nil) }
                statuses.append(response.status)
            }
            return statuses
        }
        #expect(statuses.filter { $0 == .unauthorized }.count == 5, "\(statuses)")
        #expect(statuses.filter { $0 == .tooManyRequests }.count == 4, "\(statuses)")
    }

    /// Past the queue's bound a sign-in is answered 429 at once, instead of
    /// waiting behind every hash in the queue; it does not count as a failure.
    @Test func aFullHashingQueueRefusesSignInAtOnce() async throws {
        let console = try await ConsoleHarness()
        let hashing = console.services.users.hashing
        let gate = DispatchSemaphore(value: 0)
        var released = false
        defer { if !released { for _ in 0...hashing.maximumWaiting { gate.signal() } } }
        for _ in 0...hashing.maximumWaiting { #expect(hashing.submit { gate.wait() }) }
        // Unbounded, the sign-ins below would wait here for ever instead.
        try #require(!hashing.submit {})
        for _ in 0..<6 {
            let refused = await console.signIn("alice", "alice-password")
            #expect(refused.status == .tooManyRequests)
            #expect(refused.headers["Retry-After"] == "2")
            #expect(refused.cookie(Cookies.session) == nil)
            #expect(refused.text.contains("Too many sign-ins at once"))
        }
        for _ in 0...hashing.maximumWaiting { gate.signal() }
        released = true
        await withCheckedContinuation { continuation in hashing.queue.async { continuation.resume() } }
        #expect(await console.signIn("alice", "alice-password").status == .seeOther)
    }
}
