@testable import Console
import GRDB
import HTTPServer
import Testing
@testable import GrantDeskTesting

/// A generated first-admin password must be changed at first sign-in.
@Suite struct PasswordChangeTests {
    /// A console whose `alice` is marked as `ensureFirstAdmin` marks a
    /// generated password (`UserStoreTests` covers the marking itself).
    func console() async throws -> ConsoleHarness {
        let console = try await ConsoleHarness()
        try await console.database.storage.write { db in
            try db.execute("UPDATE users SET must_change_password = 1 WHERE name = 'alice'")
        }
        return console
    }

    func change(_ console: ConsoleHarness, session: String, _ password: String, again: String? = nil,
                next: String? = nil) async throws -> HTTPResponse {
        let token = try #require(await console.send(.get, SiteURL.changePassword(next: nil).path,
                                                    session: session).csrfToken)
        var form = [("csrf", token), ("password", password), ("password_again", again ?? password)]
        if let next { form.append(("next", next)) }
        return await console.send(.post, SiteURL.changePassword(next: nil).path, session: session,
                                  form: form)
    }

    @Test func everyPageLeadsToTheChangeUntilDoneAndTheDeepLinkSurvives() async throws {
        let console = try await console()
        let deepLink = SiteURL.audit("p 1").path(query: [("page", "2")])
        let signIn = await console.signIn("alice", "alice-password", next: deepLink)
        #expect(signIn.headers["Location"] == deepLink)
        let session = try #require(signIn.cookie(Cookies.session))

        // Any page, the deep link included, leads to the change page, keeping where it was going.
        let wanted = await console.send(.get, deepLink, session: session)
        #expect(wanted.status == .seeOther)
        #expect(wanted.headers["Location"] == SiteURL.changePassword(next: deepLink).path)
        #expect(await console.send(.get, "/projects", session: session).headers["Location"]
            == SiteURL.changePassword(next: "/projects").path)
        let page = await console.send(.get, try #require(wanted.headers["Location"]), session: session)
        #expect(page.status == .ok)
        #expect(page.text.contains("name=\"next\" value=\"\(deepLink.replacingOccurrences(of: "&", with: "&amp;"))\""))
        #expect(page.text.contains("name=\"password_again\""))
        // Other forms are refused until then.
        let token = try #require(page.csrfToken)
        let post = await console.send(.post, ProbeController.changePath, session: session,
                                      form: [("csrf", token)])
        #expect(post.status == .forbidden)
        #expect(console.counter.count == 0)

        // The rules: twice the same, at least 10 characters, not the old one.
        for (password, again, message) in [("new password one", "new password two", "differ"),
                                           ("short", "short", "at least 10"),
                                           ("alice-password", "alice-password", "differ from the old")] {
            let refused = try await change(console, session: session, password, again: again, next: deepLink)
            #expect(refused.status == .badRequest)
            #expect(refused.text.contains(message), "\(message)")
            #expect(refused.text.contains("name=\"next\""))
        }

        let changed = try await change(console, session: session, "a password of my own", next: deepLink)
        #expect(changed.status == .seeOther)
        #expect(changed.headers["Location"] == deepLink)
        let fresh = try #require(changed.cookie(Cookies.session))
        #expect(fresh != session)
        // The old session ended with the change; the new one goes anywhere.
        #expect(await console.send(.get, "/projects", session: session).headers["Location"]?
            .hasPrefix("/login") == true)
        #expect(await console.send(.get, "/no-such-page", session: fresh).status == .notFound)
        #expect(await console.signIn("alice", "alice-password").status == .unauthorized)
        #expect(await console.signIn("alice", "a password of my own", address: "10.0.0.2").status == .seeOther)
    }

    @Test func signOutStaysPossibleAndOthersAreNotLedThere() async throws {
        let console = try await console()
        let session = try await console.session("alice", "alice-password")
        let token = try #require(await console.send(.get, SiteURL.changePassword(next: nil).path,
                                                    session: session).csrfToken)
        let out = await console.send(.post, "/logout", session: session, form: [("csrf", token)])
        #expect(out.headers["Location"]?.hasPrefix("/login") == true)
        let rita = try await console.session("rita", "rita-password!")
        #expect(await console.send(.get, "/no-such-page", session: rita).status == .notFound)
    }
}
