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

    private init(services: ConsoleServices, server: Server, port: Int, url: String, generatedAdminPassword: String?) {
        self.services = services
        self.server = server
        self.port = port
        self.url = url
        self.generatedAdminPassword = generatedAdminPassword
    }

    /// Starts everything, or throws a message fit to print (naming the
    /// template, directory or certificate at fault).
    public static func start(configuration: ConsoleConfiguration, logger: Logger,
                             clock: ConsoleClock = .system) async throws -> ConsoleRuntime {
        let database = try ConsoleDatabase.open(directory: configuration.dataDirectory)
        let users = UserStore(database: database, hasher: configuration.passwordHasher, clock: clock)
        let generated = try await users.ensureFirstAdmin(password: configuration.adminPassword)
        let (audit, sealed) = try await AuditLog.open(database: database, keyPath: configuration.auditKeyPath, clock: clock)
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
        let services = ConsoleServices(
            accounts: AccountsClient(configuration: configuration.upstream), users: users,
            sessions: SessionStore(database: database, clock: clock, policy: configuration.sessionPolicy),
            audit: audit, renderer: renderer, throttle: LoginThrottle(clock: clock), logger: logger, clock: clock)
        let application = try ConsoleApplication.make(services: services, staticFiles: staticFiles,
                                                      trustedProxies: configuration.trustedProxies)

        var serverConfiguration = ServerConfiguration(
            host: configuration.host, port: configuration.port,
            limits: ServerLimits(maxBodyBytes: ConsoleBodyLimit.ceiling, maxConnectionsPerAddress: configuration.maxConnectionsPerAddress),
            errorResponse: ConsoleApplication.serverErrorResponder(renderer: renderer),
            bodyLimit: ConsoleBodyLimit.limit(for:))
        serverConfiguration.streamedBody = ConsoleBodyLimit.isStreamedUpload
        switch configuration.tls {
        case .plainHTTP:
            break
        case .files(let certificate, let key):
            serverConfiguration.tls = try TLSServerContext(certificateChainPath: certificate, privateKeyPath: key)
        case .selfSigned:
            let files = try SelfSignedCertificate.loadOrGenerate(directory: configuration.dataDirectory + "/tls")
            serverConfiguration.tls = try TLSServerContext(certificateChainPath: files.certificatePath,
                                                           privateKeyPath: files.keyPath)
        }
        let server = Server(configuration: serverConfiguration, responder: application, logger: logger)
        let port = try server.start()
        let scheme = configuration.tls == .plainHTTP ? "http" : "https"
        let host = configuration.host.contains(":") ? "[\(configuration.host)]" : configuration.host
        return ConsoleRuntime(services: services, server: server, port: port,
                              url: "\(scheme)://\(host):\(port)/", generatedAdminPassword: generated)
    }

    /// Serves until SIGTERM or SIGINT, then shuts down gracefully.
    public func runUntilSignalled(_ signals: ShutdownSignals) async {
        await server.runUntilSignalled(signals)
    }

    /// Stops accepting and lets requests in flight finish.
    public func shutdown() async {
        await server.shutdown()
    }
}
