@testable import Console
import Foundation
@testable import GrantDeskTesting
import HTTPServer
import Testing

/// Single sign-on inside the console, through the responder: the login
/// page's button, local sign-in turned off, one-time browser-bound state,
/// an unreachable provider, SSO users and their sessions, and the audit
/// log naming the provider subject and email. The flow against a real
/// provider is in Tests/browser/test_oidc.py.
@Suite struct SingleSignOnTests {
    static let issuer = "http://127.0.0.1:9/openid"

    static func settings(localUsers: Bool = true) -> SingleSignOnSettings {
        SingleSignOnSettings(issuer: issuer, clientID: "grantdesk", clientSecret: "secret",
                             adminGroups: ["gd-admins"], reviewerGroups: ["gd-reviewers", "auditors"],
                             localUsers: localUsers, displayName: "Corp IdP")
    }

    static func claims(_ subject: String = "sub-1", email: String? = "ann@example.com",
                       groups: [String] = ["gd-reviewers"]) -> IDTokenClaims {
        IDTokenClaims(issuer: issuer, subject: subject, email: email, name: "Ann", groups: groups)
    }

    @Test func loginPageOffersTheProviderAndKeepsTheDeepLink() async throws {
        let console = try await ConsoleHarness(sso: Self.settings())
        let page = await console.send(.get, "/login?next=%2Fprojects%2Fp1%2Faccess")
        #expect(page.text.contains(#"href="/login/sso?next=%2Fprojects%2Fp1%2Faccess""#))
        #expect(page.text.contains("Sign in with Corp IdP"))
        #expect(page.text.contains(#"name="password""#))
        // Local sign-in still works.
        #expect(try await console.session("alice", "alice-password").isEmpty == false)
    }

    @Test func noLocalUsersHidesAndRefusesThePasswordForm() async throws {
        let console = try await ConsoleHarness(sso: Self.settings(localUsers: false))
        let page = await console.send(.get, "/login")
        #expect(page.text.contains("Sign in with Corp IdP"))
        #expect(!page.text.contains(#"name="password""#))
        let response = await console.signIn("alice", "alice-password")
        #expect(response.status == .forbidden)
        #expect(response.cookie(Cookies.session) == nil)
    }

    @Test func unreachableProviderIsA502AndNoSession() async throws {
        let console = try await ConsoleHarness(sso: Self.settings())
        let response = await console.send(.get, "/login/sso?next=%2Fprojects")
        #expect(response.status == .badGateway)
        #expect(response.text.contains("Sign-in with Corp IdP is unavailable"))
        #expect(try await console.services.sessions.count() == 0)
    }

    @Test func callbackWithUnknownStateIsRefused() async throws {
        let console = try await ConsoleHarness(sso: Self.settings())
        let response = await console.send(.get, "/login/sso/callback?code=abc&state=forged")
        #expect(response.status == .badRequest)
        #expect(response.text.contains("does not belong to a sign-in started in this browser"))
        #expect(try await console.services.sessions.count() == 0)
    }

    @Test func stateIsBoundToTheBrowserAndWorksOnce() async throws {
        let console = try await ConsoleHarness(sso: Self.settings())
        let store = try #require(console.services.sso).pending
        let first = try await store.start(next: "/projects/p1")
        #expect(try await store.finish(state: first.state, browser: "another-browser") == nil)
        // Consumed by the failed attempt: the right browser cannot use it afterwards.
        #expect(try await store.finish(state: first.state, browser: first.browser) == nil)
        let second = try await store.start(next: nil)
        #expect(try await store.finish(state: second.state, browser: nil) == nil)
        let third = try await store.start(next: "/projects/p1")
        #expect(try await store.finish(state: third.state, browser: third.browser) == third.pending)
        #expect(try await store.finish(state: third.state, browser: third.browser) == nil)
        let late = try await store.start(next: nil)
        console.clock.advance(PendingSignInStore.lifetime + 1)
        #expect(try await store.finish(state: late.state, browser: late.browser) == nil)
    }

    @Test func rolesComeFromGroups() {
        let settings = Self.settings()
        #expect(settings.role(forGroups: ["gd-admins", "gd-reviewers"]) == .admin)
        #expect(settings.role(forGroups: ["x", "auditors"]) == .reviewer)
        #expect(settings.role(forGroups: ["x"]) == nil)
        #expect(settings.role(forGroups: []) == nil)
    }

    @Test func ssoUsersAreUpsertedWithTheirRoleAndNoPassword() async throws {
        let console = try await ConsoleHarness(sso: Self.settings())
        let users = try #require(console.services.sso).users
        let ann = try await users.signIn(Self.claims(), role: .reviewer)
        #expect(ann.name == "sso:ann@example.com")
        #expect(try await console.services.users.find(name: ann.name)?.role == .reviewer)
        // The next sign-in updates the role, same user.
        let promoted = try await users.signIn(Self.claims(groups: ["gd-admins"]), role: .admin)
        #expect(promoted.name == ann.name)
        #expect(try await console.services.users.find(name: ann.name)?.role == .admin)
        // Another subject with the same email gets a name of its own.
        let other = try await users.signIn(Self.claims("sub-2"), role: .reviewer)
        #expect(other.name != ann.name && other.name.hasPrefix("sso:"))
        // No password signs in as an SSO user.
        #expect(try await console.services.users.authenticate(name: ann.name, password: SingleSignOnUsers.noPassword) == nil)
        // Losing access ends their sessions.
        let (cookie, _) = try await console.services.sessions.create(userName: ann.name)
        try await users.revoke(Self.claims())
        #expect(try await console.services.sessions.resume(cookieValue: cookie) == nil)
        #expect(try await console.services.users.find(name: ann.name) == nil)
    }

    @Test func auditNamesTheProviderSubjectAndEmail() async throws {
        let console = try await ConsoleHarness(sso: Self.settings())
        let user = try await #require(console.services.sso).users.signIn(Self.claims(), role: .reviewer)
        let (cookie, _) = try await console.services.sessions.create(userName: user.name)
        let token = try await console.csrfToken(session: cookie)
        let path = SiteURL.grantDelete(pid: "p1", room: "lobby", userID: "u1").path
        let response = await console.send(.post, path, session: cookie, form: [("csrf", token)])
        #expect(response.status == .forbidden)
        let entries = try await console.services.audit.entries(project: "p1")
        #expect(entries.map(\.actor) == ["sso:ann@example.com (subject sub-1 at \(Self.issuer), email ann@example.com)"])
        #expect(entries.first?.role == "reviewer")
    }
}
