@testable import HTTPClient
import Synchronization
import Testing

/// The retry and redirect rules of `HTTPClient`, with scripted attempts instead of sockets.
@Suite("HTTP client retry and redirect policy")
struct HTTPClientPolicyTests {
    /// Replays scripted outcomes and records every attempt.
    final class Script: Sendable {
        private let state: Mutex<(outcomes: [Result<CurlResponse, CurlFailure>], seen: [HTTPClientRequest])>

        init(_ outcomes: [Result<CurlResponse, CurlFailure>]) {
            state = Mutex((outcomes, []))
        }

        var attempts: [HTTPClientRequest] { state.withLock { $0.seen } }

        func next(_ request: HTTPClientRequest) -> Result<CurlResponse, CurlFailure> {
            state.withLock { state in
                state.seen.append(request)
                return state.outcomes.isEmpty ? .failure(CurlFailure(error: .connectionLost, neverConnected: false)) : state.outcomes.removeFirst()
            }
        }
    }

    static let refused = Result<CurlResponse, CurlFailure>.failure(CurlFailure(error: .unreachable, neverConnected: true))
    static let ok = Result<CurlResponse, CurlFailure>.success(CurlResponse(status: 200, headers: [], body: Array("{}".utf8)))

    private func client(_ script: Script) -> HTTPClient {
        HTTPClient(configuration: HTTPClientConfiguration(maxReadRetries: 2)) { request, _, _ in script.next(request) }
    }

    private func get(_ url: String = "http://upstream.test/a") -> HTTPClientRequest {
        HTTPClientRequest(method: "GET", url: url)
    }

    @Test("a read is repeated at most twice when no connection could be made")
    func readRetries() async throws {
        let recovering = Script([Self.refused, Self.refused, Self.ok])
        #expect(try await client(recovering).execute(get()).status == 200)
        #expect(recovering.attempts.count == 3)
        let down = Script([Self.refused, Self.refused, Self.refused, Self.ok])
        await #expect(throws: HTTPClientError.unreachable) { try await client(down).execute(get()) }
        #expect(down.attempts.count == 3)
    }

    @Test("writes, timeouts of a connected call and HTTP errors are never repeated")
    func noRetries() async throws {
        for method in ["POST", "PUT", "DELETE"] {
            let script = Script([Self.refused, Self.ok])
            await #expect(throws: HTTPClientError.unreachable) {
                try await client(script).execute(HTTPClientRequest(method: method, url: "http://upstream.test/a", body: [1]))
            }
            #expect(script.attempts.count == 1, "\(method)")
        }
        let slow = Script([.failure(CurlFailure(error: .timeout, neverConnected: false)), Self.ok])
        await #expect(throws: HTTPClientError.timeout) { try await client(slow).execute(get()) }
        #expect(slow.attempts.count == 1)
        let failing = Script([.success(CurlResponse(status: 503, headers: [], body: [])), Self.ok])
        #expect(try await client(failing).execute(get()).status == 503)
        #expect(failing.attempts.count == 1)
    }

    @Test("same-origin redirects are followed (303 turns a POST into a GET), others refused, at most three hops")
    func redirects() async throws {
        func redirect(_ status: Int, _ location: String) -> Result<CurlResponse, CurlFailure> {
            .success(CurlResponse(status: status, headers: [], body: [], redirectURL: location))
        }
        let sameOrigin = Script([redirect(303, "http://upstream.test/b"), Self.ok])
        let post = HTTPClientRequest(method: "POST", url: "http://upstream.test/a", body: Array("x".utf8))
        #expect(try await client(sameOrigin).execute(post).status == 200)
        #expect(sameOrigin.attempts.map(\.method) == ["POST", "GET"])
        #expect(sameOrigin.attempts.last?.body == nil)
        let keepsMethod = Script([redirect(307, "http://upstream.test/b"), Self.ok])
        _ = try await client(keepsMethod).execute(post)
        #expect(keepsMethod.attempts.map(\.method) == ["POST", "POST"])

        for location in ["http://evil.test/b", "https://upstream.test/b", "http://upstream.test:8080/b"] {
            let script = Script([redirect(302, location), Self.ok])
            await #expect(throws: HTTPClientError.redirectRefused(location: location)) { try await client(script).execute(get()) }
            #expect(script.attempts.count == 1)
        }
        let loop = Script((0..<5).map { redirect(302, "http://upstream.test/\($0)") })
        await #expect(throws: HTTPClientError.self) { try await client(loop).execute(get()) }
        #expect(loop.attempts.count == 4)
    }

    @Test("URLs that are not http(s) are refused before any attempt")
    func invalidURLs() async throws {
        let script = Script([Self.ok])
        for url in ["ftp://upstream.test/a", "upstream.test/a", "http:///nohost", ""] {
            await #expect(throws: HTTPClientError.invalidURL) { try await client(script).execute(get(url)) }
        }
        #expect(script.attempts.isEmpty)
    }
}
