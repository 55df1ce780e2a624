public import Foundation
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
        case sameAsOld

        public var description: String {
            switch self {
            case .invalidName:
                "A user name is 1–64 characters: letters, digits, '.', '_', '-' or '@'."
            case .passwordTooShort(let minimum): "The password must be at least \(minimum) characters."
            case .alreadyExists(let name): "A console user named '\(name)' already exists."
            case .notFound(let name): "There is no console user named '\(name)'."
            case .lastAdmin: "That is the last admin; add another admin first."
            case .sameAsOld: "The new password must differ from the old one."
            }
        }
    }

    /// Shortest accepted password.
    public static let minimumPasswordLength = 10

    let database: ConsoleDatabase
    let hasher: PasswordHasher
    let clock: ConsoleClock
    /// Where every hash of this store is computed (bounded; see `PasswordQueue`).
    let hashing: PasswordQueue

    public init(database: ConsoleDatabase, hasher: PasswordHasher = .standard, clock: ConsoleClock = .system,
                hashing: PasswordQueue = PasswordQueue()) {
        self.database = database
        self.hasher = hasher
        self.clock = clock
        self.hashing = hashing
    }

    /// Creates a user.
    public func add(name: String, role: ConsoleRole, password: String) async throws {
        guard Self.isValidName(name) else { throw Failure.invalidName }
        let encoded = try await hash(password)
        let now = clock.now.timeIntervalSince1970
        do {
            try await database.storage.write { session in
                if try session.row("SELECT 1 FROM users WHERE name = ?", .text(name)) != nil {
                    throw Failure.alreadyExists(name)
                }
                try session.execute("INSERT INTO users (name, role, password_hash, created_at) VALUES (?, ?, ?, ?)",
                                    .text(name), .text(role.rawValue), .text(encoded), .real(now))
            }
        } catch let error as SQLStorageError where error.isUniqueViolation {
            // Another replica added the same name between the check and the insert.
            throw Failure.alreadyExists(name)
        }
    }

    /// The encoded hash of an acceptable password, computed on the queue.
    private func hash(_ password: String) async throws -> String {
        guard password.count >= Self.minimumPasswordLength else {
            throw Failure.passwordTooShort(minimum: Self.minimumPasswordLength)
        }
        let hasher = self.hasher
        return try await hashing.run { try hasher.hash(password) }
    }

    /// Every user, by name.
    public func list() async throws -> [Record] {
        try await database.storage.read { session in
            // lower(): both dialects sort names the same way, whatever their collation.
            try session.rows("SELECT name, role, created_at FROM users ORDER BY lower(name), name").map { row in
                Record(name: try row.string("name"), role: ConsoleRole(rawValue: try row.string("role")) ?? .reviewer,
                       createdAt: try row.date("created_at"))
            }
        }
    }

    /// Number of users.
    public func count() async throws -> Int {
        try await database.storage.read { session in try session.scalar("SELECT COUNT(*) FROM users")?.int ?? 0 }
    }

    /// Removes a user and their sessions. Refuses to remove the last admin,
    /// so nobody can lock the console away from everyone.
    public func remove(name: String) async throws {
        try await database.storage.write { session in
            // Two replicas removing the last two admins at once must not both succeed.
            try session.lock("grantdesk.users")
            guard let role = try session.scalar("SELECT role FROM users WHERE name = ?", .text(name))?.string else {
                throw Failure.notFound(name)
            }
            if role == ConsoleRole.admin.rawValue,
               try session.scalar("SELECT COUNT(*) FROM users WHERE role = 'admin'")?.int ?? 0 <= 1 {
                throw Failure.lastAdmin
            }
            try session.execute("DELETE FROM users WHERE name = ?", .text(name))
        }
    }

    /// Replaces a user's password (an operator's `users set-password`), ends
    /// all their sessions and lifts any "must change password" mark.
    public func setPassword(name: String, password: String) async throws {
        let encoded = try await hash(password)
        try await replaceHash(name: name, encoded: encoded)
    }

    /// A user's own change (the change-password page): like `setPassword`,
    /// but the new password must differ from the current one.
    /// - Throws: `PasswordQueue.Busy` when the hashing queue is full.
    public func changeOwnPassword(name: String, to password: String) async throws {
        guard password.count >= Self.minimumPasswordLength else {
            throw Failure.passwordTooShort(minimum: Self.minimumPasswordLength)
        }
        guard let stored = try await storedUser(name: name) else { throw Failure.notFound(name) }
        let hasher = self.hasher
        if try await hashing.run({ hasher.verify(password, against: stored.hash) }) { throw Failure.sameAsOld }
        try await replaceHash(name: name, encoded: try await hash(password))
    }

    private func replaceHash(name: String, encoded: String) async throws {
        try await database.storage.write { session in
            let changed = try session.execute("UPDATE users SET password_hash = ?, must_change_password = 0 WHERE name = ?",
                                              .text(encoded), .text(name))
            guard changed == 1 else { throw Failure.notFound(name) }
            try session.execute("DELETE FROM sessions WHERE user_name = ?", .text(name))
        }
    }

    /// The user `name`, if it exists.
    public func find(name: String) async throws -> ConsoleUser? {
        try await storedUser(name: name)?.user
    }

    private func storedUser(name: String) async throws -> (user: ConsoleUser, hash: String)? {
        try await database.storage.read { session in
            try session.row("SELECT name, role, password_hash, must_change_password FROM users WHERE name = ?", .text(name))
                .map { row in (try Self.user(row), try row.string("password_hash")) }
        }
    }

    /// A user from a row holding `name`, `role` and `must_change_password`.
    static func user(_ row: SQLRow) throws -> ConsoleUser {
        ConsoleUser(name: try row.string("name"), role: ConsoleRole(rawValue: try row.string("role")) ?? .reviewer,
                    mustChangePassword: row["must_change_password"].bool ?? false)
    }

    /// The user if `password` is theirs. An unknown name costs the same
    /// scrypt work as a wrong password, so timing does not reveal which.
    /// - Throws: `PasswordQueue.Busy` when the hashing queue is full; the
    ///   password was then not checked.
    public func authenticate(name: String, password: String) async throws -> ConsoleUser? {
        let stored = try await storedUser(name: name)
        let hasher = self.hasher
        guard let stored else {
            try await hashing.run { hasher.burnEquivalentWork(password) }
            return nil
        }
        return try await hashing.run { hasher.verify(password, against: stored.hash) } ? stored.user : nil
    }

    /// Creates the first admin when there is no user at all. Returns the
    /// generated password when none was given (to print once), else nil.
    /// A generated password must be changed at first sign-in.
    ///
    /// Race-free across processes sharing the database: the check and the
    /// insert are one statement under a lock, so when two start-ups race,
    /// one creates the admin and the other finds a user and carries on.
    public func ensureFirstAdmin(name: String = "admin", password: String?) async throws -> String? {
        // Spares a (slow) hash on every start but the first.
        guard try await count() == 0 else { return nil }
        let chosen = password ?? Self.generatePassword()
        let encoded = try await hash(chosen)
        let now = clock.now.timeIntervalSince1970
        let created = try await database.storage.write { session in
            // The lock makes the check and the insert one step on PostgreSQL too
            // (its NOT EXISTS sees only what committed before the statement).
            try session.lock("grantdesk.users")
            return try session.execute("""
                INSERT INTO users (name, role, password_hash, created_at, must_change_password)
                SELECT ?, 'admin', ?, ?, ? WHERE NOT EXISTS (SELECT 1 FROM users)
                """, .text(name), .text(encoded), .real(now), SQLValue(password == nil)) == 1
        }
        return created && password == nil ? chosen : nil
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
