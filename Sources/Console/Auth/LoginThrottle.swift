public import Foundation

/// Slows password guessing per account and per address. After `freeFailures`
/// failures a key is locked for a window that doubles with each further
/// failure, capped at `maximumLockout`; failures are forgotten after
/// `forgetAfter` without one, so no lockout is ever permanent. Unknown user
/// names are counted exactly like real ones.
public actor LoginThrottle {
    /// The limits for one kind of key.
    public struct Policy: Sendable {
        public var freeFailures: Int
        public var firstLockout: TimeInterval
        public var maximumLockout: TimeInterval
        public var forgetAfter: TimeInterval

        public init(freeFailures: Int, firstLockout: TimeInterval = 30, maximumLockout: TimeInterval = 15 * 60,
                    forgetAfter: TimeInterval = 60 * 60) {
            self.freeFailures = freeFailures
            self.firstLockout = firstLockout
            self.maximumLockout = maximumLockout
            self.forgetAfter = forgetAfter
        }
    }

    private struct Record {
        var failures: Int
        var lastFailure: Date
    }

    private let clock: ConsoleClock
    private let accountPolicy: Policy
    private let addressPolicy: Policy
    private var records: [String: Record] = [:]

    public init(clock: ConsoleClock = .system, account: Policy = Policy(freeFailures: 5),
                address: Policy = Policy(freeFailures: 20)) {
        self.clock = clock
        self.accountPolicy = account
        self.addressPolicy = address
    }

    /// Seconds until `account` from `address` may try again; nil when allowed now.
    public func retryAfter(account: String, address: String) -> TimeInterval? {
        let now = clock.now
        let waits = [wait(for: Self.key(account: account), policy: accountPolicy, now: now),
                     wait(for: Self.key(address: address), policy: addressPolicy, now: now)].compactMap { $0 }
        return waits.max()
    }

    /// Counts a failed sign-in against both keys.
    public func recordFailure(account: String, address: String) {
        let now = clock.now
        for (key, policy) in [(Self.key(account: account), accountPolicy), (Self.key(address: address), addressPolicy)] {
            var record = records[key] ?? Record(failures: 0, lastFailure: now)
            if now.timeIntervalSince(record.lastFailure) > policy.forgetAfter { record.failures = 0 }
            record.failures += 1
            record.lastFailure = now
            records[key] = record
        }
        if records.count > 100_000 { sweep(now: now) }
    }

    /// Clears the account's failures after a successful sign-in. The address
    /// keeps its count: one good password must not reset a spray from there.
    public func recordSuccess(account: String) {
        records[Self.key(account: account)] = nil
    }

    private func wait(for key: String, policy: Policy, now: Date) -> TimeInterval? {
        guard let record = records[key], record.failures >= policy.freeFailures else { return nil }
        let doublings = min(record.failures - policy.freeFailures, 20)
        let lockout = min(policy.firstLockout * pow(2, Double(doublings)), policy.maximumLockout)
        let remaining = record.lastFailure.addingTimeInterval(lockout).timeIntervalSince(now)
        return remaining > 0 ? remaining.rounded(.up) : nil
    }

    private func sweep(now: Date) {
        let horizon = max(accountPolicy.forgetAfter, addressPolicy.forgetAfter)
        records = records.filter { now.timeIntervalSince($0.value.lastFailure) <= horizon }
    }

    private static func key(account: String) -> String { "account:" + account.lowercased() }
    private static func key(address: String) -> String { "address:" + address }
}
