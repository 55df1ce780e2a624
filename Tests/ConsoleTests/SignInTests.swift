@testable import Console
import GRDB
import HTTPServer
import Foundation
import Testing
@testable import GrantDeskTesting

@Suite struct SignInTests {
    @Test func healthzNeedsNoSignIn() async throws {
        let console = try await ConsoleHarness()
        let response = await console.send(.get, "/healthz")
        #expect(response.status == .ok)
        #expect(response.text == "ok")
        #expect(response.headers["Content-Type"]?.hasPrefix("text/plain") == true)
    }

    @Test func deepLinkSurvivesSignIn() async throws {
        let console = try await ConsoleHarness()
        let deep = "/probe/rooms/p1/a%20b?tab=grants"
        let first = await console.send(.get, deep)
        #expect(first.status == .seeOther)
        #expect(first.headers["Location"] == SiteURL.login(next: deep).path)

        let signIn = await console.signIn("alice", "alice-password", next: deep)
        #expect(signIn.status == .seeOther)
        #expect(signIn.headers["Location"] == deep)
        let cookie = try #require(signIn.cookie(Cookies.session))
        let page = await console.send(.get, deep, session: cookie)
        #expect(page.status == .ok)
        #expect(page.text == "room a b of p1")
        #expect(page.headers["Cache-Control"] == "no-store")
    }

    @Test func unsafeNextFallsBackToProjects() async throws {
        let console = try await ConsoleHarness()
        for next in ["//evil.example/x", "https://evil.example", "/\\evil.example"] {
            let response = await console.signIn("alice", "alice-password", next: next)
            #expect(response.headers["Location"] == "/projects", "\(next)")
        }
    }

    @Test func sessionCookieHasTheRequiredAttributes() async throws {
        let console = try await ConsoleHarness()
        let response = await console.signIn("alice", "alice-password")
        let header = try #require(response.setCookie(Cookies.session))
        #expect(header.hasPrefix("__Host-grantdesk="))
        for attribute in ["Path=/", "Secure", "HttpOnly", "SameSite=Lax"] {
            #expect(header.contains("; \(attribute)"), "\(attribute)")
        }
        #expect(!header.contains("Domain"))
        let value = try #require(response.cookie(Cookies.session))
        #expect(value.count >= 43) // 256 bits in base64url
        #expect(!(response.headers["Location"] ?? "").contains(value))
    }

