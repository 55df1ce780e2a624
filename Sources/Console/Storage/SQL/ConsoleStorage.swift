/// Where the console keeps its state (users, sessions, the audit log,
/// one-time tokens, throttles, campaigns, snapshots, expiries): one protocol,
/// two implementations, SQLite in the data directory (the embedded default)
/// and PostgreSQL (`--database-url`), so several replicas can share it.
///
/// Stores write portable SQL with `?` placeholders; where the two dialects
/// differ (mostly in `CREATE TABLE`), they ask `dialect`. Each `write` is one
/// transaction: it commits when `body` returns and rolls back when it throws.
public protocol ConsoleStorage: Sendable {
    /// Which SQL dialect `body` speaks to.
    var dialect: SQLDialect { get }

    /// Runs `body` with a read-only view of the database.
    func read<T: Sendable>(_ body: @escaping @Sendable (any SQLSession) throws -> T) async throws -> T

    /// Runs `body` in one read-write transaction.
    @discardableResult
    func write<T: Sendable>(_ body: @escaping @Sendable (any SQLSession) throws -> T) async throws -> T
}

/// The two SQL dialects the console's storage speaks.
public enum SQLDialect: String, Sendable {
    case sqlite
    case postgres
}

/// One connection inside `read` or `write`; valid only during that call.
public protocol SQLSession {
    var dialect: SQLDialect { get }

    /// Runs one statement; returns how many rows it changed.
    @discardableResult
    func execute(_ sql: String, _ arguments: [SQLValue]) throws -> Int

    /// Runs one query and returns every row.
    func rows(_ sql: String, _ arguments: [SQLValue]) throws -> [SQLRow]

    /// Serialises this transaction with every other one, in any process on
    /// the same database, that takes the lock of the same `name`, until it
    /// ends (PostgreSQL: a transaction-level advisory lock; SQLite: writes
    /// are serialised already). Use it where a read decides a write, such as
    /// appending to the audit chain.
    func lock(_ name: String) throws
}

extension SQLSession {
    @discardableResult
    public func execute(_ sql: String, _ arguments: SQLValue...) throws -> Int {
        try execute(sql, arguments)
    }

    public func rows(_ sql: String, _ arguments: SQLValue...) throws -> [SQLRow] {
        try rows(sql, arguments)
    }

    /// The first row of a query, if any.
    public func row(_ sql: String, _ arguments: SQLValue...) throws -> SQLRow? {
        try rows(sql, arguments).first
    }

    /// The first column of the first row, if any (`NULL` reads as nil).
    public func scalar(_ sql: String, _ arguments: SQLValue...) throws -> SQLValue? {
        guard let value = try rows(sql, arguments).first?.values.first, value != .null else { return nil }
        return value
    }
}

/// A storage failure, with a message safe to log (never the arguments).
public struct SQLStorageError: Error, CustomStringConvertible, Sendable {
    public let message: String
    /// True when the statement broke a `UNIQUE` or primary-key constraint.
    public let isUniqueViolation: Bool

    public init(_ message: String, isUniqueViolation: Bool = false) {
        self.message = message
        self.isUniqueViolation = isUniqueViolation
    }

    public var description: String { message }
}
