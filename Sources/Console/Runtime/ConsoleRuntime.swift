import AccountsAPI
import HTTPApp
public import HTTPServer
public import Logging
import Transport

/// A running console: database opened, start-up checks done, templates and
/// static files loaded, server listening.
public final class ConsoleRuntime: Sendable {
    public let services: ConsoleServices
    /// The bound port (the configured one, or the one picked for port 0).
    public let port: Int
    /// The address to open in a browser.
    public let url: String
    /// Set when this start created the first admin with a generated password,
    /// which the caller must show exactly once.
    public let generatedAdminPassword: String?
    private let server: Server
    /// The TLS context and the files it was loaded from; nil for plain HTTP.
    private let tls: (context: TLSServerContext, certificate: String, key: String)?
    /// The `--snapshot-every` loop, when configured.
    private let schedule: Task<Void, Never>?
    /// Revokes expired grants: first at start-up (expiries that passed while
    /// no console ran), then every `expirySweepInterval`.
    let sweeper: Task<Void, Never>
    /// The start-up sweep, which tests await.
    public let firstSweep: Task<ExpirySweeper.Result, Never>

    private init(services: ConsoleServices, server: Server, tls: (context: TLSServerContext, certificate: String, key: String)?,
                 port: Int, url: String, generatedAdminPassword: String?,
                 sweepInterval: Duration, schedule: Task<Void, Never>?) {
        self.services = services
        self.server = server
        self.tls = tls
        self.schedule = schedule
        let sweeper = services.expirySweeper
        let first = Task { await sweeper.sweep() }
        firstSweep = first
        self.sweeper = Task {
            _ = await first.value
            while !Task.isCancelled {
                try? await Task.sleep(for: sweepInterval)
                if Task.isCancelled { break }
                await sweeper.sweep()
            }
        }
        self.port = port
        self.url = url
        self.generatedAdminPassword = generatedAdminPassword
    }

