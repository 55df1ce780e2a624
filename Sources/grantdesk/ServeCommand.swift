import ArgumentParser
import AccountsAPI
import Console
import HTTPApp
import AccountsServer
import Foundation
import HTTPServer

/// `grantdesk serve` (the default command): runs the console.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the console and print the address to open."
    )

    @Option(help: "Address to listen on.")
    var host = "127.0.0.1"

    @Option(help: "Port to listen on (0 picks a free one).")
    var port = 8443

    @Option(name: .customLong("tls-cert"), help: "PEM certificate chain (with --tls-key).")
    var tlsCert: String?

    @Option(name: .customLong("tls-key"), help: "PEM private key (with --tls-cert).")
    var tlsKey: String?

    @Flag(name: .customLong("http"), help: "Serve plain HTTP (behind a TLS-terminating proxy, or in tests).")
    var plainHTTP = false

    @OptionGroup var dataDirectory: DataDirectoryOption

    @OptionGroup var database: DatabaseOption

    @Option(help: "The accounts API to manage (default: $MESHAGENT_API_URL, else the embedded demo API).")
    var upstream: String?

    @Option(name: .customLong("upstream-token"), help: "Bearer token for --upstream (default: $MESHAGENT_API_KEY).")
    var upstreamToken: String?

    @Option(name: .customLong("upstream-token-file"), help: "Read the upstream token from this file (argv is visible to every local user).")
    var upstreamTokenFile: String?

    @Flag(name: .customLong("allow-insecure-upstream"), help: "Allow an http:// upstream that is not on this machine.")
    var allowInsecureUpstream = false

    @Option(name: .customLong("audit-key-file"), help: "The audit chain's HMAC key (default: audit.key in the data directory; created if missing).")
    var auditKeyFile: String?

    @Option(help: "Folder holding Templates/ and Public/ (default: the working directory).")
    var resources = "."

    @Option(name: .customLong("trusted-proxy"),
            help: "A proxy (CIDR, repeatable) whose X-Forwarded-For names the client for throttling and logs.")
    var trustedProxy: [String] = []

    @Option(name: .customLong("max-connections-per-address"),
            help: "Most open connections from one client address (0: no per-address cap, e.g. behind a reverse proxy).")
    var maxConnectionsPerAddress = 64

    func validate() throws {
        if (tlsCert == nil) != (tlsKey == nil) {
            throw ValidationError("--tls-cert and --tls-key go together.")
        }
        if plainHTTP && tlsCert != nil {
            throw ValidationError("--http serves plain HTTP; leave out --tls-cert/--tls-key.")
        }
        if upstreamToken != nil && upstreamTokenFile != nil {
            throw ValidationError("--upstream-token and --upstream-token-file: pass one.")
        }
        guard (0...65535).contains(port) else { throw ValidationError("--port must be 0–65535.") }
        do {
            _ = try TrustedProxies(parsing: trustedProxy)
        } catch {
            throw ValidationError("--trusted-proxy: \(error)")
        }
        guard maxConnectionsPerAddress >= 0 else { throw ValidationError("--max-connections-per-address must be 0 or more.") }
    }

    /// Flags, then environment, then defaults.
    func configuration(_ environment: [String: String], upstream: UpstreamConfiguration) -> ConsoleConfiguration {
        var configuration = ConsoleConfiguration(upstream: upstream)
        configuration.host = host
        configuration.port = port
        if plainHTTP {
            configuration.tls = .plainHTTP
        } else if let tlsCert, let tlsKey {
            configuration.tls = .files(certificate: tlsCert, key: tlsKey)
        }
        configuration.dataDirectory = dataDirectory.resolve(environment)
        configuration.resourcesDirectory = resources
        // Checked in `validate()`.
        configuration.trustedProxies = (try? TrustedProxies(parsing: trustedProxy)) ?? .none
        configuration.maxConnectionsPerAddress = maxConnectionsPerAddress == 0 ? .max : maxConnectionsPerAddress
        configuration.auditKeyFile = auditKeyFile
        configuration.databaseURL = database.resolve(environment)
        configuration.adminPassword = environment["GRANTDESK_ADMIN_PASSWORD"].flatMap { $0.isEmpty ? nil : $0 }
        return configuration
    }

    func run() async throws {
        if let url = database.resolve(ProcessInfo.processInfo.environment), !DatabaseOption.isPostgresURL(url) {
            throw ValidationError("GRANTDESK_DATABASE_URL must be a postgres:// or postgresql:// URL.")
        }
        // Caught from here on: a SIGTERM right after the banner is never lost.
        let signals = try ShutdownSignals()
        let environment = ProcessInfo.processInfo.environment
        let logger = LoggingSetup.bootstrap(environment, label: "grantdesk")
        let runtime: ConsoleRuntime
        let embedded: RunningEmbeddedAccounts?
        do {
            let resolved: UpstreamConfiguration
            (resolved, embedded) = try await UpstreamChoice.resolve(
                upstreamFlag: upstream, tokenFlag: upstreamToken, tokenFileFlag: upstreamTokenFile,
                allowInsecureUpstream: allowInsecureUpstream, environment: environment,
                dataDirectory: dataDirectory.prepare(environment), logger: logger)
            runtime = try await ConsoleRuntime.start(configuration: configuration(environment, upstream: resolved),
                                                     logger: logger)
        } catch UserStore.Failure.passwordTooShort(let minimum) {
            FileHandle.standardError.write(Data(
                "grantdesk: could not start: GRANTDESK_ADMIN_PASSWORD must be at least \(minimum) characters.\n".utf8))
            throw ExitCode(1)
        } catch {
            // Start-up errors name the file or setting at fault and carry no secrets.
            FileHandle.standardError.write(Data("grantdesk: could not start: \(error)\n".utf8))
            throw ExitCode(1)
        }
        var banner = ""
        if let password = runtime.generatedAdminPassword {
            banner += "Created the first console user: admin / \(password)\n"
            banner += "This password is shown only once; it must be changed at the first sign-in.\n"
        }
        banner += "GrantDesk is running at \(runtime.url)\n"
        // Unbuffered, so scripts waiting for the address see it at once.
        FileHandle.standardOutput.write(Data(banner.utf8))
        if embedded == nil {
            let check = await UpstreamChoice.checkOnce(runtime.services.accounts, logger: logger)
            FileHandle.standardOutput.write(Data((check + "\n").utf8))
        }
        await runtime.runUntilSignalled(signals)
        await embedded?.shutdown()
    }
}
