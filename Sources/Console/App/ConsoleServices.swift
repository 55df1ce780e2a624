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
    /// What `/metrics` shows; also the accounts client's call observer.
    public var metrics: ConsoleMetrics

    public init(accounts: AccountsClient, users: UserStore, sessions: SessionStore, audit: AuditLog, renderer: Renderer,
                throttle: LoginThrottle, logger: Logger, clock: ConsoleClock, metrics: ConsoleMetrics = ConsoleMetrics()) {
        self.accounts = accounts
        self.users = users
        self.sessions = sessions
        self.audit = audit
        self.renderer = renderer
        self.throttle = throttle
        self.logger = logger
        self.clock = clock
        self.metrics = metrics
    }
}
