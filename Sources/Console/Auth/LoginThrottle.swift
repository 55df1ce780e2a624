public import Foundation

/// Slows password guessing per account from one address, and per address.
/// Nothing is keyed on the account alone: failing on "admin" from one
/// address must not lock "admin" out from every other address, so a lockout
/// never stops every sign-in at once.
///
/// Every attempt is counted when it is admitted, before its password is
/// hashed, so K guesses sent at once count as K. After `freeFailures` a key
/// is locked for a window that doubles with each further failure, capped at
/// `maximumLockout`; failures are forgotten after `forgetAfter` without
/// one, so no lockout is ever permanent. Unknown user names are counted
/// exactly like real ones.
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

    /// - Parameters:
    ///   - account: limits for one account from one address.
    ///   - address: limits for one address, whatever the account.
    public init(clock: ConsoleClock = .system, account: Policy = Policy(freeFailures: 5),
                address: Policy = Policy(freeFailures: 20)) {
        self.clock = clock
        self.accountPolicy = account
        self.addressPolicy = address
    }

    /// Admits an attempt on `account` from `address` and counts it as a
    /// failure at once (`recordSuccess` or `withdraw` take it back). Returns
    /// the seconds to wait instead, without counting, when either key is locked.
    public func admit(account: String, address: String) -> TimeInterval? {
        let now = clock.now
        let keys = self.keys(account: account, address: address)
        let waits = keys.compactMap { wait(for: $0.key, policy: $0.policy, now: now) }
        if let longest = waits.max() { return longest }
        for (key, policy) in keys {
            var record = records[key] ?? Record(failures: 0, lastFailure: now)
            if now.timeIntervalSince(record.lastFailure) > policy.forgetAfter { record.failures = 0 }
            record.failures += 1
            record.lastFailure = now
            records[key] = record
        }
        if records.count > 100_000 { sweep(now: now) }
        return nil
    }

    /// The password was right: the account's failures from this address
    /// are cleared, and the address loses this attempt's count but keeps
    /// the others (one good password must not reset a spray from there).
    public func recordSuccess(account: String, address: String) {
        records[Self.key(account: account, address: address)] = nil
        uncount(Self.key(address: address))
    }

    /// The attempt was admitted but its password never checked (the hashing
    /// queue was full): it does not count.
    public func withdraw(account: String, address: String) {
        uncount(Self.key(account: account, address: address))
        uncount(Self.key(address: address))
    }

    private func uncount(_ key: String) {
        guard var record = records[key] else { return }
        record.failures -= 1
        records[key] = record.failures > 0 ? record : nil
    }

    private func keys(account: String, address: String) -> [(key: String, policy: Policy)] {
        [(Self.key(account: account, address: address), accountPolicy), (Self.key(address: address), addressPolicy)]
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

    // The NUL cannot occur in an address, so no two pairs share a key.
    private static func key(account: String, address: String) -> String {
        "account:" + address + "\u{0}" + account.lowercased()
    }
    private static func key(address: String) -> String { "address:" + address }
}
