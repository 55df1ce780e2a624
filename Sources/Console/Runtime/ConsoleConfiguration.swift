public import AccountsAPI
public import HTTPApp

/// Every setting of `grantdesk serve`, resolved once by the executable
/// (flag, then environment, then default) and passed down. Nothing below the
/// executable reads the environment.
public struct ConsoleConfiguration: Sendable {
    /// How the console speaks to browsers.
    public enum TLSMode: Sendable, Hashable {
        /// A self-signed certificate generated in the data directory on first run.
        case selfSigned
        /// PEM files given with `--tls-cert` and `--tls-key`.
        case files(certificate: String, key: String)
        /// `--http`: plain HTTP, behind a TLS-terminating proxy or in tests.
        case plainHTTP
    }

    /// Address to bind (`--host`).
    public var host: String = "127.0.0.1"
    /// Port to bind (`--port`); 0 picks a free one.
    public var port: Int = 8443
    public var tls: TLSMode = .selfSigned
    /// Sessions, console users, the audit log and generated certificates
    /// (`--data-dir`, `GRANTDESK_DATA_DIR`).
    public var dataDirectory: String = ".grantdesk"
    /// The audit chain's key file (`--audit-key-file`); nil means
    /// `audit.key` in the data directory. Created on first use, except with
    /// a `databaseURL`: replicas must share one key, so it must exist.
    public var auditKeyFile: String?
    /// PostgreSQL for all console state (`--database-url`,
    /// `GRANTDESK_DATABASE_URL`), shared by replicas; nil keeps it in SQLite
    /// in the data directory. Never logged with its password.
    public var databaseURL: String?
    /// The folder holding `Templates/` and `Public/` (`--resources`).
    public var resourcesDirectory: String = "."
    /// The accounts API to manage: the real one, or the embedded one the
    /// executable started on a loopback port.
    public var upstream: UpstreamConfiguration

    /// Password of the first admin, created when no console user exists
    /// (`GRANTDESK_ADMIN_PASSWORD`); nil generates one and reports it once.
    public var adminPassword: String?
    /// Proxies whose `X-Forwarded-For` names the client for throttling and
    /// logs (`--trusted-proxy`); none by default.
    public var trustedProxies: TrustedProxies = .none
    /// Password hashing cost (tests lower it).
    public var passwordHasher: PasswordHasher = .standard
    public var sessionPolicy = SessionPolicy()
    /// Most open connections from one client address
    /// (`--max-connections-per-address`); behind a reverse proxy every
    /// connection comes from the proxy, so it is raised there.
    public var maxConnectionsPerAddress = 64
    /// The bearer token that may read `/metrics` from other than loopback
    /// (`GRANTDESK_METRICS_TOKEN`); nil: loopback only.
    public var metricsToken: String?
    /// `--snapshot-every`: how often to snapshot every project's grants; nil: never.
    public var snapshotEvery: Duration?
    /// How often expired grants are looked for (besides once at start-up).
    public var expirySweepInterval: Duration = .seconds(30)
    /// Sign-in through an OpenID Connect provider (`--oidc-issuer` and
    /// friends); nil: local users only.
    public var singleSignOn: SingleSignOnSettings?

    public init(upstream: UpstreamConfiguration) {
        self.upstream = upstream
    }

    /// The audit key file in use.
    public var auditKeyPath: String { auditKeyFile ?? dataDirectory + "/" + AuditKey.fileName }
    /// Where templates are loaded from.
    public var templatesDirectory: String { resourcesDirectory + "/Templates" }
    /// Where `/static/…` files are loaded from.
    public var publicDirectory: String { resourcesDirectory + "/Public" }
}
