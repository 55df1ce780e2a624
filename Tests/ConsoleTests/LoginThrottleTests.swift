@testable import Console
import Testing
@testable import GrantDeskTesting

@Suite struct LoginThrottleTests {
    @Test func lockoutDoublesIsCappedAndIsForgotten() async {
        let clock = TestClock()
        let throttle = LoginThrottle(clock: clock.consoleClock,
                                     account: .init(freeFailures: 5, firstLockout: 30, maximumLockout: 900, forgetAfter: 3600),
                                     address: .init(freeFailures: 1000))
        for _ in 0..<4 { await throttle.recordFailure(account: "Alice", address: "a") }
        #expect(await throttle.retryAfter(account: "alice", address: "b") == nil)
        await throttle.recordFailure(account: "alice", address: "a")
        #expect(await throttle.retryAfter(account: "ALICE", address: "b") == 30)
        await throttle.recordFailure(account: "alice", address: "a")
        #expect(await throttle.retryAfter(account: "alice", address: "b") == 60)
        for _ in 0..<10 { await throttle.recordFailure(account: "alice", address: "a") }
        #expect(await throttle.retryAfter(account: "alice", address: "b") == 900)
        clock.advance(901)
        #expect(await throttle.retryAfter(account: "alice", address: "b") == nil)
        // The count survives the lockout until it is forgotten an hour after the last failure.
        await throttle.recordFailure(account: "alice", address: "a")
        #expect(await throttle.retryAfter(account: "alice", address: "b") == 900)
        clock.advance(3601)
        await throttle.recordFailure(account: "alice", address: "a")
        #expect(await throttle.retryAfter(account: "alice", address: "b") == nil)
        await throttle.recordSuccess(account: "alice")
        #expect(await throttle.retryAfter(account: "alice", address: "b") == nil)
    }
}
