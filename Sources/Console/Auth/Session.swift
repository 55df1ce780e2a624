public import Foundation

/// A server-side session. The browser holds only the random id; the server
/// stores its SHA-256 hash, so a leaked database does not yield live cookies.
public struct Session: Sendable, Hashable {
    /// Hex SHA-256 of the cookie value.
    public var idHash: String
    public var userName: String
    /// 32 random bytes; CSRF tokens are this secret masked per response.
    public var csrfSecret: [UInt8]
    public var createdAt: Date
    public var lastSeenAt: Date

    public init(idHash: String, userName: String, csrfSecret: [UInt8], createdAt: Date, lastSeenAt: Date) {
        self.idHash = idHash
        self.userName = userName
        self.csrfSecret = csrfSecret
        self.createdAt = createdAt
        self.lastSeenAt = lastSeenAt
    }
}

/// How long sessions live.
public struct SessionPolicy: Sendable, Hashable {
    /// A session unused for this long ends.
    public var idleTimeout: TimeInterval
    /// A session ends this long after sign-in, however busy.
    public var absoluteTimeout: TimeInterval

    public init(idleTimeout: TimeInterval = 30 * 60, absoluteTimeout: TimeInterval = 12 * 60 * 60) {
        self.idleTimeout = idleTimeout
        self.absoluteTimeout = absoluteTimeout
    }

    /// Whether `session` is still valid at `now`.
    public func isAlive(_ session: Session, at now: Date) -> Bool {
        now.timeIntervalSince(session.lastSeenAt) < idleTimeout
            && now.timeIntervalSince(session.createdAt) < absoluteTimeout
    }
}
