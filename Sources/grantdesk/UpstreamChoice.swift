import AccountsAPI
import AccountsServer
import Foundation
import Logging

/// Which accounts API `serve` manages: the one named by `--upstream`/
/// `--upstream-token` or `MESHAGENT_API_URL`/`MESHAGENT_API_KEY` (with the
/// MeshAgent CLI's files as fallback for the token), or, when nothing names
/// one, the embedded API on a loopback port with a random token, seeded with
/// the demo project (`accounts.sqlite` in the data directory, shared with
/// `grantdesk accounts-server`). The console talks to either over HTTP the same way.
enum UpstreamChoice {
    /// The resolved upstream, and the embedded API when one was started
    /// (kept alive by the caller for the life of the console).
    static func resolve(upstreamFlag: String?, tokenFlag: String?, tokenFileFlag: String?, allowInsecureUpstream: Bool,
                        environment: [String: String], dataDirectory: String,
                        logger: Logger) async throws -> (UpstreamConfiguration, RunningEmbeddedAccounts?) {
        let input = UpstreamSettingsInput(
            upstreamFlag: upstreamFlag, tokenFlag: tokenFlag, environment: environment,
            homeDirectory: environment["HOME"],
            readFile: { path in FileManager.default.contents(atPath: path).map { [UInt8]($0) } },
            tokenFileFlag: tokenFileFlag, allowInsecureUpstream: allowInsecureUpstream)
        if input.namesUpstream {
            let resolved = try UpstreamSettings.resolve(input)
            logger.info("using the accounts API", metadata: [
                "upstream.url": "\(resolved.baseURL)", "upstream.url.source": "\(resolved.baseURLSource.rawValue)",
                "upstream.token.source": "\(resolved.tokenSource.rawValue)",
            ])
            return (resolved.configuration, nil)
        }
        let embedded = try await EmbeddedAccounts.start(dataDirectory: dataDirectory,
                                                        logger: logger)
        logger.info("started the embedded accounts API", metadata: ["upstream.port": "\(embedded.port)"])
        return (UpstreamConfiguration(baseURL: embedded.baseURL, token: embedded.token), embedded)
    }

    /// Asks a configured upstream once whether it takes the token; returns the
    /// line to show the operator either way (the console runs on regardless).
    static func checkOnce(_ accounts: AccountsClient, logger: Logger) async -> String {
        let check = await accounts.startUpCheck()
        let message = check.message(baseURL: accounts.configuration.baseURL)
        if !check.isReachable {
            logger.warning("the upstream start-up check failed", metadata: ["upstream.check": "\(message)"])
        }
        return message
    }
}
