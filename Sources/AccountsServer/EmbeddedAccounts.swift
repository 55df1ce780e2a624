public import HTTPServer
public import Logging
import Transport

/// The embedded accounts API, started on a socket: what `grantdesk serve`
/// runs when no upstream is configured, and what `grantdesk accounts-server`
/// runs on its own.
public enum EmbeddedAccounts {
    /// Opens (or creates) `accounts.sqlite` in `dataDirectory`, seeds the demo
    /// project if asked and the database is empty, and serves the API.
    ///
    /// - Parameters:
    ///   - host: the address to bind; keep the loopback default unless the API must be reachable.
    ///   - port: 0 picks a free port (read it from the result).
    ///   - tokens: bearer tokens accepted; empty generates one random token.
    ///   - tlsCertificatePath, tlsKeyPath: PEM files for HTTPS; nil serves plain HTTP.
    ///   - uploadLimit: the largest storage upload accepted (413 beyond it).
    public static func start(
        dataDirectory: String, host: String = "127.0.0.1", port: Int = 0, tokens: [String] = [],
        seedDemo: Bool = true, tlsCertificatePath: String? = nil, tlsKeyPath: String? = nil,
        uploadLimit: Int = ProjectStorage.defaultUploadLimit, logger: Logger
    ) async throws -> RunningEmbeddedAccounts {
        let store = try AccountsStore(dataDirectory: dataDirectory)
        if seedDemo, try await store.seedDemo() {
            logger.info("seeded the demo project", metadata: ["accounts.project": "\(AccountsStore.defaultProjectID)"])
        }
        return try start(store: store, host: host, port: port, tokens: tokens,
                         tlsCertificatePath: tlsCertificatePath, tlsKeyPath: tlsKeyPath, uploadLimit: uploadLimit, logger: logger)
    }

    /// Serves an already opened store.
    public static func start(
        store: AccountsStore, host: String = "127.0.0.1", port: Int = 0, tokens: [String] = [],
        tlsCertificatePath: String? = nil, tlsKeyPath: String? = nil,
        uploadLimit: Int = ProjectStorage.defaultUploadLimit, logger: Logger
    ) throws -> RunningEmbeddedAccounts {
        let accepted = tokens.filter { !$0.isEmpty }
        let effectiveTokens = accepted.isEmpty ? [randomToken()] : accepted
        var tls: TLSServerContext?
        if let tlsCertificatePath, let tlsKeyPath {
            tls = try TLSServerContext(certificateChainPath: tlsCertificatePath, privateKeyPath: tlsKeyPath)
        }
        let storage = ProjectStorage(root: store.storageDirectory, uploadLimit: uploadLimit)
        let application = AccountsRoutes.application(store: store, storage: storage, tokens: effectiveTokens, logger: logger)
        // The server's own refusals (malformed requests, oversized bodies) answer in the API's JSON shape too.
        // Only storage uploads may be large; every other body keeps the usual 1 MiB.
        let ordinary = ServerLimits()
        var limits = ordinary
        limits.maxBodyBytes = max(uploadLimit, ordinary.maxBodyBytes)
        var configuration = ServerConfiguration(
            host: host, port: port, tls: tls, limits: limits,
            errorResponse: { status in JSONResponse.error(status, status.reason) },
            bodyLimit: { head in AccountsRoutes.isStorageUpload(head) ? uploadLimit : ordinary.maxBodyBytes }
        )
        // An upload goes to its temporary file as it arrives, never whole in memory.
        configuration.streamedBody = AccountsRoutes.isStorageUpload
        let server = Server(configuration: configuration, responder: application, logger: logger)
        let boundPort = try server.start()
        let scheme = tls == nil ? "http" : "https"
        let urlHost = host.contains(":") ? "[\(host)]" : host
        return RunningEmbeddedAccounts(
            baseURL: "\(scheme)://\(urlHost):\(boundPort)", port: boundPort, token: effectiveTokens[0],
            store: store, server: server
        )
    }

    /// 256 random bits as hex, from the system's secure generator.
    static func randomToken() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<32).map { _ in
            let byte = UInt8.random(in: 0...255, using: &generator)
            return (byte < 16 ? "0" : "") + String(byte, radix: 16)
        }.joined()
    }
}

/// A running embedded accounts API.
public struct RunningEmbeddedAccounts: Sendable {
    /// e.g. `http://127.0.0.1:49152`, no trailing `/`: an `UpstreamConfiguration` base URL.
    public let baseURL: String
    /// The bound port.
    public let port: Int
    /// A bearer token the API accepts (the first configured, or the generated one).
    public let token: String
    /// The database behind the API.
    public let store: AccountsStore
    let server: Server

    /// Stops accepting, finishes requests in flight, closes connections.
    public func shutdown() async {
        await server.shutdown(gracePeriod: .seconds(2))
    }

    /// Serves until SIGTERM or SIGINT, then shuts down.
    public func runUntilSignalled(_ signals: ShutdownSignals) async {
        await server.runUntilSignalled(signals)
    }
}
