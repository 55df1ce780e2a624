import AccountsAPI
import AccountsServer
import ArgumentParser
import Foundation
import Logging

/// `--upstream`, `--upstream-token`, `--upstream-token-file`,
/// `--allow-insecure-upstream`: the accounts API a command works on,
/// resolved as `serve` resolves it (flags, then environment, then the
/// MeshAgent CLI's files; with nothing configured, the embedded API on the
/// data directory's `accounts.sqlite`).
struct UpstreamOptions: ParsableArguments {
    @Option(help: "The accounts API (default: $MESHAGENT_API_URL, else the embedded API in the data directory).")
    var upstream: String?

    @Option(name: .customLong("upstream-token"), help: "Bearer token for --upstream (default: $MESHAGENT_API_KEY).")
    var upstreamToken: String?

    @Option(name: .customLong("upstream-token-file"), help: "Read the upstream token from this file (argv is visible to every local user).")
    var upstreamTokenFile: String?

    @Flag(name: .customLong("allow-insecure-upstream"), help: "Allow an http:// upstream that is not on this machine.")
    var allowInsecureUpstream = false

    func validate() throws {
        if upstreamToken != nil && upstreamTokenFile != nil {
            throw ValidationError("--upstream-token and --upstream-token-file: pass one.")
        }
    }

    /// A client for the upstream, and the embedded API when one was started
    /// (keep it until the command is done, then shut it down).
    func connect(dataDirectory: String, environment: [String: String]) async throws -> (AccountsClient, RunningEmbeddedAccounts?) {
        let logger = Logger(label: "grantdesk.cli") { _ in SwiftLogNoOpLogHandler() }
        let (configuration, embedded) = try await UpstreamChoice.resolve(
            upstreamFlag: upstream, tokenFlag: upstreamToken, tokenFileFlag: upstreamTokenFile,
            allowInsecureUpstream: allowInsecureUpstream, environment: environment, dataDirectory: dataDirectory, logger: logger)
        return (AccountsClient(configuration: configuration), embedded)
    }
}

/// Prints `message` to standard error and exits with status 1.
func fail(_ message: String) -> ExitCode {
    FileHandle.standardError.write(Data("grantdesk: \(message)\n".utf8))
    return ExitCode(1)
}

/// Writes a line to standard output at once (unbuffered), so progress shows as it happens.
func say(_ text: String, newline: Bool = true) {
    FileHandle.standardOutput.write(Data((newline ? text + "\n" : text).utf8))
}
