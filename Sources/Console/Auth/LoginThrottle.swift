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
///
/// The counts live in the console database (`login_failures`), so replicas
/// count together; attempts from one address are serialised by a lock.
public struct LoginThrottle: Sendable {
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

    private let database: ConsoleDatabase
    private let clock: ConsoleClock
    private let accountPolicy: Policy
    private let addressPolicy: Policy

    /// - Parameters:
    ///   - account: limits for one account from one address.
    ///   - address: limits for one address, whatever the account.
    public init(database: ConsoleDatabase, clock: ConsoleClock = .system, account: Policy = Policy(freeFailures: 5),
                address: Policy = Policy(freeFailures: 20)) {
        self.database = database
        self.clock = clock
        self.accountPolicy = account
        self.addressPolicy = address
    }

    /// Admits an attempt on `account` from `address` and counts it as a
    /// failure at once (`recordSuccess` or `withdraw` take it back). Returns
    /// the seconds to wait instead, without counting, when either key is locked.
    public func admit(account: String, address: String) async throws -> TimeInterval? {
        let now = clock.now
        let keys = self.keys(account: account, address: address)
        let horizon = now.timeIntervalSince1970 - max(accountPolicy.forgetAfter, addressPolicy.forgetAfter)
        return try await database.storage.write { db in
            try Self.lock(db, address: address)
            var records: [String: Record] = [:]
            for (key, _) in keys {
                if let row = try db.row("SELECT failures, last_failure FROM login_failures WHERE throttle_key = ?", .text(key)) {
                    records[key] = Record(failures: try row.int("failures"), lastFailure: try row.date("last_failure"))
                }
            }
            let waits = keys.compactMap { Self.wait(for: records[$0.key], policy: $0.policy, now: now) }
            if let longest = waits.max() { return longest }
            for (key, policy) in keys {
                var record = records[key] ?? Record(failures: 0, lastFailure: now)
                if now.timeIntervalSince(record.lastFailure) > policy.forgetAfter { record.failures = 0 }
                record.failures += 1
                try db.execute("""
                    INSERT INTO login_failures (throttle_key, failures, last_failure) VALUES (?, ?, ?)
                    ON CONFLICT (throttle_key) DO UPDATE SET failures = excluded.failures, last_failure = excluded.last_failure
                    """, .text(key), SQLValue(record.failures), SQLValue(now))
            }
            try db.execute("DELETE FROM login_failures WHERE last_failure < ?", .real(horizon))
            return nil
        }
    }

    /// The password was right: the account's failures from this address
    /// are cleared, and the address loses this attempt's count but keeps
    /// the others (one good password must not reset a spray from there).
    public func recordSuccess(account: String, address: String) async throws {
        try await database.storage.write { db in
            try Self.lock(db, address: address)
            try db.execute("DELETE FROM login_failures WHERE throttle_key = ?", .text(Self.key(account: account, address: address)))
            try Self.uncount(Self.key(address: address), db)
        }
    }

    /// The attempt was admitted but its password never checked (the hashing
    /// queue was full): it does not count.
    public func withdraw(account: String, address: String) async throws {
        try await database.storage.write { db in
            try Self.lock(db, address: address)
            try Self.uncount(Self.key(account: account, address: address), db)
            try Self.uncount(Self.key(address: address), db)
        }
    }

    /// Both keys of an attempt contain its address, so one lock per address
    /// makes each attempt's read-check-count one step across replicas.
    private static func lock(_ db: any SQLSession, address: String) throws {
        try db.lock("grantdesk.login-throttle/" + address)
    }

    private static func uncount(_ key: String, _ db: any SQLSession) throws {
        try db.execute("UPDATE login_failures SET failures = failures - 1 WHERE throttle_key = ?", .text(key))
        try db.execute("DELETE FROM login_failures WHERE throttle_key = ? AND failures <= 0", .text(key))
    }

    private func keys(account: String, address: String) -> [(key: String, policy: Policy)] {
        [(Self.key(account: account, address: address), accountPolicy), (Self.key(address: address), addressPolicy)]
    }

    private static func wait(for record: Record?, policy: Policy, now: Date) -> TimeInterval? {
        guard let record, record.failures >= policy.freeFailures else { return nil }
        let doublings = min(record.failures - policy.freeFailures, 20)
        let lockout = min(policy.firstLockout * pow(2, Double(doublings)), policy.maximumLockout)
        let remaining = record.lastFailure.addingTimeInterval(lockout).timeIntervalSince(now)
        return remaining > 0 ? remaining.rounded(.up) : nil
    }

    // An address never holds a backslash, so the `\0` after it ends it: no
    // two pairs share a key (spelled out, as PostgreSQL text cannot hold NUL).
    private static func key(account: String, address: String) -> String {
        "account:" + address + "\\0" + account.lowercased()
    }
    private static func key(address: String) -> String { "address:" + address }
}
