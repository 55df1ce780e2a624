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
    /// Work left running after its request (snapshots being taken).
    public var jobs: BackgroundJobs
    /// How far running whole-project scans have got (`/projects/{pid}/progress`).
    var scans = ScanProgressBoard()
    /// Background operations (offboarding, bulk grants, copies, review revocations).
    public var operations: OperationEngine
    /// When grants expire; the runtime's sweeper revokes them.
    public var expiries: GrantExpiryStore
    /// Sign-in through an OpenID Connect provider, when configured.
    public var sso: SingleSignOn?

    /// `storage` holds the operations and expiries.
    public init(accounts: AccountsClient, users: UserStore, sessions: SessionStore, audit: AuditLog, renderer: Renderer,
                throttle: LoginThrottle, logger: Logger, clock: ConsoleClock, storage: any ConsoleStorage,
                jobs: BackgroundJobs = BackgroundJobs(), metrics: ConsoleMetrics = ConsoleMetrics(),
                sso: SingleSignOn? = nil) {
        self.accounts = accounts
        self.users = users
        self.sessions = sessions
        self.audit = audit
        self.renderer = renderer
        self.throttle = throttle
        self.logger = logger
        self.clock = clock
        self.metrics = metrics
        self.jobs = jobs
        self.sso = sso
        expiries = GrantExpiryStore(storage: storage, clock: clock)
        operations = OperationEngine(storage: storage, accounts: accounts, audit: audit, expiries: expiries,
                                     clock: clock, logger: logger)
    }

    /// The expiry sweeper over these services' upstream and audit log.
    public var expirySweeper: ExpirySweeper {
        ExpirySweeper(expiries: expiries, accounts: accounts, audit: audit, logger: logger)
    }
}

extension ConsoleServices {
    /// The one-time form tokens, in the same database as the users (shared by replicas).
    var ledger: SubmissionLedger { SubmissionLedger(database: users.database, clock: clock) }
}
