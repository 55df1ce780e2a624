import AccountsAPI
import AccountsServer
import HTTPClient
import Logging

/// The embedded accounts API on a real loopback socket, with a client for it.
struct EmbeddedHarness {
    let directory: TemporaryDirectory
    let running: RunningEmbeddedAccounts
    let client: AccountsClient
    static let token = "socket-test-token"
    static let project = "default"

    init(seedDemo: Bool = true, directory: TemporaryDirectory? = nil) async throws {
        self.directory = try directory ?? TemporaryDirectory()
        running = try await EmbeddedAccounts.start(
            dataDirectory: self.directory.path, tokens: [Self.token], seedDemo: seedDemo,
            logger: Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }
        )
        client = Self.client(running.baseURL, token: Self.token)
    }

    static func client(_ baseURL: String, token: String) -> AccountsClient {
        AccountsClient(configuration: UpstreamConfiguration(
            baseURL: baseURL, token: token,
            http: HTTPClientConfiguration(connectTimeout: .seconds(2), requestTimeout: .seconds(10))
        ))
    }

    func shutdown() async {
        await running.shutdown()
    }
}

/// Runs `body` and returns the `UpstreamError` it threw (nil if none).
func upstreamError<T>(_ body: () async throws -> T) async -> UpstreamError? {
    do {
        _ = try await body()
        return nil
    } catch {
        return error as? UpstreamError
    }
}
