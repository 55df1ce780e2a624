@testable import Console
import HTTPServer
import Testing
@testable import GrantDeskTesting

@Suite struct RoleAndCSRFTests {
    @Test func reviewerIsRefusedOnEveryMutatingRouteWithoutReachingAHandler() async throws {
        let console = try await ConsoleHarness()
        let cookie = try await console.session("rita", "rita-password!")
        let token = try await console.csrfToken(session: cookie)
        for (method, path) in ProbeController.mutatingRoutes {
            let response = await console.send(method, path, session: cookie, form: [("csrf", token)])
            #expect(response.status == .forbidden, "\(method) \(path)")
            #expect(response.text.contains("reviewer account"))
        }
        // A hand-built request without token or origin is refused too.
        let forged = await console.send(.post, SiteURL.grantDelete(pid: "p1", room: "lobby", userID: "u1").path,
                                        session: cookie, origin: nil)
        #expect(forged.status == .forbidden)
        #expect(console.counter.count == 0)
        let entries = try await console.services.audit.entries(project: "p1", limit: 100)
        #expect(entries.count == ProbeController.mutatingRoutes.count + 1)
        #expect(entries.allSatisfy { $0.actor == "rita" && $0.role == "reviewer" && $0.outcome.hasPrefix("refused") })
        #expect(try await console.services.audit.verify().isIntact)
    }

    @Test func reviewerReadsAndSignsOut() async throws {
        let console = try await ConsoleHarness()
        let cookie = try await console.session("rita", "rita-password!")
        let page = await console.send(.get, "/probe/page", session: cookie)
        #expect(page.status == .ok)
        let token = try await console.csrfToken(session: cookie)
        let out = await console.send(.post, "/logout", session: cookie, form: [("csrf", token)])
        #expect(out.status == .seeOther)
        #expect(out.headers["Location"] == "/login")
    }

    @Test func adminMutationsNeedTokenAndSameOrigin() async throws {
        let console = try await ConsoleHarness()
        let cookie = try await console.session("alice", "alice-password")
        let token = try await console.csrfToken(session: cookie)
        let path = ProbeController.changePath
        let cases: [([(String, String)], [(String, String)])] = [
            ([], [("Origin", ConsoleHarness.origin)]),                              // no token
            ([("csrf", "bogus")], [("Origin", ConsoleHarness.origin)]),             // wrong token
            ([("csrf", token)], [("Origin", "https://evil.example")]),           // cross-origin
            ([("csrf", token)], [("Origin", "null")]),
            ([("csrf", token)], [("Sec-Fetch-Site", "cross-site")]),
            ([("csrf", token)], [("Referer", "https://evil.example/console.test/")]),
            ([("csrf", token)], []),                                             // no origin information at all
            ([("csrf", token)], [("Origin", "http://console.test")]),            // scheme downgrade on TLS
        ]
        for (form, headers) in cases {
            let response = await console.send(.post, path, session: cookie, form: form, headers: headers,
                                              origin: nil)
            #expect(response.status == .forbidden, "\(form) \(headers)")
        }
        #expect(console.counter.count == 0)
        let refusals = try await console.services.audit.entries(project: nil, limit: 100)
        #expect(refusals.count == cases.count)
        #expect(refusals.allSatisfy { $0.actor == "alice" && $0.outcome.hasPrefix("refused: ") })
        // Another session's token does not work here.
        let other = try await console.session("alice", "alice-password")
        let otherToken = try await console.csrfToken(session: other)
        let mixed = await console.send(.post, path, session: cookie, form: [("csrf", otherToken)])
        #expect(mixed.status == .forbidden)
        #expect(console.counter.count == 0)

        for headers in [[("Origin", ConsoleHarness.origin)], [("Sec-Fetch-Site", "same-origin")],
                        [("Referer", ConsoleHarness.origin + "/projects/p1")]] {
            let ok = await console.send(.post, path, session: cookie, form: [("csrf", token)],
                                        headers: headers, origin: nil)
            #expect(ok.status == .seeOther, "\(headers)")
            #expect(ok.headers["Location"] == "/probe/page")
        }
        #expect(console.counter.count == 3)
        // The flash set by the handler shows once on the next page.
        #expect(await console.send(.get, "/probe/page", session: cookie).text.contains("flash=Saved."))
        #expect(await console.send(.get, "/probe/page", session: cookie).text.contains("flash=-"))
    }

    @Test func errorsRenderThroughTheLayoutOrAsJSON() async throws {
        let console = try await ConsoleHarness()
        let cookie = try await console.session("alice", "alice-password")
        let page = await console.send(.get, "/projects/p1/nothing/here", session: cookie)
        #expect(page.status == .notFound)
        #expect(page.headers["Content-Type"] == "text/html; charset=utf-8")
        #expect(page.text.contains("<html lang=\"en\">"))
        #expect(page.text.contains("Page not found"))
        #expect(page.text.contains(page.headers["X-Request-Id"] ?? "missing"))
        let api = await console.send(.get, "/api/nothing", session: cookie)
        #expect(api.status == .notFound)
        #expect(api.headers["Content-Type"] == "application/json; charset=utf-8")
        #expect(api.text.hasPrefix("{\"error\":{\"status\":404,"))
        let signedOutAPI = await console.send(.get, "/api/nothing")
        #expect(signedOutAPI.status == .unauthorized)
        let wrongMethod = await console.send(.delete, "/healthz", session: cookie,
                                             headers: [("X-CSRF-Token", try await console.csrfToken(session: cookie))])
        #expect(wrongMethod.status == .methodNotAllowed)
        #expect(wrongMethod.headers["Allow"] == "GET, HEAD")
    }
}
