import AccountsServer
import ArgumentParser
import Foundation
import Logging
import HTTPServer

/// `grantdesk accounts-server`: only the embedded accounts API (console.md).
struct AccountsServerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "accounts-server",
        abstract: "Runs only the embedded accounts API (SQLite in the data directory)."
    )

    @Option(help: "The address to bind.")
    var host = "127.0.0.1"

    @Option(help: "The port to listen on (0 picks a free one).")
    var port = 8081

    @Option(help: "Where accounts.sqlite lives (default .grantdesk, or GRANTDESK_DATA_DIR).")
    var dataDir: String?

    @Option(parsing: .singleValue, help: "A bearer token the API accepts; repeatable. Without one, a random token is printed.")
    var token: [String] = []

    @Option(help: "A file of bearer tokens the API accepts, one per line (kept off the command line, which every local user can read).")
    var tokenFile: String?

    @Flag(help: "Fill an empty database with a demo project.")
    var seedDemo = false

    @Option(help: "PEM certificate chain for HTTPS (with --tls-key).")
    var tlsCert: String?

    @Option(help: "PEM private key for HTTPS (with --tls-cert).")
    var tlsKey: String?

    @Option(help: "The largest project storage upload accepted, in MiB (default 100).")
    var uploadLimitMib = 100

    @Flag(help: .hidden)
    var generateBenchData = false

    @Option(help: "Print the signing key of project ID's participant tokens (key id and secret, one line) and exit, serving nothing. The secret is what the console's token inspector verifies with.")
    var printProjectKey: String?

    func validate() throws {
        guard (tlsCert == nil) == (tlsKey == nil) else {
            throw ValidationError("--tls-cert and --tls-key go together.")
        }
        guard (0...65_535).contains(port) else { throw ValidationError("--port must be 0–65535.") }
        guard (1...65_536).contains(uploadLimitMib) else { throw ValidationError("--upload-limit-mib must be 1–65536.") }
    }

    func run() async throws {
        // Caught from here on: a SIGTERM right after the banner is never lost.
        let signals = try ShutdownSignals()
        let logger = try LoggingSetup.bootstrapOrExit(ProcessInfo.processInfo.environment, label: "grantdesk.accounts")
        let directory = dataDir ?? ProcessInfo.processInfo.environment["GRANTDESK_DATA_DIR"] ?? ".grantdesk"
        try PrivateDataDirectory.prepare(directory)
        var tokens = token
        if let tokenFile {
            do {
                tokens += try BearerTokenFile.tokens(atPath: tokenFile)
            } catch {
                FileHandle.standardError.write(Data("grantdesk: could not start: \(error)\n".utf8))
                throw ExitCode(1)
            }
            if BearerTokenFile.isReadableByOthers(atPath: tokenFile) {
                logger.warning("the token file is readable by other users; chmod 600 it", metadata: ["file": "\(tokenFile)"])
            }
        }
        let store = try AccountsStore(dataDirectory: directory)
        if let printProjectKey {
            if seedDemo { try await store.seedDemo() }
            do {
                let key = try await store.projectKey(projectID: printProjectKey)
                FileHandle.standardOutput.write(Data("\(key.keyID) \(key.secret)\n".utf8))
                return
            } catch AccountsStoreError.notFound(let message) {
                FileHandle.standardError.write(Data("grantdesk: \(message)\n".utf8))
                throw ExitCode(1)
            }
        }
        if generateBenchData, try await store.rooms(projectID: AccountsStore.defaultProjectID, page: PageRequest(limit: 1)).total == 0 {
            try await store.generateBenchData()
            logger.info("generated the bench data set")
        }
        if seedDemo, try await store.seedDemo() {
            logger.info("seeded the demo project")
        }
        let running = try EmbeddedAccounts.start(
            store: store, host: host, port: port, tokens: tokens, tlsCertificatePath: tlsCert, tlsKeyPath: tlsKey,
            uploadLimit: uploadLimitMib << 20, logger: logger
        )
        // Unbuffered, so scripts waiting for this line see it at once.
        var banner = "Accounts API listening on \(running.baseURL) (data in \(directory)/accounts.sqlite)\n"
        if tokens.isEmpty { banner += "Bearer token: \(running.token)\n" }
        FileHandle.standardOutput.write(Data(banner.utf8))
        await running.runUntilSignalled(signals)
    }
}
