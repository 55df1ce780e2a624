import ArgumentParser
import Console
import Foundation

/// `grantdesk audit verify`: checks the audit log's hash chain offline.
struct AuditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Inspect the console's audit log.",
        subcommands: [Verify.self]
    )

    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check that no audit record was edited or removed; exit 1 if one was.")
        @OptionGroup var dataDirectory: DataDirectoryOption
        @OptionGroup var database: DatabaseOption

        @Option(name: .customLong("audit-key-file"),
                help: "The audit chain's key (default: audit.key in the data directory).")
        var auditKeyFile: String?

        func run() async throws {
            let environment = ProcessInfo.processInfo.environment
            let directory = try dataDirectory.prepare(environment)
            let (log, _) = try await AuditLog.open(database: try await database.open(environment, directory: directory),
                                                   keyPath: auditKeyFile ?? directory + "/" + AuditKey.fileName,
                                                   mayCreateKey: database.resolve(environment) == nil)
            switch try await log.verify() {
            case .intact(let rows):
                print("The audit log is intact (\(rows) rows).")
            case .broken(let sequence, let reason):
                print("The audit log is BROKEN at record \(sequence): \(reason).")
                throw ExitCode(1)
            }
        }
    }
}
