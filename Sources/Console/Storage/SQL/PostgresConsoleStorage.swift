internal import CPostgres
import CryptoPrimitives
import Dispatch
import Foundation
import Synchronization

/// `ConsoleStorage` on PostgreSQL through libpq (`--database-url`), so
/// several console replicas share one state. The only file that calls `PQ*`.
///
/// A small pool of connections; every libpq call blocks, so each runs on the
/// pool's own dispatch queue, never on Swift's cooperative threads. Writes
/// are `READ COMMITTED` transactions (a statement after `lock` sees what the
/// previous holder committed); reads are `REPEATABLE READ READ ONLY`, so one
/// read (a chain walk) sees one snapshot.
final class PostgresConsoleStorage: ConsoleStorage {
    let dialect = SQLDialect.postgres
    private let pool: PostgresPool

    /// Connects once at once, so a wrong URL or an unreachable server fails
    /// start-up with libpq's reason (which never includes the password).
    init(url: String, maximumConnections: Int = 8) async throws {
        pool = PostgresPool(url: url, maximumConnections: maximumConnections)
        try await pool.run { _ in }
    }

    func read<T: Sendable>(_ body: @escaping @Sendable (any SQLSession) throws -> T) async throws -> T {
        try await pool.run { connection in try connection.transaction(readOnly: true, body) }
    }

    @discardableResult
    func write<T: Sendable>(_ body: @escaping @Sendable (any SQLSession) throws -> T) async throws -> T {
        try await pool.run { connection in try connection.transaction(readOnly: false, body) }
    }

    /// Runs one statement outside any transaction on a connection of its own
    /// (`CREATE DATABASE` cannot run inside one), for test set-up.
    static func executeOutsideTransaction(_ sql: String, url: String) async throws {
        try await PostgresPool(url: url, maximumConnections: 1).run { connection in _ = try connection.run(sql, []) }
    }
}

/// Up to `maximumConnections` open connections; a caller past that waits
/// (without blocking a thread) for one to come back.
final class PostgresPool: Sendable {
    private enum Lease: Sendable {
        case connection(PostgresConnection)
        /// Room for one more connection, opened by the holder.
        case slot
    }

    private struct State {
        var idle: [PostgresConnection] = []
        var open = 0
        var waiting: [CheckedContinuation<Lease, Never>] = []
    }

    private let url: String
    private let maximumConnections: Int
    private let state = Mutex(State())
    private let queue = DispatchQueue(label: "grantdesk.postgres", attributes: .concurrent)

    init(url: String, maximumConnections: Int) {
        self.url = url
        self.maximumConnections = max(1, maximumConnections)
    }

    /// Runs `work` on a pooled connection, on the pool's queue.
    func run<T: Sendable>(_ work: @escaping @Sendable (PostgresConnection) throws -> T) async throws -> T {
        let lease = await acquire()
        return try await withCheckedThrowingContinuation { continuation in
            queue.async { [self] in
                var connection: PostgresConnection?
                let result = Result { () throws -> T in
                    switch lease {
                    case .connection(let pooled): connection = pooled
                    case .slot: connection = try PostgresConnection(url: url)
                    }
                    return try work(connection!)
                }
                release(connection)
                continuation.resume(with: result)
            }
        }
    }

    private func acquire() async -> Lease {
        await withCheckedContinuation { continuation in
            let lease: Lease? = state.withLock { state in
                if let connection = state.idle.popLast() { return .connection(connection) }
                if state.open < maximumConnections {
                    state.open += 1
                    return .slot
                }
                state.waiting.append(continuation)
                return nil
            }
            if let lease { continuation.resume(returning: lease) }
        }
    }

    /// Hands the connection (or, when it is gone or broken, its slot) to the
    /// next waiter, else keeps it idle.
    private func release(_ connection: PostgresConnection?) {
        let healthy = connection.flatMap { $0.isHealthy ? $0 : nil }
        let (waiter, lease): (CheckedContinuation<Lease, Never>?, Lease) = state.withLock { state in
            let lease = healthy.map(Lease.connection) ?? .slot
            if !state.waiting.isEmpty { return (state.waiting.removeFirst(), lease) }
            if let healthy { state.idle.append(healthy) } else { state.open -= 1 }
            return (nil, lease)
        }
        waiter?.resume(returning: lease)
    }
}

/// One libpq connection, used by one thread at a time (the pool's lease
/// guarantees it), closed in `deinit`.
final class PostgresConnection: @unchecked Sendable {
    private let handle: OpaquePointer

