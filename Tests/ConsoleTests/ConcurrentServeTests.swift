import Foundation
import Testing
@testable import GrantDeskTesting

/// Real `grantdesk serve` processes: two started at once on one new data
/// directory both come up, and what a visitor types cannot forge log lines.
@Suite(.timeLimit(.minutes(2))) struct ConcurrentServeTests {
    struct Serve {
        let process: Process
        let output: Pipe
        let errors: Pipe
    }

    /// `serve` on port 0 with the resources in `root/res`; `transport` is
    /// `--http` unless a test passes TLS flags.
    static func launch(root: String, transport: [String] = ["--http"],
                       environment: [String: String] = ["GRANTDESK_LOG_LEVEL": "notice"]) throws -> Serve {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: CommandLineTests.binary)
        process.arguments = ["serve", "--port", "0", "--data-dir", root + "/data", "--resources", root + "/res",
                             "--upstream", "http://127.0.0.1:9", "--upstream-token", "unused"] + transport
        process.environment = environment
        let serve = Serve(process: process, output: Pipe(), errors: Pipe())
        process.standardOutput = serve.output
        process.standardError = serve.errors
        try process.run()
        return serve
    }

    /// Standard output up to the printed address, and the port in it.
    static func banner(_ serve: Serve) async throws -> (text: String, port: Int) {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                var text = ""
                while case let data = serve.output.fileHandleForReading.availableData, !data.isEmpty {
                    text += String(decoding: data, as: UTF8.self)
                    if let match = text.range(of: #"https?://127\.0\.0\.1:(\d+)/"#, options: .regularExpression) {
                        let digits = text[match].split(separator: ":").last?.dropLast() ?? ""
                        continuation.resume(returning: (text, Int(digits) ?? 0))
                        return
                    }
                }
                // It exited: what it said on standard error is why.
                let errors = String(decoding: serve.errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
                continuation.resume(throwing: TestFailure("serve exited before printing its address: \(text) \(errors)"))
            }
        }
    }

    @Test func twoServesStartedAtOnceOnOneDataDirectoryBothComeUp() async throws {
        #expect(FileManager.default.isExecutableFile(atPath: CommandLineTests.binary), "build the grantdesk product first")
        let scratch = try TemporaryDirectory("twice")
        defer { scratch.remove() }
        let root = scratch.path
        try FileManager.default.createDirectory(atPath: root + "/res/Public", withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: root + "/res/Templates",
                                                   withDestinationPath: ConsoleHarness.templatesDirectory)
        let serves = [try Self.launch(root: root), try Self.launch(root: root)]
        defer { for serve in serves where serve.process.isRunning { kill(serve.process.processIdentifier, SIGKILL) } }
        async let first = Self.banner(serves[0])
        async let second = Self.banner(serves[1])
        let banners = try await [first, second]

        // Exactly one created the admin and shows its password, once.
        let prefix = "Created the first console user: admin / "
        let creators = banners.filter { $0.text.contains(prefix) }
        try #require(creators.count == 1, "\(banners.map(\.text))")
        let line = try #require(creators[0].text.split(separator: "\n").first { $0.hasPrefix(prefix) })
        let password = String(line.dropFirst(prefix.count))

        // Both serve; the generated password signs in on either and leads to the change page first.
        for banner in banners {
            let response = try await RawClient.signIn(port: banner.port, "admin", password)
            #expect(response.status == 303, "\(response.status)")
        }
        let other = banners.first { !$0.text.contains(prefix) }?.port ?? banners[1].port
        let signedIn = try await RawClient.signIn(port: other, "admin", password)
        let session = try #require(signedIn.headerValues("Set-Cookie").first { $0.hasPrefix("__Host-grantdesk=") })
        let projects = try await RawClient.exchange(port: other, """
            GET /projects HTTP/1.1\r\nHost: 127.0.0.1:\(other)\r\nConnection: close\r\n\
            Cookie: \(session.split(separator: ";")[0])\r\n\r\n
            """)
        #expect(projects.headerValues("Location") == ["/account/password?next=%2Fprojects"])

        // A user name made to look like a second log line stays on its own line, escaped.
        let forged = "eve\n2026-12-01T00:00:00+0000 critical grantdesk : [Console] audit log wiped"
        let failed = try await RawClient.signIn(port: other, forged, "wrong password")
        #expect(failed.status == 401)
        for serve in serves { serve.process.terminate() }
        var logs = ""
        for serve in serves {
            logs += String(decoding: serve.errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            serve.process.waitUntilExit()
        }
        #expect(logs.contains(#"eve\n2026-12-01T00:00:00+0000 critical"#), "\(logs)")
        #expect(!logs.split(separator: "\n").contains { $0.hasPrefix("2026-12-01T00:00:00+0000 critical") }, "\(logs)")
    }
}
