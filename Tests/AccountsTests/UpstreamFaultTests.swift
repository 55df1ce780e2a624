import AccountsAPI
import Foundation
import GrantModel
import HTTPClient
import Testing
@testable import GrantDeskTesting

/// The client against a fake upstream on a real socket that misbehaves.
@Suite("Accounts client against a faulty upstream", .serialized)
struct UpstreamFaultTests {
    static let token = "ma-key1-proj1-sekrit-token-value"

    private func client(port: Int, timeout: Duration = .seconds(3), maxBytes: Int = 1 << 20) -> AccountsClient {
        AccountsClient(configuration: UpstreamConfiguration(
            baseURL: "http://127.0.0.1:\(port)/", token: Self.token,
            http: HTTPClientConfiguration(connectTimeout: .seconds(1), requestTimeout: timeout, maxResponseBytes: maxBytes)
        ))
    }

    private func json(_ text: String) -> FakeUpstream.Action {
        .respond(status: 200, headers: [("Content-Type", "application/json")], body: Array(text.utf8))
    }

    /// Runs `body`, expecting an `UpstreamError`, and returns it with the elapsed time.
    private func outcome<T>(_ body: () async throws -> T) async -> (UpstreamError?, Duration) {
        let start = ContinuousClock.now
        do {
            _ = try await body()
            return (nil, start.duration(to: .now))
        } catch {
            return (error as? UpstreamError, start.duration(to: .now))
        }
    }