    @Test func wrongPasswordAndUnknownUserGetTheSameAnswer() async throws {
        let console = try await ConsoleHarness()
        let wrong = await console.signIn("alice", "not-her-password", address: "10.0.0.2")
        let unknown = await console.signIn("mallory", "whatever-password", address: "10.0.0.3")
        #expect(wrong.status == .unauthorized)
        #expect(unknown.status == .unauthorized)
        #expect(wrong.cookie(Cookies.session) == nil)
        let message = "The user name or password is not correct."
        #expect(wrong.text.contains(message) && unknown.text.contains(message))
        // Apart from the per-response CSRF token and request id, the pages are identical.
        func normalised(_ text: String) -> String {
            text.replacingOccurrences(of: #"value="[A-Za-z0-9_-]{86}""#, with: "", options: .regularExpression)
                .replacingOccurrences(of: #"<code>[0-9a-f]{16}</code>"#, with: "", options: .regularExpression)
                .replacingOccurrences(of: "mallory", with: "alice")
        }
        #expect(normalised(wrong.text) == normalised(unknown.text))
    }

    @Test func signInRequiresTheFormToken() async throws {
        let console = try await ConsoleHarness()
        let page = await console.send(.get, "/login")
        let cookie = try #require(page.cookie(Cookies.login))
        let noToken = await console.send(.post, "/login", cookies: [Cookies.login: cookie],
                                         form: [("username", "alice"), ("password", "alice-password")])
        #expect(noToken.status == .forbidden)
        #expect(noToken.cookie(Cookies.session) == nil)
        let noCookie = await console.send(.post, "/login",
                                          form: [("csrf", page.csrfToken ?? ""), ("username", "alice"), ("password", "alice-password")])
        #expect(noCookie.status == .forbidden)
        let crossSite = await console.send(.post, "/login", cookies: [Cookies.login: cookie],
                                           form: [("csrf", page.csrfToken ?? ""), ("username", "alice"), ("password", "alice-password")],
                                           headers: [("Origin", "https://evil.example")])
        #expect(crossSite.status == .forbidden)
    }

    @Test func signInAlwaysIssuesAFreshSessionID() async throws {
        let console = try await ConsoleHarness()
        // A planted cookie value is never promoted to a session: sign-in
        // replaces it with a new random id.
        let planted = "attacker-chosen-value-0123456789abcdefghijklmnop"
        let response = await console.signIn("alice", "alice-password", existingCookies: [Cookies.session: planted])
        #expect(response.status == .seeOther)
        let issued = try #require(response.cookie(Cookies.session))
        #expect(issued != planted)
        #expect(await console.send(.get, "/no-such-page", session: planted).status == .seeOther)
        #expect(await console.send(.get, "/no-such-page", session: issued).status == .notFound)
        // The pre-session (login form) cookie is not the session id either,
        // and two sign-ins never share an id.
        let page = await console.send(.get, "/login")
        #expect(page.cookie(Cookies.login) != nil && page.cookie(Cookies.login) != issued)
        let second = try await console.session("alice", "alice-password")
        #expect(second != issued)
        // Only hashes are stored.
        let stored = try await console.database.storage.read { db in
            try db.rows("SELECT id_hash FROM sessions").map { try $0.string("id_hash") }
        }
        #expect(!stored.contains(issued) && !stored.contains(second))
        #expect(stored.contains(SessionStore.hash(issued)))
    }

    @Test func signingInAgainFromAnOlderFormReplacesTheSession() async throws {
        let console = try await ConsoleHarness()
        let page = await console.send(.get, "/login")
        let loginCookie = try #require(page.cookie(Cookies.login))
        let first = try await console.session("alice", "alice-password")
        // The form loaded before signing in (another tab) still posts fine.
        let again = await console.send(.post, "/login", cookies: [Cookies.login: loginCookie, Cookies.session: first],
                                       form: [("csrf", page.csrfToken ?? ""), ("username", "rita"), ("password", "rita-password!")])
        #expect(again.status == .seeOther)
        let second = try #require(again.cookie(Cookies.session))
        #expect(second != first)
        #expect(await console.send(.get, "/no-such-page", session: first).status == .seeOther)
        #expect(await console.send(.get, "/probe/page", session: second).text.contains("page for rita"))
    }

    @Test func logoutEndsTheSessionOnTheServer() async throws {
        let console = try await ConsoleHarness()
        let cookie = try await console.session("alice", "alice-password")
        let token = try await console.csrfToken(session: cookie)
        let sessionsBefore = try await console.services.sessions.count()
        let getLogout = await console.send(.get, "/logout", session: cookie)
        #expect(getLogout.status == .methodNotAllowed)
        let out = await console.send(.post, "/logout", session: cookie, form: [("csrf", token)])
        #expect(out.status == .seeOther)
        #expect(out.setCookie(Cookies.session)?.contains("Max-Age=0") == true)
        #expect(try await console.services.sessions.count() == sessionsBefore - 1)
        // Replaying the old cookie does not work.
        let replay = await console.send(.get, "/no-such-page", session: cookie)
        #expect(replay.status == .seeOther)
    }

    @Test func idleAndAbsoluteExpiry() async throws {
        let console = try await ConsoleHarness()
        let idle = try await console.session("alice", "alice-password")
        console.clock.advance(29 * 60)
        #expect(await console.send(.get, "/no-such-page", session: idle).status == .notFound)
        console.clock.advance(29 * 60) // active 29 min ago: still alive
        #expect(await console.send(.get, "/no-such-page", session: idle).status == .notFound)
        console.clock.advance(31 * 60)
        #expect(await console.send(.get, "/no-such-page", session: idle).status == .seeOther)

        let busy = try await console.session("alice", "alice-password")
        for _ in 0..<(12 * 4 - 1) {
            console.clock.advance(15 * 60)
            #expect(await console.send(.get, "/no-such-page", session: busy).status == .notFound)
        }
        console.clock.advance(15 * 60)
        #expect(await console.send(.get, "/no-such-page", session: busy).status == .seeOther)
    }

    @Test func throttlesGuessingPerAccountAndAddressWithoutPermanentLockout() async throws {
        let console = try await ConsoleHarness()
        for attempt in 0..<5 {
            let response = await console.signIn("alice", "wrong-\(attempt)", address: "10.0.1.1")
            #expect(response.status == .unauthorized)
        }
        // Locked now from there, even with the right password.
        let locked = await console.signIn("alice", "alice-password", address: "10.0.1.1")
        #expect(locked.status == .tooManyRequests)
        #expect(locked.cookie(Cookies.session) == nil)
        #expect(locked.headers["Retry-After"] != nil)
        // Unknown accounts are throttled the same way.
        for attempt in 0..<5 { _ = await console.signIn("ghost", "guess-\(attempt)", address: "10.0.3.1") }
        #expect(await console.signIn("ghost", "guess", address: "10.0.3.1").status == .tooManyRequests)
        // The account from elsewhere and other accounts are unaffected; the window passes.
        #expect(await console.signIn("alice", "alice-password", address: "10.0.2.1").status == .seeOther)
        #expect(await console.signIn("rita", "rita-password!", address: "10.0.1.1").status == .seeOther)
        console.clock.advance(31)
        #expect(await console.signIn("alice", "alice-password", address: "10.0.1.1").status == .seeOther)
    }

    /// Behind a trusted proxy the client is the address it reports: an
    /// attacker failing on "alice" from one address does not lock "alice"
    /// out for a colleague behind the same proxy, and a client that is not
    /// a trusted proxy cannot choose its address with the header.
    @Test func throttlesTheClientBehindATrustedProxy() async throws {
        let console = try await ConsoleHarness(trustedProxies: ["127.0.0.1/32", "fd00::/8"])
        let viaProxy = { (client: String) in [("X-Forwarded-For", "198.51.100.200, \(client)")] }
        for attempt in 0..<5 {
            let response = await console.signIn("alice", "wrong-\(attempt)", address: "127.0.0.1",
                                                headers: viaProxy("203.0.113.66"))
            #expect(response.status == .unauthorized)
        }
        #expect(await console.signIn("alice", "alice-password", address: "127.0.0.1",
                                     headers: viaProxy("203.0.113.66")).status == .tooManyRequests)
        #expect(await console.signIn("alice", "alice-password", address: "127.0.0.1",
                                     headers: viaProxy("198.51.100.7")).status == .seeOther)
        #expect(await console.signIn("alice", "alice-password", address: "fd00::2",
                                     headers: [("X-Forwarded-For", "2001:db8::7")]).status == .seeOther)
        // Not a trusted peer: the header is ignored, so rotating it does not help.
        for attempt in 0..<5 {
            _ = await console.signIn("alice", "wrong", address: "10.0.0.9", headers: viaProxy("192.0.2.\(attempt)"))
        }
        #expect(await console.signIn("alice", "alice-password", address: "10.0.0.9",
                                     headers: viaProxy("192.0.2.99")).status == .tooManyRequests)
    }

    @Test func throttlesGuessingPerAddress() async throws {
        let console = try await ConsoleHarness()
        for attempt in 0..<20 {
            _ = await console.signIn("user\(attempt)", "guess", address: "10.9.9.9")
        }
        #expect(await console.signIn("alice", "alice-password", address: "10.9.9.9").status == .tooManyRequests)
        #expect(await console.signIn("alice", "alice-password", address: "10.9.9.8").status == .seeOther)
    }
}

