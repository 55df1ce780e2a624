import CryptoPrimitives
import Foundation

/// Sign-ins sent to the provider and not yet back. The browser holds only a
/// random binding value in a short-lived cookie; the server keeps the state
/// (hashed), nonce, PKCE verifier and the page first asked for. A callback
/// consumes its row whatever the outcome, so a state works once.
struct PendingSignInStore: Sendable {
    struct Pending: Sendable, Equatable {
        var nonce: String
        var codeVerifier: String
        var next: String?
    }

    /// How long a sign-in may take at the provider.
    static let lifetime: TimeInterval = 10 * 60

    let database: ConsoleDatabase
    let clock: ConsoleClock

    /// Records a new sign-in; returns its `state` and the cookie value binding it to this browser.
    func start(next: String?) async throws -> (state: String, browser: String, pending: Pending) {
        let state = Base64URL.encode(RandomBytes.generate(count: 32))
        let browser = Base64URL.encode(RandomBytes.generate(count: 32))
        let pending = Pending(nonce: Base64URL.encode(RandomBytes.generate(count: 32)),
                              codeVerifier: Base64URL.encode(RandomBytes.generate(count: 32)), next: next)
        let now = clock.now.timeIntervalSince1970
        try await database.storage.write { session in
            try session.execute("DELETE FROM sso_logins WHERE created_at < ?", .real(now - Self.lifetime))
            try session.execute("""
                INSERT INTO sso_logins (state_hash, browser_hash, nonce, code_verifier, next, created_at)
                VALUES (?, ?, ?, ?, ?, ?)
                """, .text(SHA256.hex(state)), .text(SHA256.hex(browser)), .text(pending.nonce),
                .text(pending.codeVerifier), SQLValue(next), .real(now))
        }
        return (state, browser, pending)
    }

    /// The sign-in `state` belongs to, if this browser started it and it is
    /// fresh. The row is removed either way.
    func finish(state: String, browser: String?) async throws -> Pending? {
        guard state.utf8.count <= 128 else { return nil }
        let now = clock.now.timeIntervalSince1970
        let row = try await database.storage.write { session in
            try session.rows("""
                DELETE FROM sso_logins WHERE state_hash = ?
                RETURNING browser_hash, nonce, code_verifier, next, created_at
                """, [.text(SHA256.hex(state))]).first
        }
        guard let row, let browser, now - (try row.double("created_at")) < Self.lifetime,
              ConstantTime.equals(Array(try row.string("browser_hash").utf8), Array(SHA256.hex(browser).utf8))
        else { return nil }
        return Pending(nonce: try row.string("nonce"), codeVerifier: try row.string("code_verifier"),
                       next: row["next"].string)
    }
}
