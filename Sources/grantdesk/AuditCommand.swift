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

        func run() async throws {
            let directory = dataDirectory.resolve(ProcessInfo.processInfo.environment)
            let log = AuditLog(database: try ConsoleDatabase.open(directory: directory))
            switch try await log.verify() {
            case .intact(let rows):
                print("The audit log is intact (\(rows) rows).")
            case .broken(let sequence, let reason):
                print("The audit log is BROKEN at row \(sequence): \(reason).")
                throw ExitCode(1)
            }
        }
    }
}
