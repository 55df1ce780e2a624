import Foundation
import HTTPServer
import Testing
@testable import GrantDeskTesting

/// `/metrics` for scrapers only (loopback without a proxy, or the bearer
/// token; never a browser session), with request and upstream series named
/// by route and operation; `/readyz` telling whether the database and the
/// upstream answer.
@Suite struct MetricsAndReadinessTests {
    @Test func loopbackReadsRequestAndUpstreamMetricsByRouteNotPath() async throws {
        let console = try await ConsoleHarness(.embedded())
        defer { Task { await console.stop() } }
        let session = try await console.adminSession()
        for project in [ConsoleHarness.pid, "no-such-project"] {
            _ = await console.send(.get, "/projects/\(project)", session: session)
        }
        _ = await console.send(.get, "/nothing/here/\(UUID())", session: session)

        let response = await console.send(.get, "/metrics", address: "127.0.0.1")
        #expect(response.status == .init(200))
        #expect(response.headers["Content-Type"] == "text/plain; version=0.0.4; charset=utf-8")
        #expect(response.headers["Cache-Control"] == "no-store")
        let text = response.text
        #expect(text.contains(#"grantdesk_http_requests_total{method="GET",route="/projects/:pid",status="200"} 1"#), "\(text)")
        #expect(text.contains(#"route="unmatched",status="404"} 1"#), "\(text)")
        #expect(!text.contains("no-such-project"))
        #expect(text.contains(#"grantdesk_http_request_duration_seconds_bucket{method="GET",route="/projects/:pid",le="+Inf"} 2"#))
        #expect(text.contains(#"grantdesk_upstream_calls_total{operation="GET /accounts/projects/{}",outcome="success"}"#), "\(text)")
        #expect(text.contains(#"outcome="client_error"}"#), "\(text)")
        #expect(text.contains("grantdesk_upstream_call_duration_seconds_count{operation=\"GET /accounts/projects/{}\"}"))
        #expect(text.contains("# TYPE grantdesk_sessions gauge") == false, "only a running server samples sessions")
    }

    @Test func aBrowserSessionElsewhereOrAProxiedRequestIsRefused() async throws {
        let console = try await ConsoleHarness()
        let session = try await console.adminSession()
        let remote = await console.send(.get, "/metrics", session: session, address: "192.0.2.7")
        #expect(remote.status == .init(403))
        #expect(!remote.text.contains("grantdesk_"))
        let proxied = await console.send(.get, "/metrics", headers: [("X-Forwarded-For", "192.0.2.7")], address: "127.0.0.1")
        #expect(proxied.status == .init(403))
        let ipv6Loopback = await console.send(.get, "/metrics", address: "::1")
        #expect(ipv6Loopback.status == .init(200))
    }

    @Test func theBearerTokenOpensMetricsFromAnywhereAndAWrongOneDoesNot() async throws {
        let console = try await ConsoleHarness(metricsToken: "scrape-token-0123456789")
        let good = await console.send(.get, "/metrics", headers: [("Authorization", "Bearer scrape-token-0123456789")],
                                      address: "192.0.2.7")
        #expect(good.status == .init(200))
        let wrong = await console.send(.get, "/metrics", headers: [("Authorization", "Bearer scrape-token-012345678")],
                                       address: "192.0.2.7")
        #expect(wrong.status == .init(403))
        // A wrong token is a refusal even from loopback: it says someone meant to authenticate.
        let wrongLocal = await console.send(.get, "/metrics", headers: [("Authorization", "Bearer nope")],
                                            address: "127.0.0.1")
        #expect(wrongLocal.status == .init(403))
    }

    @Test func readyWhenTheDatabaseAndTheUpstreamAnswer() async throws {
        let console = try await ConsoleHarness(.embedded())
        defer { Task { await console.stop() } }
        let response = await console.send(.get, "/readyz", address: "192.0.2.7")
        #expect(response.status == .init(200))
        #expect(response.text == "ready\ndatabase: ok\nupstream: ok\n")
        #expect(response.headers["Cache-Control"] == "no-store")
    }

    @Test func notReadyWhenTheUpstreamIsDownSayingOnlyWhichPartFails() async throws {
        let console = try await ConsoleHarness(.unreachable)
        let response = await console.send(.get, "/readyz")
        #expect(response.status == .init(503))
        #expect(response.text == "not ready\ndatabase: ok\nupstream: failing (unreachable)\n")
        let health = await console.send(.get, "/healthz")
        #expect(health.status == .init(200))
    }
}
