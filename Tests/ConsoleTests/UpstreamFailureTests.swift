import AccountsAPI
@testable import Console
import HTTPApp
import HTTPServer
import Testing
@testable import GrantDeskTesting

/// A page whose handler calls the upstream, as feature pages do.
struct UpstreamProbeController: ConsoleController {
    let accounts: AccountsClient

    func register(on router: inout Router<ConsoleContext>) {
        router.get("/probe/upstream") { _, _ in
            let projects = try await accounts.projects()
            return HTTPResponse(status: .ok, contentType: "text/plain", text: "\(projects.count)")
        }
        router.post("/probe/upstream") { _, _ in
            try await accounts.deleteGrant(projectID: "p1", roomID: "r", userID: "u")
            return Redirect.to(.projects)
        }
    }
}

@Suite struct UpstreamFailureTests {
    func console(_ upstream: UpstreamConfiguration) async throws -> ConsoleHarness {
        let accounts = AccountsClient(configuration: upstream)
        return try await ConsoleHarness(.configuration(upstream), extraControllers: [UpstreamProbeController(accounts: accounts)])
    }

    @Test func unreachableUpstreamIs503AndSaysNothingWasSaved() async throws {
        let console = try await console(UpstreamConfiguration(baseURL: "http://127.0.0.1:9", token: "t"))
        let cookie = try await console.session("alice", "alice-password")
        let page = await console.send(.get, "/probe/upstream", session: cookie)
        #expect(page.status == .serviceUnavailable)
        #expect(page.text.contains("could not be reached; nothing was changed."))
        #expect(page.text.contains("MeshAgent is unavailable"))
        let token = try await console.csrfToken(session: cookie)
        let post = await console.send(.post, "/probe/upstream", session: cookie,
                                      form: [("csrf", token)])
        #expect(post.status == .serviceUnavailable)
        #expect(post.text.contains("nothing was saved."))
        #expect(!post.text.contains("test-token") && !post.text.contains("Connection refused"))
    }

    @Test func upstream5xxIs502NamingTheCall() async throws {
        let upstream = try CountingUpstream(status: .internalServerError)
        let console = try await console(upstream.configuration)
        let cookie = try await console.session("alice", "alice-password")
        let page = await console.send(.get, "/probe/upstream", session: cookie)
        #expect(page.status == .badGateway)
        #expect(page.text.contains("failed (HTTP 500) on GET /accounts/projects"))
        #expect(upstream.count >= 1)
        await upstream.stop()
    }

    @Test func mappingCoversEveryKindOfFailure() {
        let request = UpstreamRequestDescription(method: "DELETE", path: "/accounts/projects/p/room-grants")
        let failure = UpstreamFailure(status: 429, request: request, message: "slow down")
        let ten = Duration.seconds(10)
        let cases: [(UpstreamError, Bool, Int, String)] = [
            (.timeout(request), false, 504, "did not answer within 10 s; nothing was changed."),
            (.timeout(request), true, 504, "cannot tell whether the change was saved"),
            (.unreachable(request), true, 503, "nothing was saved."),
            (.connectionLost(request), true, 502, "cannot tell whether the change was saved"),
            (.tooLarge(request, limit: 1024), false, 502, "invalid upstream data"),
            (.other(failure), true, 503, "limiting requests (HTTP 429)"),
            (.server(UpstreamFailure(status: 503, request: request, message: "x")), true, 502, "failed (HTTP 503) on DELETE"),
            (.notFound(UpstreamFailure(status: 404, request: request, message: "no grant")), false, 404, "no such item"),
            (.conflict(UpstreamFailure(status: 409, request: request, message: "exists")), true, 409, "Nothing was saved."),
            (.permissionDenied(UpstreamFailure(status: 403, request: request, message: "no")), true, 403, "not allowed"),
        ]
        for (error, mutating, status, text) in cases {
            let mapped = UpstreamErrorMiddleware.httpError(for: error, mutating: mutating, timeout: ten)
            #expect(mapped.status.code == status, "\(error)")
            #expect(mapped.message.contains(text), "\(mapped.message)")
        }
    }

    @Test func reviewerMutationsNeverReachTheUpstream() async throws {
        let upstream = try CountingUpstream(status: .ok)
        let console = try await console(upstream.configuration)
        let cookie = try await console.session("rita", "rita-password!")
        let token = try await console.csrfToken(session: cookie)
        for (method, path) in ProbeController.mutatingRoutes + [(.post, "/probe/upstream")] {
            let response = await console.send(method, path, session: cookie, form: [("csrf", token)])
            #expect(response.status == .forbidden)
        }
        #expect(upstream.count == 0, "\(upstream.seen)")
        await upstream.stop()
    }
}
