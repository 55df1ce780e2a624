import CryptoPrimitives
import Foundation

/// Remembers which editor forms were already submitted, so a second submit
/// of the same form (a double click, a reload, a resent POST) makes no second
/// upstream change and shows what the first one did, whichever replica it
/// reaches: the tokens live in the console database (`submission_tokens`).
///
/// Each rendered form carries a random token; the key is the session plus the
/// token, so a token is useless outside the session that received it. Tokens
/// only need to outlive the few hours between a form and its submission;
/// older ones are swept on each claim.
struct SubmissionLedger: Sendable {
    /// What happened to a submission.
    enum State: Sendable, Equatable {
        /// The first submit is still talking to the upstream.
        case inFlight
        /// The change was made; later submits go where the first one went.
        case done(location: String, message: String)
    }

    /// The outcome of trying to claim a token.
    enum Claim: Sendable, Equatable {
        case claimed
        case already(State)
    }

    let database: ConsoleDatabase
    let clock: ConsoleClock
    let lifetime: TimeInterval

    /// A fresh token for one rendered form: 128 random bits as hex.
    static func newToken() -> String { RandomBytes.hexString(byteCount: 16) }

    init(database: ConsoleDatabase, clock: ConsoleClock = .system, lifetime: TimeInterval = 6 * 60 * 60) {
        self.database = database
        self.clock = clock
        self.lifetime = lifetime
    }

    /// Claims `token` for `session`: the first caller, on any replica, gets
    /// `.claimed`, every later one the state the first left.
    func claim(session: String, token: String) async throws -> Claim {
        let now = clock.now.timeIntervalSince1970
        let horizon = now - lifetime
        return try await database.storage.write { db in
            try db.execute("DELETE FROM submission_tokens WHERE at < ?", .real(horizon))
            // A concurrent insert of the same key waits for the other to
            // commit, then does nothing: exactly one claim wins.
            let inserted = try db.execute("""
                INSERT INTO submission_tokens (session_hash, token, state, at) VALUES (?, ?, 'in-flight', ?)
                ON CONFLICT (session_hash, token) DO NOTHING
                """, .text(session), .text(token), .real(now))
            if inserted == 1 { return .claimed }
            guard let row = try db.row("SELECT state, location, message FROM submission_tokens WHERE session_hash = ? AND token = ?",
                                       .text(session), .text(token))
            else { return .claimed }
            if try row.string("state") == "done" {
                return .already(.done(location: try row.string("location"), message: try row.string("message")))
            }
            return .already(.inFlight)
        }
    }

    /// Records that the claimed submission changed the upstream.
    func finish(session: String, token: String, location: String, message: String) async throws {
        let now = clock.now.timeIntervalSince1970
        try await database.storage.write { db in
            try db.execute("""
                INSERT INTO submission_tokens (session_hash, token, state, location, message, at) VALUES (?, ?, 'done', ?, ?, ?)
                ON CONFLICT (session_hash, token) DO UPDATE
                SET state = 'done', location = excluded.location, message = excluded.message, at = excluded.at
                """, .text(session), .text(token), .text(location), .text(message), .real(now))
        }
    }

    /// Gives the token back after a submission that changed nothing (refused,
    /// invalid, or failed upstream), so the same form can be sent again.
    func release(session: String, token: String) async throws {
        try await database.storage.write { db in
            try db.execute("DELETE FROM submission_tokens WHERE session_hash = ? AND token = ? AND state = 'in-flight'",
                           .text(session), .text(token))
        }
    }
}
