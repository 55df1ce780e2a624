public import AccountsAPI
public import AccountsServer
public import HTTPApp
import HTTPClient
public import HTTPServer
import Logging

/// The embedded accounts API on a real loopback socket (port 0) over its own
/// SQLite file, with a client for it: the upstream of every test that needs
/// one that behaves. `front` puts a responder of the test's in front of the
/// API (to count or fault requests); without it the API is started exactly
/// as `grantdesk serve` starts it.
public final class EmbeddedAccountsHarness: Sendable {
    public static let token = "test-upstream-token"
    public static let project = AccountsStore.defaultProjectID

    public let directory: TemporaryDirectory
    public let store: AccountsStore
    public let baseURL: String
    public let port: Int
    /// The configuration a console or client uses to reach the API.
    public let configuration: UpstreamConfiguration
    public let client: AccountsClient
    private let stopServer: @Sendable () async -> Void

    public init(
        seedDemo: Bool = true, directory: TemporaryDirectory? = nil, requestTimeout: Duration = .seconds(10),
        front: (@Sendable (Application<BasicRequestContext>) -> any HTTPResponder)? = nil
    ) async throws {
        self.directory = try directory ?? TemporaryDirectory("accounts")
        store = try AccountsStore(dataDirectory: self.directory.path)
        if seedDemo { try await store.seedDemo() }
        if let front {
            let api = AccountsRoutes.application(store: store, tokens: [Self.token], logger: .silent)
            let server = Server(configuration: ServerConfiguration(host: "127.0.0.1", port: 0),
                                responder: front(api), logger: .silent)
            port = try server.start()
            baseURL = "http://127.0.0.1:\(port)"
            stopServer = { await server.shutdown(gracePeriod: .seconds(1)) }
        } else {
            let running = try EmbeddedAccounts.start(store: store, tokens: [Self.token], logger: .silent)
            port = running.port
            baseURL = running.baseURL
            stopServer = { await running.shutdown() }
        }
        configuration = Self.configuration(baseURL, token: Self.token, requestTimeout: requestTimeout)
        client = AccountsClient(configuration: configuration)
    }

    /// A client configuration with test-sized deadlines.
    public static func configuration(_ baseURL: String, token: String,
                                     requestTimeout: Duration = .seconds(10)) -> UpstreamConfiguration {
        UpstreamConfiguration(baseURL: baseURL, token: token,
                              http: HTTPClientConfiguration(connectTimeout: .seconds(2), requestTimeout: requestTimeout))
    }

    /// A client for any accounts API, with test-sized deadlines.
    public static func client(_ baseURL: String, token: String) -> AccountsClient {
        AccountsClient(configuration: configuration(baseURL, token: token))
    }

    /// Stops the server; the store stays readable.
    public func shutdown() async { await stopServer() }
}

/// Runs `body` and returns the `UpstreamError` it threw (nil if none).
public func upstreamError<T>(_ body: () async throws -> T) async -> UpstreamError? {
    do {
        _ = try await body()
        return nil
    } catch {
        return error as? UpstreamError
    }
}
