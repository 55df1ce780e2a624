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

    @Option(name: .customLong("snapshot-every"),
            help: "Snapshot every project's grants this often (e.g. 24h, 30m, 7d; at least 1m). One replica takes each.")
    var snapshotEvery: String?
    @Option(name: .customLong("oidc-issuer"), help: "Offer sign-in through this OpenID Connect provider (its issuer URL).")
    var oidcIssuer: String?

    @Option(name: .customLong("oidc-client-id"), help: "GrantDesk's client id at the provider (with --oidc-issuer).")
    var oidcClientID: String?

    @Option(name: .customLong("oidc-client-secret-file"),
            help: "Read the client secret from this file (default: $GRANTDESK_OIDC_CLIENT_SECRET).")
    var oidcClientSecretFile: String?

    @Option(name: .customLong("oidc-admin-group"), help: "Members of this provider group sign in as admins (repeatable).")
    var oidcAdminGroup: [String] = []

    @Option(name: .customLong("oidc-reviewer-group"), help: "Members of this provider group sign in as reviewers (repeatable).")
    var oidcReviewerGroup: [String] = []

    @Option(name: .customLong("oidc-groups-claim"), help: "The ID-token claim listing the user's groups.")
    var oidcGroupsClaim = "groups"

    @Option(name: .customLong("oidc-name"), help: "The provider's name on the sign-in button (default: the issuer's host).")
    var oidcName: String?

    @Option(name: .customLong("public-url"),
            help: "The console's address as browsers reach it, for the provider's redirect URI (default: from each request).")
    var publicURL: String?

    @Flag(name: .customLong("no-local-users"), help: "Offer only single sign-on: no user-name-and-password sign-in.")
    var noLocalUsers = false

    func validate() throws {
        if (oidcIssuer == nil) != (oidcClientID == nil) {
            throw ValidationError("--oidc-issuer and --oidc-client-id go together.")
        }
        if let oidcIssuer, let problem = SingleSignOnSettings.problem(issuer: oidcIssuer) {
            throw ValidationError(problem)
        }
        if oidcIssuer != nil && oidcAdminGroup.isEmpty && oidcReviewerGroup.isEmpty {
            throw ValidationError("--oidc-issuer needs at least one --oidc-admin-group or --oidc-reviewer-group.")
        }
        if oidcIssuer == nil && (noLocalUsers || oidcClientSecretFile != nil || !oidcAdminGroup.isEmpty
                                 || !oidcReviewerGroup.isEmpty) {
            throw ValidationError("--no-local-users and the other --oidc-… options need --oidc-issuer.")
        }
        if let publicURL, !(publicURL.hasPrefix("https://") || publicURL.hasPrefix("http://")) {
            throw ValidationError("--public-url must be an absolute http(s) URL.")
        }
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
        if let snapshotEvery, SnapshotSchedule.interval(parsing: snapshotEvery) == nil {
            throw ValidationError("--snapshot-every takes a number and a unit (s, m, h or d), at least one minute: e.g. 24h.")
        }
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
        configuration.snapshotEvery = snapshotEvery.flatMap(SnapshotSchedule.interval(parsing:))
        configuration.databaseURL = database.resolve(environment)
        configuration.adminPassword = environment["GRANTDESK_ADMIN_PASSWORD"].flatMap { $0.isEmpty ? nil : $0 }
        configuration.metricsToken = environment["GRANTDESK_METRICS_TOKEN"].flatMap { $0.isEmpty ? nil : $0 }
        return configuration
    }

    /// The single sign-on settings, reading the client secret from its file or the environment.
    func singleSignOn(_ environment: [String: String]) throws -> SingleSignOnSettings? {
        guard let oidcIssuer, let oidcClientID else { return nil }
        let secret: String
        if let oidcClientSecretFile {
            guard let text = try? String(contentsOfFile: oidcClientSecretFile, encoding: .utf8) else {
                throw ValidationError("--oidc-client-secret-file: cannot read \(oidcClientSecretFile).")
            }
            secret = text.trimmingCharacters(in: .whitespacesAndNewlines)
        } else {
            secret = environment["GRANTDESK_OIDC_CLIENT_SECRET"] ?? ""
        }
        guard !secret.isEmpty else {
            throw ValidationError("--oidc-issuer needs the client secret in GRANTDESK_OIDC_CLIENT_SECRET or --oidc-client-secret-file.")
        }
        return SingleSignOnSettings(issuer: oidcIssuer, clientID: oidcClientID, clientSecret: secret,
                                    adminGroups: oidcAdminGroup, reviewerGroups: oidcReviewerGroup,
                                    groupsClaim: oidcGroupsClaim, localUsers: !noLocalUsers, publicURL: publicURL,
                                    displayName: oidcName)
    }

    func run() async throws {
        if let url = database.resolve(ProcessInfo.processInfo.environment), !DatabaseOption.isPostgresURL(url) {
            throw ValidationError("GRANTDESK_DATABASE_URL must be a postgres:// or postgresql:// URL.")
        }
        // Caught from here on: a SIGTERM right after the banner is never lost.
        let signals = try ShutdownSignals(catchHangUp: true)
        let environment = ProcessInfo.processInfo.environment
        let logger = try LoggingSetup.bootstrapOrExit(environment, label: "grantdesk")
        let runtime: ConsoleRuntime
        let embedded: RunningEmbeddedAccounts?
        do {
            let singleSignOn = try singleSignOn(environment)
            let resolved: UpstreamConfiguration
            (resolved, embedded) = try await UpstreamChoice.resolve(
                upstreamFlag: upstream, tokenFlag: upstreamToken, tokenFileFlag: upstreamTokenFile,
                allowInsecureUpstream: allowInsecureUpstream, environment: environment,
                dataDirectory: dataDirectory.prepare(environment), logger: logger)
            var settings = configuration(environment, upstream: resolved)
            settings.singleSignOn = singleSignOn
            runtime = try await ConsoleRuntime.start(configuration: settings, logger: logger)
        } catch UserStore.Failure.passwordTooShort(let minimum) {
            FileHandle.standardError.write(Data(
                "grantdesk: could not start: GRANTDESK_ADMIN_PASSWORD must be at least \(minimum) characters.\n".utf8))
            throw ExitCode(1)
        } catch {
            // Start-up errors name the file or setting at fault and carry no secrets.
            FileHandle.standardError.write(Data("grantdesk: could not start: \(error)\n".utf8))
            throw ExitCode(1)
        }
        signals.onHangUp { runtime.reloadCertificate() }
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