    init(url: String) throws {
        // Defaults first: the URL's own settings, expanded from `dbname`, win.
        let keywords = ["connect_timeout", "application_name", "dbname"]
        let values = ["10", "grantdesk", url]
        let connection = Self.withCStrings(keywords) { keys in
            Self.withCStrings(values) { vals in PQconnectdbParams(keys, vals, 1) }
        }
        guard let connection else { throw SQLStorageError("PostgreSQL: out of memory while connecting") }
        guard PQstatus(connection) == CONNECTION_OK else {
            let reason = Self.trimmed(PQerrorMessage(connection))
            PQfinish(connection)
            throw SQLStorageError("PostgreSQL: cannot connect: \(reason)")
        }
        gd_pq_silence_notices(connection)
        handle = connection
    }

    deinit { PQfinish(handle) }

    /// False once the server has gone away; the pool then opens a new one.
    var isHealthy: Bool {
        PQstatus(handle) == CONNECTION_OK && PQtransactionStatus(handle) == PQTRANS_IDLE
    }

    func transaction<T>(readOnly: Bool, _ body: (any SQLSession) throws -> T) throws -> T {
        _ = try run(readOnly ? "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY" : "BEGIN", [])
        do {
            let value = try body(PostgresSession(connection: self))
            // A statement that failed inside `body` (and was caught there)
            // aborted the transaction; COMMIT would quietly roll it back.
            guard PQtransactionStatus(handle) == PQTRANS_INTRANS else {
                throw SQLStorageError("PostgreSQL: the transaction was aborted by an earlier error")
            }
            let commit = try run("COMMIT", [])
            guard commit.status == "COMMIT" else { throw SQLStorageError("PostgreSQL: the transaction was rolled back") }
            return value
        } catch {
            _ = try? run("ROLLBACK", [])
            throw error
        }
    }

    /// Runs one statement (several, separated by `;`, when there are no
    /// arguments) and returns its result.
    func run(_ sql: String, _ arguments: [SQLValue]) throws -> PostgresResult {
        let raw: OpaquePointer?
        if arguments.isEmpty {
            raw = PQexec(handle, sql)
        } else {
            raw = try Self.withParameters(arguments) { types, values, lengths, formats in
                PQexecParams(handle, Self.numberedPlaceholders(sql), Int32(arguments.count), types, values, lengths,
                             formats, 0)
            }
        }
        guard let raw else { throw SQLStorageError("PostgreSQL: \(Self.trimmed(PQerrorMessage(handle)))") }
        let result = PostgresResult(raw)
        switch PQresultStatus(raw) {
        case PGRES_COMMAND_OK, PGRES_TUPLES_OK, PGRES_EMPTY_QUERY:
            return result
        default:
            let state = PQresultErrorField(raw, gd_pq_diag_sqlstate).map { String(cString: $0) } ?? "?"
            let message = PQresultErrorField(raw, gd_pq_diag_message_primary).map { String(cString: $0) }
                ?? Self.trimmed(PQresultErrorMessage(raw))
            // The primary message names the constraint or object, never a bound value.
            throw SQLStorageError("PostgreSQL: \(state) \(message)", isUniqueViolation: state == "23505")
        }
    }

    /// `?` → `$1`, `$2`, … outside quoted strings, quoted names and comments.
    static func numberedPlaceholders(_ sql: String) -> String {
        var out = ""
        var number = 0
        var quote: Character?
        var lineComment = false
        var blockComment = false
        var previous: Character = " "
        for character in sql {
            defer { previous = character }
            if lineComment {
                if character == "\n" { lineComment = false }
            } else if blockComment {
                if previous == "*" && character == "/" { blockComment = false }
            } else if let open = quote {
                if character == open { quote = nil }
            } else if character == "'" || character == "\"" {
                quote = character
            } else if previous == "-" && character == "-" {
                lineComment = true
            } else if previous == "/" && character == "*" {
                blockComment = true
            } else if character == "?" {
                number += 1
                out += "$\(number)"
                continue
            }
            out.append(character)
        }
        return out
    }

