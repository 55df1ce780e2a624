public import Foundation
import GRDB
import CryptoPrimitives

/// Console users (not MeshAgent users): names, roles and password hashes.
public struct UserStore: Sendable {
    /// A stored user as `users list` shows it.
    public struct Record: Sendable, Hashable {
        public var name: String
        public var role: ConsoleRole
        public var createdAt: Date
    }

    /// Why a user command was refused; messages are safe to print.
    public enum Failure: Error, Equatable, CustomStringConvertible {
        case invalidName
        case passwordTooShort(minimum: Int)
        case alreadyExists(String)
        case notFound(String)
        case lastAdmin

        public var description: String {
            switch self {
            case .invalidName:
                "A user name is 1–64 characters: letters, digits, '.', '_', '-' or '@'."
            case .passwordTooShort(let minimum): "The password must be at least \(minimum) characters."
            case .alreadyExists(let name): "A console user named '\(name)' already exists."
            case .notFound(let name): "There is no console user named '\(name)'."
            case .lastAdmin: "That is the last admin; add another admin first."
            }
        }
    }

    /// Shortest accepted password.
    public static let minimumPasswordLength = 10

    let database: ConsoleDatabase
    let hasher: PasswordHasher
    let clock: ConsoleClock

    public init(database: ConsoleDatabase, hasher: PasswordHasher = .standard, clock: ConsoleClock = .system) {
        self.database = database
        self.hasher = hasher
        self.clock = clock
    }

    /// Creates a user.
    public func add(name: String, role: ConsoleRole, password: String) async throws {
        guard Self.isValidName(name) else { throw Failure.invalidName }
        guard password.count >= Self.minimumPasswordLength else {
            throw Failure.passwordTooShort(minimum: Self.minimumPasswordLength)
        }
        let encoded = try hasher.hash(password)
        let now = clock.now.timeIntervalSince1970
        try await database.writer.write { db in
            if try Bool.fetchOne(db, sql: "SELECT 1 FROM users WHERE name = ?", arguments: [name]) == true {
                throw Failure.alreadyExists(name)
            }
            try db.execute(sql: "INSERT INTO users (name, role, password_hash, created_at) VALUES (?, ?, ?, ?)",
                           arguments: [name, role.rawValue, encoded, now])
        }
    }

    /// Every user, by name.
    public func list() async throws -> [Record] {
        try await database.writer.read { db in
            try Row.fetchAll(db, sql: "SELECT name, role, created_at FROM users ORDER BY name").map { row in
                Record(name: row["name"], role: ConsoleRole(rawValue: row["role"]) ?? .reviewer,
                       createdAt: Date(timeIntervalSince1970: row["created_at"]))
            }
        }
    }

    /// Number of users.
    public func count() async throws -> Int {
        try await database.writer.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM users") ?? 0 }
    }

    /// Removes a user and their sessions. Refuses to remove the last admin,
    /// so nobody can lock the console away from everyone.
    public func remove(name: String) async throws {
        try await database.writer.write { db in
            guard let role = try String.fetchOne(db, sql: "SELECT role FROM users WHERE name = ?", arguments: [name]) else {
                throw Failure.notFound(name)
            }
            if role == ConsoleRole.admin.rawValue,
               try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM users WHERE role = 'admin'") ?? 0 <= 1 {
                throw Failure.lastAdmin
            }
            try db.execute(sql: "DELETE FROM users WHERE name = ?", arguments: [name])
        }
    }

    /// Replaces a user's password and ends all their sessions.
    public func setPassword(name: String, password: String) async throws {
        guard password.count >= Self.minimumPasswordLength else {
            throw Failure.passwordTooShort(minimum: Self.minimumPasswordLength)
        }
        let encoded = try hasher.hash(password)
        try await database.writer.write { db in
            try db.execute(sql: "UPDATE users SET password_hash = ? WHERE name = ?", arguments: [encoded, name])
            guard db.changesCount == 1 else { throw Failure.notFound(name) }
            try db.execute(sql: "DELETE FROM sessions WHERE user_name = ?", arguments: [name])
        }
    }

    /// The user `name`, if it exists.
    public func find(name: String) async throws -> ConsoleUser? {
        try await database.writer.read { db in
            try Row.fetchOne(db, sql: "SELECT name, role FROM users WHERE name = ?", arguments: [name]).map { row in
                ConsoleUser(name: row["name"], role: ConsoleRole(rawValue: row["role"]) ?? .reviewer)
            }
        }
    }

    /// The user if `password` is theirs. An unknown name costs the same
    /// scrypt work as a wrong password, so timing does not reveal which.
    public func authenticate(name: String, password: String) async throws -> ConsoleUser? {
        let stored = try await database.writer.read { db -> (user: ConsoleUser, hash: String)? in
            try Row.fetchOne(db, sql: "SELECT name, role, password_hash FROM users WHERE name = ?", arguments: [name])
                .map { row in
                    (ConsoleUser(name: row["name"], role: ConsoleRole(rawValue: row["role"]) ?? .reviewer),
                     row["password_hash"])
                }
        }
        guard let stored else {
            hasher.burnEquivalentWork(password)
            return nil
        }
        return hasher.verify(password, against: stored.hash) ? stored.user : nil
    }

    /// Creates the first admin when there is no user at all. Returns the
    /// generated password when none was given (to print once), else nil.
    public func ensureFirstAdmin(name: String = "admin", password: String?) async throws -> String? {
        guard try await count() == 0 else { return nil }
        let chosen = password ?? Self.generatePassword()
        try await add(name: name, role: .admin, password: chosen)
        return password == nil ? chosen : nil
    }

    /// A random 20-character password from an unambiguous alphabet.
    public static func generatePassword() -> String {
        let alphabet = Array("abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789")
        var out = ""
        // Rejection sampling keeps every character equally likely.
        while out.count < 20 {
            for byte in RandomBytes.generate(count: 32) where Int(byte) < 256 - 256 % alphabet.count {
                out.append(alphabet[Int(byte) % alphabet.count])
                if out.count == 20 { break }
            }
        }
        return out
    }

    static func isValidName(_ name: String) -> Bool {
        guard (1...64).contains(name.utf8.count) else { return false }
        return name.unicodeScalars.allSatisfy { scalar in
            scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || "._-@".unicodeScalars.contains(scalar))
        }
    }
}
