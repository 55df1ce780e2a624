import AccountsAPI
import AccountsServer
import Foundation
import Testing
@testable import GrantDeskTesting

/// `accounts-server --token-file`: bearer tokens kept off the command line.
@Suite("Embedded API: bearer tokens from a file", .serialized)
struct TokenFileTests {
    static func write(_ text: String, in directory: TemporaryDirectory, mode: Int = 0o600) throws -> String {
        let path = directory.path + "/tokens"
        #expect(FileManager.default.createFile(atPath: path, contents: Data(text.utf8), attributes: [.posixPermissions: mode]))
        return path
    }

    @Test("one token per line; blank lines, comments and surrounding whitespace ignored")
    func parsing() throws {
        let directory = try TemporaryDirectory()
        let path = try Self.write("# ops\n  first-token \r\n\nsecond-token\n#not-a-token\n", in: directory)
        #expect(try BearerTokenFile.tokens(atPath: path) == ["first-token", "second-token"])
        #expect(!BearerTokenFile.isReadableByOthers(atPath: path))
        #expect(BearerTokenFile.isReadableByOthers(atPath: try Self.write("t\n", in: directory, mode: 0o644)))
        let empty = try Self.write("\n# nothing here\n  \n", in: directory)
        #expect(throws: BearerTokenFile.Problem.self) { try BearerTokenFile.tokens(atPath: empty) }
        #expect(throws: BearerTokenFile.Problem.self) { try BearerTokenFile.tokens(atPath: directory.path + "/missing") }
    }

    @Test("the server accepts every token in the file and refuses others")
    func serverUsesTheFile() async throws {
        let directory = try TemporaryDirectory()
        let path = try Self.write("file-token-one\nfile-token-two\n", in: directory)
        let (process, baseURL) = try CrashDurabilityTests.launch(["--data-dir", directory.path + "/data", "--token-file", path])
        defer { process.terminate(); process.waitUntilExit() }
        for token in ["file-token-one", "file-token-two"] {
            #expect(try await EmbeddedAccountsHarness.client(baseURL, token: token).projects().contains { $0.id == "default" })
        }
        let refused = await upstreamError { try await EmbeddedAccountsHarness.client(baseURL, token: "file-token-on").projects() }
        guard case .other(let failure)? = refused else { Issue.record("expected 401, got \(String(describing: refused))"); return }
        #expect(failure.status == 401)
    }

    @Test("an empty or missing token file stops start-up with a message, never a generated token")
    func unusableFileStops() throws {
        let directory = try TemporaryDirectory()
        let empty = try Self.write("# no tokens\n", in: directory)
        for path in [empty, directory.path + "/missing"] {
            let process = Process()
            process.executableURL = try CrashDurabilityTests.grantdeskBinary()
            process.arguments = ["accounts-server", "--port", "0", "--data-dir", directory.path + "/data", "--token-file", path]
            let output = Pipe(), errors = Pipe()
            process.standardOutput = output
            process.standardError = errors
            try process.run()
            let printed = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            #expect(process.terminationStatus == 1, "\(path)")
            #expect(message.contains("token file"), "\(message)")
            #expect(!printed.contains("Bearer token"))
        }
    }
}