    /// Binds integers as int8, reals as float8 and blobs as binary bytea;
    /// text goes untyped, so the server reads it as the column's own type
    /// (a case-insensitive user name stays case-insensitive).
    private static func withParameters<R>(
        _ arguments: [SQLValue],
        _ body: (UnsafePointer<Oid>, UnsafePointer<UnsafePointer<CChar>?>, UnsafePointer<Int32>, UnsafePointer<Int32>) -> R
    ) throws -> R {
        var types: [Oid] = []
        var lengths: [Int32] = []
        var formats: [Int32] = []
        var buffers: [UnsafeMutablePointer<CChar>?] = []
        defer { buffers.forEach { free($0) } }
        for argument in arguments {
            var bytes: [UInt8]?
            var type: Oid = 0
            var format: Int32 = 0
            switch argument {
            case .null:
                bytes = nil
            case .integer(let number):
                bytes = Array(String(number).utf8)
                type = 20
            case .real(let number):
                bytes = Array(String(number).utf8)
                type = 701
            case .text(let text):
                // PostgreSQL text cannot hold NUL; refusing beats truncating
                // (a truncated audit field would break the chain's hash).
                guard !text.utf8.contains(0) else {
                    throw SQLStorageError("PostgreSQL: a text value contains NUL (U+0000), which PostgreSQL cannot store")
                }
                bytes = Array(text.utf8)
            case .blob(let blob):
                bytes = blob
                type = 17
                format = 1
            }
            types.append(type)
            formats.append(format)
            lengths.append(Int32(bytes?.count ?? 0))
            guard let bytes else {
                buffers.append(nil)
                continue
            }
            let buffer = malloc(bytes.count + 1)!.assumingMemoryBound(to: CChar.self)
            bytes.withUnsafeBufferPointer { source in
                source.withMemoryRebound(to: CChar.self) { buffer.update(from: $0.baseAddress!, count: bytes.count) }
            }
            buffer[bytes.count] = 0
            buffers.append(buffer)
        }
        let values = buffers.map { $0.map { UnsafePointer($0) } }
        return values.withUnsafeBufferPointer { values in
            body(types, values.baseAddress!, lengths, formats)
        }
    }

    private static func withCStrings<R>(_ strings: [String], _ body: (UnsafePointer<UnsafePointer<CChar>?>) -> R) -> R {
        let copies = strings.map { strdup($0) }
        defer { copies.forEach { free($0) } }
        let pointers = copies.map { $0.map { UnsafePointer($0) } } + [nil]
        return pointers.withUnsafeBufferPointer { body($0.baseAddress!) }
    }

    private static func trimmed(_ message: UnsafePointer<CChar>?) -> String {
        message.map { String(cString: $0) }?.trimmingCharacters(in: .whitespacesAndNewlines) ?? "unknown error"
    }
}

/// One `PGresult`, cleared in `deinit`, decoded by column type.
final class PostgresResult {
    private let raw: OpaquePointer

    init(_ raw: OpaquePointer) { self.raw = raw }

    deinit { PQclear(raw) }

    /// The command tag (`INSERT 0 1`, `COMMIT`, …) without its counts.
    var status: String {
        String(cString: PQcmdStatus(raw)).split(separator: " ").first.map(String.init) ?? ""
    }

    /// Rows changed by an INSERT, UPDATE or DELETE.
    var changes: Int { Int(String(cString: PQcmdTuples(raw))) ?? 0 }

    var rows: [SQLRow] {
        let columnCount = PQnfields(raw)
        let columns = (0..<columnCount).map { String(cString: PQfname(raw, $0)).lowercased() }
        let types = (0..<columnCount).map { PQftype(raw, $0) }
        return (0..<PQntuples(raw)).map { row in
            SQLRow(columns: columns, values: (0..<columnCount).map { column in
                guard PQgetisnull(raw, row, column) == 0 else { return .null }
                let text = String(cString: PQgetvalue(raw, row, column))
                return Self.value(text, type: types[Int(column)])
            })
        }
    }

    private static func value(_ text: String, type: Oid) -> SQLValue {
        switch type {
        case 20, 21, 23: Int64(text).map(SQLValue.integer) ?? .text(text)
        case 700, 701, 1700: Double(text).map(SQLValue.real) ?? .text(text)
        case 16: .integer(text == "t" ? 1 : 0)
        case 17: Self.bytea(text).map(SQLValue.blob) ?? .text(text)
        default: .text(text)
        }
    }

    /// bytea's text output, `\x` and hex digits.
    private static func bytea(_ text: String) -> [UInt8]? {
        guard text.hasPrefix("\\x") else { return nil }
        return Hex.decode(String(text.dropFirst(2)))
    }
}

/// A pooled connection inside one transaction.
struct PostgresSession: SQLSession {
    let connection: PostgresConnection

    var dialect: SQLDialect { .postgres }

    func execute(_ sql: String, _ arguments: [SQLValue]) throws -> Int {
        try connection.run(sql, arguments).changes
    }

    func rows(_ sql: String, _ arguments: [SQLValue]) throws -> [SQLRow] {
        try connection.run(sql, arguments).rows
    }

    func lock(_ name: String) throws {
        _ = try connection.run("SELECT pg_advisory_xact_lock(?)", [.integer(Self.key(name))])
    }

    /// A stable 64-bit key for a lock name (the first 8 bytes of its SHA-256),
    /// the same in every replica and every version.
    static func key(_ name: String) -> Int64 {
        SHA256.hash(name).prefix(8).reduce(Int64(0)) { ($0 << 8) | Int64($1) }
    }
}