@Suite struct DeepLinkTests {
    /// Every page URL in console.md, with awkward ids, survives sign-in.
    @Test func everySpecURLComesBackAfterSignIn() async throws {
        let console = try await ConsoleHarness()
        let urls: [SiteURL] = [
            .projects, .project("p 1"), .room(pid: "p1", room: "a/b c"), .user(pid: "p1", userID: "ü@x"),
            .grant(pid: "p1", room: "r", userID: "u"), .newGrant(pid: "p1", room: "r&x", user: "u=1"),
            .access("p1"), .audit("p1"), .members("p1"), .rooms("p1"),
        ]
        for url in urls {
            let first = await console.send(.get, url.path)
            #expect(first.status == .seeOther)
            #expect(first.headers["Location"] == SiteURL.login(next: url.path).path)
            let login = await console.send(.get, try #require(first.headers["Location"]))
            #expect(login.text.contains("name=\"next\" value=\"\(url.path.replacingOccurrences(of: "&", with: "&amp;"))\""),
                    "\(url.path)")
            let signIn = await console.signIn("alice", "alice-password", next: url.path)
            #expect(signIn.headers["Location"] == url.path)
        }
    }

    @Test func serverErrorsUseTheErrorPage() async throws {
        let renderer = try await Renderer.load(directory: ConsoleHarness.templatesDirectory)
        let respond = ConsoleApplication.serverErrorResponder(renderer: renderer)
        for status in [HTTPStatus.badRequest, .contentTooLarge, .headerFieldsTooLarge, .requestTimeout] {
            let response = respond(status)
            #expect(response.status == status)
            #expect(response.headers["Content-Type"] == "text/html; charset=utf-8")
            #expect(response.text.contains("Error \(status.code)"))
            #expect(response.headers["Content-Security-Policy"]?.contains("default-src 'none'") == true)
        }
    }
}
