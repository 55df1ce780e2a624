import CryptoPrimitives
import Foundation

/// Console users who sign in through the provider. Each provider subject is
/// linked to one row of `users` (named `sso:<email>`, which no local user
/// can be called: local names have no `:`), upserted with the role its
/// groups give at every sign-in, with no usable password.
struct SingleSignOnUsers: Sendable {
    /// The `password_hash` of single sign-on users: not an scrypt hash, so no password ever matches.
    static let noPassword = "!sso"
    static let namePrefix = "sso:"

    let database: ConsoleDatabase
    let clock: ConsoleClock

    /// The console user for a verified identity, created or updated with `role`.
    func signIn(_ claims: IDTokenClaims, role: ConsoleRole) async throws -> ConsoleUser {
        let now = clock.now.timeIntervalSince1970
        let name = try await database.storage.write { session -> String in
            try session.lock("sso-identities")
            let name: String
            if let linked = try session.scalar("SELECT user_name FROM sso_identities WHERE issuer = ? AND subject = ?",
                                               .text(claims.issuer), .text(claims.subject))?.string {
                name = linked
                try session.execute("""
                    UPDATE sso_identities SET email = ?, display_name = ?, last_sign_in_at = ?
                    WHERE issuer = ? AND subject = ?
                    """, SQLValue(claims.email), SQLValue(claims.name), .real(now), .text(claims.issuer),
                    .text(claims.subject))
            } else {
                name = try Self.freeName(for: claims, in: session)
                try session.execute("""
                    INSERT INTO sso_identities (issuer, subject, user_name, email, display_name, first_seen_at, last_sign_in_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    """, .text(claims.issuer), .text(claims.subject), .text(name), SQLValue(claims.email),
                    SQLValue(claims.name), .real(now), .real(now))
            }
            try session.execute("""
                INSERT INTO users (name, role, password_hash, created_at) VALUES (?, ?, ?, ?)
                ON CONFLICT (name) DO UPDATE SET role = excluded.role
                """, .text(name), .text(role.rawValue), .text(Self.noPassword), .real(now))
            return name
        }
        return ConsoleUser(name: name, role: role, identity: Self.describe(claims.issuer, claims.subject, claims.email))
    }

    /// Removes the console user of an identity that no longer has access,
    /// ending all of its sessions.
    func revoke(_ claims: IDTokenClaims) async throws {
        try await database.storage.write { session in
            guard let name = try session.scalar("SELECT user_name FROM sso_identities WHERE issuer = ? AND subject = ?",
                                                .text(claims.issuer), .text(claims.subject))?.string
            else { return }
            try session.execute("DELETE FROM sessions WHERE user_name = ?", .text(name))
            try session.execute("DELETE FROM users WHERE name = ? AND password_hash = ?", .text(name), .text(Self.noPassword))
        }
    }

    /// Keeps the ID token a session was signed in with, for logout at the provider.
    func remember(idToken: String, session: Session, keepFor lifetime: TimeInterval) async throws {
        let now = clock.now.timeIntervalSince1970
        try await database.storage.write { sql in
            try sql.execute("DELETE FROM sso_sessions WHERE created_at < ?", .real(now - lifetime))
            try sql.execute("INSERT INTO sso_sessions (session_hash, id_token, created_at) VALUES (?, ?, ?)",
                            .text(session.idHash), .text(idToken), .real(now))
        }
    }

    /// The ID token of a session that is ending (removed with it).
    func forget(session: Session) async throws -> String? {
        try await database.storage.write { sql in
            try sql.rows("DELETE FROM sso_sessions WHERE session_hash = ? RETURNING id_token", [.text(session.idHash)])
                .first?["id_token"].string
        }
    }

    /// "subject S at ISSUER, email E" for a single sign-on user's name, for the audit log.
    func identity(userName: String) async throws -> String? {
        guard userName.hasPrefix(Self.namePrefix) else { return nil }
        return try await database.storage.read { session in
            try session.row("SELECT issuer, subject, email FROM sso_identities WHERE user_name = ?", .text(userName))
                .map { row in Self.describe(try row.string("issuer"), try row.string("subject"), row["email"].string) }
        }
    }

    static func describe(_ issuer: String, _ subject: String, _ email: String?) -> String {
        "subject \(subject) at \(issuer)" + (email.map { ", email \($0)" } ?? "")
    }

    /// `sso:<email>`, or `sso:<hash of the identity>` when there is no
    /// usable email or that name is taken by another identity.
    private static func freeName(for claims: IDTokenClaims, in session: any SQLSession) throws -> String {
        if let email = claims.email, (3...120).contains(email.utf8.count),
           !email.unicodeScalars.contains(where: { $0.value < 0x21 || $0.value == 0x7F }) {
            let candidate = namePrefix + email
            if try session.scalar("SELECT 1 FROM users WHERE name = ?", .text(candidate)) == nil,
               try session.scalar("SELECT 1 FROM sso_identities WHERE user_name = ?", .text(candidate)) == nil {
                return candidate
            }
        }
        return namePrefix + String(SHA256.hex(claims.issuer + "\n" + claims.subject).prefix(16))
    }
}
