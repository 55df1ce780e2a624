import AccountsAPI
import AccountsServer
import CryptoPrimitives
import Foundation
import HTTPServer
import Logging

/// Which accounts API `serve` manages: the one named by `--upstream`/
/// `--upstream-token` or `MESHAGENT_API_URL`/`MESHAGENT_API_KEY` (with the
/// MeshAgent CLI's files as fallback for the token), or, when nothing names
/// one, the embedded API on a loopback port with a random token, seeded with
/// the demo project. The console talks to either over HTTP the same way.
enum UpstreamChoice {
    /// The resolved upstream, and the embedded server when one was started
    /// (kept alive by the caller for the life of the console).
    static func resolve(upstreamFlag: String?, tokenFlag: String?, environment: [String: String],
                        dataDirectory: String, logger: Logger) async throws -> (UpstreamConfiguration, Server?) {
        let input = UpstreamSettingsInput(
            upstreamFlag: upstreamFlag, tokenFlag: tokenFlag, environment: environment,
            homeDirectory: environment["HOME"],
            readFile: { path in FileManager.default.contents(atPath: path).map { [UInt8]($0) } })
        if input.namesUpstream {
            let resolved = try UpstreamSettings.resolve(input)
            logger.info("using the accounts API", metadata: [
                "upstream.url": "\(resolved.baseURL)", "upstream.url.source": "\(resolved.baseURLSource.rawValue)",
                "upstream.token.source": "\(resolved.tokenSource.rawValue)",
            ])
            return (resolved.configuration, nil)
        }
        let store = try AccountsStore(dataDirectory: dataDirectory + "/embedded-accounts")
        if try await store.seedDemo() { logger.info("seeded the embedded accounts API with the demo project") }
        let token = Base64URL.encode(RandomBytes.generate(count: 32))
        let application = AccountsRoutes.application(store: store, tokens: [token], logger: logger)
        let server = Server(configuration: ServerConfiguration(host: "127.0.0.1", port: 0),
                            responder: application, logger: logger)
        let port = try server.start()
        logger.info("started the embedded accounts API", metadata: ["upstream.port": "\(port)"])
        return (UpstreamConfiguration(baseURL: "http://127.0.0.1:\(port)", token: token), server)
    }
}
