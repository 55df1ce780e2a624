import CryptoPrimitives
import Foundation

/// Remembers which editor forms were already submitted, so a second submit
/// of the same form (a double click, a reload, a resent POST) makes no second
/// upstream change and shows what the first one did.
///
/// Each rendered form carries a random token; the key is the session plus the
/// token, so a token is useless outside the session that received it. Kept in
/// memory: tokens only need to outlive the few minutes between a form and its
/// submission, and a restart ends every form's session anyway.
actor SubmissionLedger {
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

    private struct Entry {
        var state: State
        var at: Date
    }

    private var entries: [String: Entry] = [:]
    private let lifetime: TimeInterval
    private let capacity: Int

    /// A fresh token for one rendered form: 128 random bits as hex.
    static func newToken() -> String { RandomBytes.hexString(byteCount: 16) }

    init(lifetime: TimeInterval = 6 * 60 * 60, capacity: Int = 10_000) {
        self.lifetime = lifetime
        self.capacity = capacity
    }

    /// Claims `token` for `session`: the first caller gets `.claimed`, every
    /// later one the state the first left.
    func claim(session: String, token: String, now: Date = Date()) -> Claim {
        prune(now: now)
        let key = session + "/" + token
        if let entry = entries[key] { return .already(entry.state) }
        entries[key] = Entry(state: .inFlight, at: now)
        return .claimed
    }

    /// Records that the claimed submission changed the upstream.
    func finish(session: String, token: String, location: String, message: String, now: Date = Date()) {
        entries[session + "/" + token] = Entry(state: .done(location: location, message: message), at: now)
    }

    /// Gives the token back after a submission that changed nothing (refused,
    /// invalid, or failed upstream), so the same form can be sent again.
    func release(session: String, token: String) {
        if case .inFlight? = entries[session + "/" + token]?.state {
            entries[session + "/" + token] = nil
        }
    }

    private func prune(now: Date) {
        entries = entries.filter { now.timeIntervalSince($0.value.at) < lifetime }
        guard entries.count >= capacity else { return }
        let oldest = entries.sorted { $0.value.at < $1.value.at }.prefix(entries.count - capacity + 1)
        for (key, _) in oldest { entries[key] = nil }
    }
}