    @Test("a 429 carries the upstream's Retry-After; header values come without their line end")
    func retryAfter() async throws {
        let upstream = try FakeUpstream { _ in
            .respond(status: 429, headers: [("Retry-After", "  30 ")], body: Array(#"{"detail":"slow down"}"#.utf8))
        }
        defer { upstream.stop() }
        let (error, _) = await outcome { try await client(port: upstream.port).projects() }
        guard case .other(let failure)? = error else { Issue.record("expected .other, got \(String(describing: error))"); return }
        #expect(failure.status == 429)
        #expect(failure.retryAfter == "30")
        #expect(failure.message == "slow down")
        let plain = try await HTTPClient().execute(HTTPClientRequest(method: "GET", url: "http://127.0.0.1:\(upstream.port)/"))
        #expect(plain.header("Retry-After") == "30")
        #expect(plain.header("Content-Length") == "22")
    }

    @Test("a hanging upstream ends in .timeout within the deadline")
    func hang() async throws {
        let upstream = try FakeUpstream { _ in .hang }
        defer { upstream.stop() }
        let (error, elapsed) = await outcome { try await client(port: upstream.port, timeout: .milliseconds(1500)).projects() }
        guard case .timeout(let request)? = error else { Issue.record("expected timeout, got \(String(describing: error))"); return }
        #expect(request.path == "/accounts/projects")
        #expect(elapsed < .seconds(4))
        #expect(upstream.received.count == 1, "a timed-out read is not retried")
    }

    @Test("a closed port ends in .unreachable, fast")
    func refused() async throws {
        let (error, elapsed) = await outcome { try await client(port: FakeUpstream.closedPort()).projects() }
        guard case .unreachable? = error else { Issue.record("expected unreachable, got \(String(describing: error))"); return }
        #expect(elapsed < .seconds(3))
    }

    @Test("5xx and 429 are failures carrying status, path and the upstream's message")
    func errorStatuses() async throws {
        let upstream = try FakeUpstream { request in
            request.target.contains("role")
                ? .respond(status: 429, body: Array(#"{"detail":"slow down"}"#.utf8))
                : .respond(status: 503, body: Array(#"{"detail":"maintenance"}"#.utf8))
        }
        defer { upstream.stop() }
        let (server, _) = await outcome { try await client(port: upstream.port).project("p 1") }
        guard case .server(let failure)? = server else { Issue.record("expected server, got \(String(describing: server))"); return }
        #expect(failure.status == 503)
        #expect(failure.method == "GET")
        #expect(failure.path == "/accounts/projects/p%201")
        #expect(failure.message == "maintenance")
        let (other, _) = await outcome { try await client(port: upstream.port).myRole(projectID: "p") }
        guard case .other(let limited)? = other else { Issue.record("expected other, got \(String(describing: other))"); return }
        #expect(limited.status == 429)
        #expect(other?.summary.contains("slow down") == true)
        #expect(upstream.received.count == 2, "HTTP errors are never retried")
    }

    @Test("each mapped status becomes its own case")
    func statusMapping() async throws {
        let statuses = [400: "validation", 401: "other", 403: "permissionDenied", 404: "notFound", 409: "conflict", 500: "server", 422: "other"]
        for (status, expected) in statuses {
            let upstream = try FakeUpstream { _ in .respond(status: status, body: Array("plain text reason".utf8)) }
            defer { upstream.stop() }
            let (error, _) = await outcome {
                try await client(port: upstream.port).deleteGrant(projectID: "p", roomID: "r", userID: "u")
            }
            let name = error.map { "\($0)".prefix { $0 != "(" } }.map(String.init)
            #expect(name == expected, "status \(status)")
            #expect(error?.status == status)
            #expect(error?.failure?.message == "plain text reason")
        }
    }

    @Test("malformed JSON, wrong shapes and truncated bodies are invalid data, never a crash")
    func malformed() async throws {
        let upstream = try FakeUpstream { request in
            switch request.target {
            case "/accounts/projects": .respond(status: 200, body: Array(#"{"projects": [{"id": "p", "#.utf8))
            case "/accounts/profiles/me": .respond(status: 200, body: Array(#"{"id": 5, "email": "e"}"#.utf8))
            default: .truncated(declared: 500, body: Array(#"{"role": "adm"#.utf8))
            }
        }
        defer { upstream.stop() }
        let (syntax, _) = await outcome { try await client(port: upstream.port).projects() }
        guard case .invalidPayload(_, let problem)? = syntax else { Issue.record("got \(String(describing: syntax))"); return }
        #expect(problem.problem == "not valid JSON")
        let (shape, _) = await outcome { try await client(port: upstream.port).me() }
        guard case .invalidPayload(_, let field)? = shape else { Issue.record("got \(String(describing: shape))"); return }
        #expect(field == PayloadError(path: "id", problem: "expected a string"))
        #expect(shape?.summary == "The accounts API sent invalid data (id: expected a string).")
        let (truncated, elapsed) = await outcome { try await client(port: upstream.port).myRole(projectID: "p") }
        guard case .connectionLost? = truncated else { Issue.record("got \(String(describing: truncated))"); return }
        #expect(elapsed < .seconds(3))
    }

    @Test("a 50 MB body stops at the size cap with bounded memory", arguments: [true, false])
    func hugeBody(announceLength: Bool) async throws {
        let upstream = try FakeUpstream { _ in .flood(total: 50 << 20, announceLength: announceLength) }
        defer { upstream.stop() }
        let before = residentBytes()
        let (error, _) = await outcome { try await client(port: upstream.port, timeout: .seconds(8), maxBytes: 1 << 20).projects() }
        guard case .tooLarge(_, let limit)? = error else { Issue.record("expected tooLarge, got \(String(describing: error))"); return }
        #expect(limit == 1 << 20)
        let growth = residentBytes() - before
        #expect(growth < 16 << 20, "RSS grew by \(growth) bytes")
    }

    @Test("redirects to another host are refused; same-origin redirects are followed")
    func redirects() async throws {
        let upstream = try FakeUpstream { request in
            switch request.target {
            case "/accounts/projects": .respond(status: 302, headers: [("Location", "http://localhost.invalid:1/steal")])
            case "/accounts/profiles/me": .respond(status: 307, headers: [("Location", "/moved/me")])
            default: .respond(status: 200, body: Array(#"{"id":"u","email":"e@x"}"#.utf8))
            }
        }
        defer { upstream.stop() }
        let (error, _) = await outcome { try await client(port: upstream.port).projects() }
        guard case .redirectRefused? = error else { Issue.record("expected redirectRefused, got \(String(describing: error))"); return }
        let profile = try await client(port: upstream.port).me()
        #expect(profile.email == "e@x")
        #expect(!upstream.received.contains { $0.target == "/steal" })
    }

    @Test("writes are never repeated, even when the connection drops")
    func writesNotRetried() async throws {
        let upstream = try FakeUpstream { _ in .close }
        defer { upstream.stop() }
        let (error, _) = await outcome {
            try await client(port: upstream.port).createGrant(projectID: "p", roomID: "r", userID: "u", permissions: .object(JSONObject()))
        }
        #expect(error != nil)
        #expect(upstream.received.count == 1)
        #expect(upstream.received.first?.method == "POST")
    }

    @Test("requests carry the bearer token and percent-encoded segments; summaries never show the token")
    func requestShape() async throws {
        let upstream = try FakeUpstream { _ in .respond(status: 404, body: Array("no such room, token ma-key1-proj1-sekrit-token-value".utf8)) }
        defer { upstream.stop() }
        let (error, _) = await outcome { try await client(port: upstream.port).room(projectID: "p", name: "team/alpha room") }
        let received = try #require(upstream.received.first)
        #expect(received.target == "/accounts/projects/p/rooms/team%2Falpha%20room")
        #expect(received.headers["authorization"] == "Bearer \(Self.token)")
        #expect(received.headers["content-type"] == "application/json")
        let summary = try #require(error?.summary)
        #expect(!summary.contains("sekrit"))
        #expect(!"\(String(describing: error))".contains("sekrit"))
    }

    @Test("cancelling the caller's task stops a hanging call")
    func cancellation() async throws {
        let upstream = try FakeUpstream { _ in .hang }
        defer { upstream.stop() }
        let client = client(port: upstream.port, timeout: .seconds(30))
        let task = Task { await upstreamError { try await client.projects() } }
        while upstream.received.isEmpty { try await Task.sleep(for: .milliseconds(10)) }
        task.cancel()
        let error = await task.value
        guard case .cancelled? = error else { Issue.record("expected cancelled, got \(String(describing: error))"); return }
    }
}