    /// Starts everything, or throws a message fit to print (naming the
    /// template, directory or certificate at fault).
    public static func start(configuration: ConsoleConfiguration, logger: Logger,
                             clock: ConsoleClock = .system) async throws -> ConsoleRuntime {
        let database: ConsoleDatabase
        if let url = configuration.databaseURL {
            database = try await ConsoleDatabase.open(url: url)
            logger.info("console state in PostgreSQL", metadata: ["database": "\(ConsoleDatabase.redacted(url: url))"])
        } else {
            database = try ConsoleDatabase.open(directory: configuration.dataDirectory)
        }
        let users = UserStore(database: database, hasher: configuration.passwordHasher, clock: clock)
        // With local users turned off nobody could sign in as the first admin.
        let generated = configuration.singleSignOn?.localUsers == false
            ? nil : try await users.ensureFirstAdmin(password: configuration.adminPassword)
        let (audit, sealed) = try await AuditLog.open(database: database, keyPath: configuration.auditKeyPath,
                                                      mayCreateKey: configuration.databaseURL == nil, clock: clock)
        if sealed > 0 {
            logger.notice("sealed the audit records written before the audit key existed",
                          metadata: ["audit.sealed": "\(sealed)"])
        }
        let interrupted = try await audit.resolveInterrupted()
        if interrupted > 0 {
            logger.warning("audit records left pending by an earlier run were closed as interrupted",
                           metadata: ["audit.interrupted": "\(interrupted)"])
        }
        if case .broken(let sequence, let reason) = try await audit.verify() {
            logger.critical("the audit log's hash chain is broken", metadata: [
                "audit.sequence": "\(sequence)", "audit.reason": "\(reason)",
            ])
        }
        let renderer = try await Renderer.load(directory: configuration.templatesDirectory)
        let staticFiles = try StaticFiles<ConsoleContext>(directory: configuration.publicDirectory)
        let metrics = ConsoleMetrics(accessToken: configuration.metricsToken)
        let services = ConsoleServices(
            accounts: AccountsClient(configuration: configuration.upstream, observer: metrics), users: users,
            sessions: SessionStore(database: database, clock: clock, policy: configuration.sessionPolicy),
            audit: audit, renderer: renderer, throttle: LoginThrottle(database: database, clock: clock), logger: logger, clock: clock,
            storage: database.storage, metrics: metrics,
            sso: configuration.singleSignOn.map { SingleSignOn(settings: $0, database: database, clock: clock) })
        let stale = try await services.operations.interruptStale()
        if stale > 0 {
            logger.warning("operations left running by an earlier run were recorded as interrupted",
                           metadata: ["operations.interrupted": "\(stale)"])
        }
        let application = try ConsoleApplication.make(services: services, staticFiles: staticFiles,
                                                      trustedProxies: configuration.trustedProxies)

        var serverConfiguration = ServerConfiguration(
            host: configuration.host, port: configuration.port,
            limits: ServerLimits(maxBodyBytes: ConsoleBodyLimit.ceiling, maxConnectionsPerAddress: configuration.maxConnectionsPerAddress),
            errorResponse: ConsoleApplication.serverErrorResponder(renderer: renderer),
            bodyLimit: ConsoleBodyLimit.limit(for:))
        serverConfiguration.streamedBody = ConsoleBodyLimit.isStreamedUpload
        var tls: (context: TLSServerContext, certificate: String, key: String)?
        switch configuration.tls {
        case .plainHTTP:
            break
        case .files(let certificate, let key):
            tls = (try TLSServerContext(certificateChainPath: certificate, privateKeyPath: key), certificate, key)
        case .selfSigned:
            let files = try SelfSignedCertificate.loadOrGenerate(directory: configuration.dataDirectory + "/tls")
            tls = (try TLSServerContext(certificateChainPath: files.certificatePath, privateKeyPath: files.keyPath),
                   files.certificatePath, files.keyPath)
        }
        serverConfiguration.tls = tls?.context
        let server = Server(configuration: serverConfiguration, responder: application, logger: logger)
        ServerMetrics.register(server: server, statistics: serverConfiguration.statistics, sessions: services.sessions,
                               in: metrics.registry)
        let port = try server.start()
        let scheme = configuration.tls == .plainHTTP ? "http" : "https"
        let host = configuration.host.contains(":") ? "[\(configuration.host)]" : configuration.host
        let schedule = configuration.snapshotEvery.map { every in
            Task { await SnapshotSchedule(services: services, interval: every).run() }
        }
        return ConsoleRuntime(services: services, server: server, tls: tls, port: port,
                              url: "\(scheme)://\(host):\(port)/", generatedAdminPassword: generated,
                              sweepInterval: configuration.expirySweepInterval, schedule: schedule)
    }

    /// Loads the certificate and key again from their files (on SIGHUP): new
    /// handshakes use them, open connections are left alone. A file that is
    /// missing, broken or a key that does not match is refused with a log
    /// line, and the pair in use stays.
    public func reloadCertificate() {
        let logger = services.logger
        guard let tls else {
            logger.notice("SIGHUP: serving plain HTTP, no certificate to reload")
            return
        }
        do {
            try tls.context.reload(certificateChainPath: tls.certificate, privateKeyPath: tls.key)
            logger.notice("reloaded the TLS certificate", metadata: ["tls.certificate": "\(tls.certificate)"])
        } catch {
            logger.error("kept the TLS certificate in use: the new one could not be loaded", metadata: [
                "tls.certificate": "\(tls.certificate)", "error": "\(error)",
            ])
        }
    }

    /// Serves until SIGTERM or SIGINT, then shuts down gracefully.
    public func runUntilSignalled(_ signals: ShutdownSignals) async {
        await server.runUntilSignalled(signals)
        await stopBackgroundWork()
    }

    /// Stops accepting and lets requests in flight finish.
    public func shutdown() async {
        await server.shutdown()
        await stopBackgroundWork()
    }

    /// Stops the sweeper and the snapshot schedule. Operations still running
    /// stop with the process; the next start records their unfinished items as interrupted.
    private func stopBackgroundWork() async {
        schedule?.cancel()
        sweeper.cancel()
        await sweeper.value
    }
}
