import AccountsAPI
import Foundation
import HTTPClient
import Testing
@testable import GrantDeskTesting

/// `grantdesk serve` started for real against a fake upstream on a real
/// socket: the one start-up check of the upstream, the token file and the
/// refusal of plain HTTP across the network.
@Suite("serve start-up", .serialized, .timeLimit(.minutes(2)))
struct ServeStartUpTests {
    /// Proves the console is still serving (it must never exit over the upstream).
    private func health(_ port: Int) async throws -> Int {
        try await HTTPClient().execute(HTTPClientRequest(method: "GET", url: "http://127.0.0.1:\(port)/healthz")).status
    }

    @Test("a refused token (401, 403) is said plainly at start-up, and the console keeps running",
          arguments: [401, 403])
    func tokenRefused(status: Int) async throws {
        let upstream = try FakeUpstream { _ in .respond(status: status, body: Array(#"{"detail":"bad token"}"#.utf8)) }
        defer { upstream.stop() }
        let directory = try TemporaryDirectory()
        let serve = try ServeProcess(dataDirectory: directory.path + "/data", arguments: [
            "--upstream", "http://127.0.0.1:\(upstream.port)", "--upstream-token", "tok-refused",
        ])
        defer { serve.stop() }
        let port = try await serve.port()
        let output = try await serve.output(containing: "upstream token was refused")
        #expect(output.contains("the upstream token was refused by http://127.0.0.1:\(upstream.port) (HTTP \(status))"))
        #expect(!output.contains("tok-refused"))
        #expect(upstream.received.first?.target == "/accounts/projects")
        #expect(try await health(port) == 200)
    }

    @Test("an unreachable upstream is said plainly at start-up, and the console keeps running")
    func unreachable() async throws {
        let closed = FakeUpstream.closedPort()
        let directory = try TemporaryDirectory()
        let serve = try ServeProcess(dataDirectory: directory.path + "/data", arguments: [
            "--upstream", "http://127.0.0.1:\(closed)", "--upstream-token", "tok",
        ])
        defer { serve.stop() }
        let port = try await serve.port()
        let output = try await serve.output(containing: "is unreachable")
        #expect(output.contains("the upstream http://127.0.0.1:\(closed) is unreachable"))
        #expect(try await health(port) == 200)
    }

    @Test("--upstream-token-file: the token is read from the file, trailing newline removed")
    func tokenFile() async throws {
        let upstream = try FakeUpstream { _ in
            .respond(status: 200, headers: [("Content-Type", "application/json")], body: Array(#"{"projects":[]}"#.utf8))
        }
        defer { upstream.stop() }
        let directory = try TemporaryDirectory()
        try "tok-from-file\n".write(toFile: directory.path + "/token", atomically: true, encoding: .utf8)
        let serve = try ServeProcess(dataDirectory: directory.path + "/data", arguments: [
            "--upstream", "http://localhost:\(upstream.port)", "--upstream-token-file", directory.path + "/token",
        ])
        defer { serve.stop() }
        let port = try await serve.port()
        try await serve.output(containing: "accepted the token (0 projects visible)")
        #expect(upstream.received.first?.headers["authorization"] == "Bearer tok-from-file")
        #expect(try await health(port) == 200)
    }

    @Test("a missing or empty token file, or plain HTTP to another host, stops start-up with a clear message")
    func refusedAtStartUp() async throws {
        let directory = try TemporaryDirectory()
        try "\n".write(toFile: directory.path + "/empty", atomically: true, encoding: .utf8)
        let cases: [([String], String)] = [
            (["--upstream", "https://api.example", "--upstream-token-file", directory.path + "/missing"],
             "Cannot read the upstream token file \(directory.path)/missing"),
            (["--upstream", "https://api.example", "--upstream-token-file", directory.path + "/empty"],
             "The upstream token file \(directory.path)/empty (--upstream-token-file) is empty"),
            (["--upstream", "http://api.example", "--upstream-token", "tok"],
             "pass --allow-insecure-upstream"),
            (["--upstream", "http://10.1.2.3:8080/", "--upstream-token", "tok"],
             "plain HTTP to 10.1.2.3"),
        ]
        for (arguments, message) in cases {
            let serve = try ServeProcess(dataDirectory: directory.path + "/data", arguments: arguments)
            let result = await serve.exit()
            #expect(result.status == 1, "\(arguments)")
            #expect(result.errors.contains(message), "\(arguments): \(result.errors)")
            #expect(!result.errors.contains("tok\n") && !result.output.contains("running at"))
        }
    }

    @Test("--allow-insecure-upstream lets plain HTTP to another host start")
    func insecureAllowed() async throws {
        let directory = try TemporaryDirectory()
        // TEST-NET-1 (RFC 5737): never a real host; the start-up check reports it unreachable.
        let serve = try ServeProcess(dataDirectory: directory.path + "/data", arguments: [
            "--upstream", "http://192.0.2.1:9", "--upstream-token", "tok", "--allow-insecure-upstream",
        ])
        defer { serve.stop() }
        #expect(try await health(try await serve.port()) == 200)
    }
}
