@testable import AccountsAPI
@testable import Console
import GrantModel
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
        #expect(page.text.contains("could not be reached while loading this page. Nothing was changed."))
        #expect(page.text.contains("MeshAgent is unavailable"))
        let token = try await console.csrfToken(session: cookie)
        let post = await console.send(.post, "/probe/upstream", session: cookie,
                                      form: [("csrf", token)])
        #expect(post.status == .serviceUnavailable)
        #expect(post.text.contains("could not be reached while saving the change. Nothing was saved."))
        #expect(!post.text.contains("test-token") && !post.text.contains("Connection refused"))
    }

    @Test func upstream5xxIs502NamingTheCall() async throws {
        let upstream = try CountingUpstream(status: .internalServerError)
        let console = try await console(upstream.configuration)
        let cookie = try await console.session("alice", "alice-password")
        let page = await console.send(.get, "/probe/upstream", session: cookie)
        #expect(page.status == .badGateway)
        #expect(page.text.contains("failed (HTTP 500) while loading this page. Nothing was changed."))
        #expect(!page.text.contains("/accounts/projects"))
        #expect(upstream.count >= 1)
        await upstream.stop()
    }

    @Test func mappingCoversEveryKindOfFailure() {
        let request = UpstreamRequestDescription(method: "DELETE", path: "/accounts/projects/p/room-grants")
        func answer(_ status: Int, retryAfter: String? = nil) -> UpstreamFailure {
            UpstreamFailure(status: status, request: request, message: "upstream words", retryAfter: retryAfter)
        }
        let write = UpstreamProblem.Call.write("deleting the grant")
        let page = UpstreamProblem.Call.page("the grant")
        let check = UpstreamProblem.Call.beforeWrite("checking the grant")
        let cases: [(UpstreamError, UpstreamProblem.Call, Int, String)] = [
            (.timeout(request), page, 504, "did not answer in time while loading the grant. Nothing was changed."),
            (.timeout(request), write, 504, "GrantDesk cannot tell whether the change was saved"),
            (.timeout(request), check, 504, "Nothing was saved."),
            (.unreachable(request), write, 503, "could not be reached while deleting the grant. Nothing was saved."),
            (.connectionLost(request), write, 502, "GrantDesk cannot tell whether the change was saved"),
            (.invalidPayload(request, problem: PayloadError(path: "room", problem: "x")), page, 502, "could not read"),
            (.tooLarge(request, limit: 1024), page, 502, "could not read"),
            (.redirectRefused(request), page, 502, "redirected"),
            (.other(answer(429, retryAfter: "30")), write, 429, "Try again in 30 s."),
            (.other(answer(429)), write, 429, "Try again in a moment."),
            (.other(answer(401)), write, 403, UpstreamProblem.notAllowedSentence),
            (.permissionDenied(answer(403)), page, 403, UpstreamProblem.notAllowedSentence),
            (.other(answer(422)), write, 422, "MeshAgent said: “upstream words”."),
            (.validation(answer(400)), write, 422, "Your input is kept below"),
            (.other(answer(418)), page, 502, "unexpected HTTP 418"),
            (.server(answer(503)), write, 502, "failed (HTTP 503) while deleting the grant. Nothing was saved."),
            (.notFound(answer(404)), page, 404, "The grant was not found in the accounts API."),
            (.notFound(answer(404)), write, 404, "not found (HTTP 404)"),
            (.conflict(answer(409)), write, 409, "reports a conflict while deleting the grant. MeshAgent said: “upstream words”."),
        ]
        for (error, call, status, text) in cases {
            let mapped = UpstreamProblem(error, call)
            #expect(mapped.status.code == status, "\(error)")
            #expect(mapped.message.contains(text), "\(mapped.message)")
            #expect(!mapped.message.contains("/accounts/projects"), "\(mapped.message)")
            #expect(mapped.headers["Retry-After"] == (status == 429 ? error.failure?.retryAfter : nil))
        }
        // Under a POST, a page's read failing says nothing was saved.
        #expect(UpstreamProblem(.server(answer(500)), page).asPartOfWrite.message.contains("Nothing was saved."))
    }

    @Test func retryAfterIsPassedOnOnlyWhenWellFormed() {
        #expect(UpstreamFailure.retryAfter(fromHeader: " 120 ") == "120")
        #expect(UpstreamFailure.retryAfter(fromHeader: "Wed, 21 Oct 2026 07:28:00 GMT") == "Wed, 21 Oct 2026 07:28:00 GMT")
        #expect(UpstreamFailure.retryAfter(fromHeader: "1\r\nSet-Cookie: x=1") == nil)
        #expect(UpstreamFailure.retryAfter(fromHeader: "soon") == nil)
        #expect(UpstreamFailure.retryAfter(fromHeader: "99999999999") == nil)
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
