public import AccountsAPI
public import Logging

/// Everything handlers need, built once at start-up and passed down.
public struct ConsoleServices: Sendable {
    /// MeshAgent's accounts API (or the embedded one), the only upstream.
    public var accounts: AccountsClient
    public var users: UserStore
    public var sessions: SessionStore
    public var audit: AuditLog
    public var renderer: Renderer
    public var throttle: LoginThrottle
    public var logger: Logger
    public var clock: ConsoleClock

    public init(accounts: AccountsClient, users: UserStore, sessions: SessionStore, audit: AuditLog, renderer: Renderer,
                throttle: LoginThrottle, logger: Logger, clock: ConsoleClock) {
        self.accounts = accounts
        self.users = users
        self.sessions = sessions
        self.audit = audit
        self.renderer = renderer
        self.throttle = throttle
        self.logger = logger
        self.clock = clock
    }
}

extension ConsoleServices {
    /// The one-time form tokens, in the same database as the users (shared by replicas).
    var ledger: SubmissionLedger { SubmissionLedger(database: users.database, clock: clock) }
}
