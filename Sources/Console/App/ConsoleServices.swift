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
    /// Sign-in through an OpenID Connect provider, when configured.
    public var sso: SingleSignOn?

    public init(accounts: AccountsClient, users: UserStore, sessions: SessionStore, audit: AuditLog, renderer: Renderer,
                throttle: LoginThrottle, logger: Logger, clock: ConsoleClock, sso: SingleSignOn? = nil) {
        self.accounts = accounts
        self.users = users
        self.sessions = sessions
        self.audit = audit
        self.renderer = renderer
        self.throttle = throttle
        self.logger = logger
        self.clock = clock
        self.sso = sso
    }
}
