import Foundation
import GRDB

/// `ConsoleStorage` on SQLite through GRDB: a WAL pool on disk, or a queue
/// in memory for tests. GRDB serialises writers, so `lock` has nothing to do.
struct SQLiteConsoleStorage: ConsoleStorage {
    let writer: any DatabaseWriter

    var dialect: SQLDialect { .sqlite }

    /// The database at `path` (a WAL pool), or a private in-memory one when
    /// `path` is nil, with `ConsoleSchema.all` applied.
    static func migrated(path: String?) throws -> SQLiteConsoleStorage {
        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        let writer: any DatabaseWriter
        if let path {
            configuration.busyMode = .timeout(5)
            // FULL: an acknowledged audit record or password change survives
            // power loss, not only a killed process. Writes here are rare.
            configuration.prepareDatabase { db in try db.execute(sql: "PRAGMA synchronous = FULL") }
            writer = try DatabasePool(path: path, configuration: configuration)
        } else {
            writer = try DatabaseQueue(configuration: configuration)
        }
        try translatingErrors {
            try writer.write { db in try ConsoleMigrator.migrate(GRDBSession(db: db)) }
        }
        return SQLiteConsoleStorage(writer: writer)
    }

    @discardableResult
    func read<T: Sendable>(_ body: @escaping @Sendable (any SQLSession) throws -> T) async throws -> T {
        try await Self.translatingErrors { try await writer.read { db in try body(GRDBSession(db: db)) } }
    }

    @discardableResult
    func write<T: Sendable>(_ body: @escaping @Sendable (any SQLSession) throws -> T) async throws -> T {
        try await Self.translatingErrors { try await writer.write { db in try body(GRDBSession(db: db)) } }
    }

    private static func translatingErrors<T>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as DatabaseError {
            throw storageError(error)
        }
    }

    private static func translatingErrors<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as DatabaseError {
            throw storageError(error)
        }
    }

    private static func storageError(_ error: DatabaseError) -> SQLStorageError {
        SQLStorageError("SQLite: \(error.resultCode) \(error.message ?? "")",
                        isUniqueViolation: error.extendedResultCode == .SQLITE_CONSTRAINT_UNIQUE
                            || error.extendedResultCode == .SQLITE_CONSTRAINT_PRIMARYKEY)
    }
}

/// One GRDB connection seen as an `SQLSession`.
struct GRDBSession: SQLSession {
    let db: Database

    var dialect: SQLDialect { .sqlite }

    func execute(_ sql: String, _ arguments: [SQLValue]) throws -> Int {
        try db.execute(sql: sql, arguments: Self.arguments(arguments))
        return db.changesCount
    }

    func rows(_ sql: String, _ arguments: [SQLValue]) throws -> [SQLRow] {
        try Row.fetchAll(db, sql: sql, arguments: Self.arguments(arguments)).map { row in
            SQLRow(columns: row.columnNames.map { $0.lowercased() }, values: row.databaseValues.map(Self.value))
        }
    }

    func lock(_ name: String) throws {}

    private static func arguments(_ values: [SQLValue]) -> StatementArguments {
        StatementArguments(values.map { value -> DatabaseValue in
            switch value {
            case .null: .null
            case .integer(let number): number.databaseValue
            case .real(let number): number.databaseValue
            case .text(let text): text.databaseValue
            case .blob(let bytes): Data(bytes).databaseValue
            }
        })
    }

    private static func value(_ value: DatabaseValue) -> SQLValue {
        switch value.storage {
        case .null: .null
        case .int64(let number): .integer(number)
        case .double(let number): .real(number)
        case .string(let text): .text(text)
        case .blob(let data): .blob([UInt8](data))
        }
    }
}
