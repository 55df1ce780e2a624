import Foundation
import Testing
import GrantDeskTesting

/// The `grantdesk` binary as an operator uses it: settings precedence and the
/// `users` and `audit` commands.
@Suite struct CommandLineTests {
    static let binary = CrashSafetyTests.repository.appendingPathComponent(".build/debug/grantdesk").path

    struct Run {
        var status: Int32
        var output: String
        var errors: String
    }

    func run(_ arguments: [String], environment: [String: String] = [:], input: String = "") throws -> Run {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.binary)
        process.arguments = arguments
        process.environment = environment
        let stdin = Pipe(), stdout = Pipe(), stderr = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stderr
        try process.run()
        stdin.fileHandleForWriting.write(Data(input.utf8))
        try stdin.fileHandleForWriting.close()
        let output = stdout.fileHandleForReading.readDataToEndOfFile()
        let errors = stderr.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Run(status: process.terminationStatus, output: String(decoding: output, as: UTF8.self),
                   errors: String(decoding: errors, as: UTF8.self))
    }

    @Test func flagBeatsEnvironmentBeatsDefault() throws {
        let scratch = try TemporaryDirectory("cli")
        defer { scratch.remove() }
        let root = scratch.path
        let fromEnvironment = ["GRANTDESK_DATA_DIR": root + "/env"]
        let add = try run(["users", "add", "erin", "--role", "reviewer"], environment: fromEnvironment,
                          input: "a long enough password\n")
        #expect(add.status == 0, "\(add.errors)")
        #expect(try run(["users", "list"], environment: fromEnvironment).output.hasPrefix("erin\treviewer\t"))
        // The flag wins over the environment.
        let flagged = try run(["users", "list", "--data-dir", root + "/flag"], environment: fromEnvironment)
        #expect(flagged.status == 0 && flagged.output.isEmpty)
        #expect(FileManager.default.fileExists(atPath: root + "/env/console.sqlite"))
        #expect(FileManager.default.fileExists(atPath: root + "/flag/console.sqlite"))
    }

    @Test func aTrustedProxyThatIsNotANetworkIsRefused() throws {
        let refused = try run(["serve", "--http", "--port", "0", "--trusted-proxy", "10.0.0.0/8",
                               "--trusted-proxy", "proxy.internal"])
        #expect(refused.status != 0)
        #expect(refused.errors.contains("'proxy.internal' is not an IPv4 or IPv6 network"), "\(refused.errors)")
    }

    @Test func usersCommandsRefuseWithAMessageAndExitCode() throws {
        let scratch = try TemporaryDirectory("cli")
        defer { scratch.remove() }
        let root = scratch.path
        let dir = ["--data-dir", root]
        #expect(try run(["users", "add", "root", "--role", "admin"] + dir, input: "short\n").status == 1)
        #expect(try run(["users", "add", "root", "--role", "admin"] + dir, input: "long enough password\n").status == 0)
        let duplicate = try run(["users", "add", "ROOT", "--role", "reviewer"] + dir, input: "long enough password\n")
        #expect(duplicate.status == 1 && duplicate.errors.contains("already exists"))
        let last = try run(["users", "remove", "root"] + dir)
        #expect(last.status == 1 && last.errors.contains("last admin"))
        #expect(try run(["users", "set-password", "root"] + dir, input: "another long password\n").status == 0)
        #expect(try run(["users", "add", "x", "--role", "owner"] + dir, input: "long enough password\n").status != 0)
        let audit = try run(["audit", "verify"] + dir)
        #expect(audit.status == 0 && audit.output.contains("intact"))
    }
}
