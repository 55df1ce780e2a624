import AccountsAPI
@testable import Console
import GrantModel
import HTTPServer
import Testing
@testable import GrantDeskTesting

/// Creating (by user id, by email, from a preset, through the JSON tab),
/// deleting, and reviewers kept out.
@Suite(.serialized) struct EditorCreateDeleteTests {
    static let pid = ConsoleHarness.pid
    static var newURL: String { SiteURL.newGrant(pid: pid, room: nil, user: nil).path }

    static func console() async throws -> (ConsoleHarness, String) {
        let console = try await ConsoleHarness(.embedded(seedDemo: false, people: ["u1", "u2", "u3"]))
        _ = try await console.makeRoom("lobby")
        _ = try await console.makeRoom("team/alpha room")
        return (console, try await console.adminSession())
    }

    @Test func createFromAPresetPrefilledByTheQuery() async throws {
        let (console, cookie) = try await Self.console()
        defer { Task { await console.stop() } }
        let page = await console.send(.get, SiteURL.newGrant(pid: Self.pid, room: "team/alpha room", user: "u2").path, session: cookie)
        #expect(page.status == .ok)
        var fields = page.formFields(action: Self.newURL)
        #expect(fields.value("room") == "team/alpha room")
        #expect(fields.value("user_id") == "u2")
        let preset = await console.send(.post, Self.newURL, session: cookie, form: fields + [("preset", "user_default")])
        #expect(preset.status == .ok)
        #expect(preset.text.contains("Preset “User default” applied"))
        fields = preset.formFields(action: Self.newURL)
        #expect(fields.value("sec.queues") == "on")
        #expect(fields.value("sec.llm") == nil)
        let review = await console.send(.post, Self.newURL, session: cookie, form: fields + [("action", "review")])
        #expect(review.status == .ok)
        #expect(review.text.contains("Adds the queues section"))
        let writesBefore = console.tap.writes
        let saved = await console.send(.post, Self.newURL, session: cookie,
                                       form: review.formFields(action: Self.newURL).setting("action", "confirm"))
        #expect(saved.status == .seeOther)
        #expect(saved.headers["Location"] == SiteURL.grant(pid: Self.pid, room: "team/alpha room", userID: "u2").path)
        #expect(console.tap.writes == writesBefore + 1)
        let scope = try await console.grantScope(room: "team/alpha room", user: "u2")
        #expect(scope == .object(ScopePreset.userDefault.jsonScope))

        // Creating the same grant again is refused as a conflict, not written over.
        let again = await console.send(.post, Self.newURL, session: cookie,
                                       form: review.formFields(action: Self.newURL).setting("action", "confirm").setting("token", "fresh"))
        #expect(again.status == .conflict)
        #expect(again.text.contains("already exists"))
        #expect(console.tap.writes == writesBefore + 1)
    }

    @Test func createThroughTheJSONTabAndByEmail() async throws {
        let (console, cookie) = try await Self.console()
        defer { Task { await console.stop() } }
        let page = await console.send(.get, Self.newURL, session: cookie)
        let json = await console.send(.post, Self.newURL, session: cookie,
                                      form: page.formFields(action: Self.newURL) + [("action", "view-json")])
        let scope = #"{"messaging":{"send":false},"future_section":{"x":[1,2]}}"#
        let fields = json.formFields(action: Self.newURL).setting("room", "lobby").setting("grantee", "email")
            .setting("email", "new.person@example.com").setting("json", scope)
        let review = await console.send(.post, Self.newURL, session: cookie, form: fields + [("action", "review")])
        #expect(review.status == .ok)
        #expect(review.text.contains("Invitation to new.person@example.com for room lobby"))
        let saved = await console.send(.post, Self.newURL, session: cookie,
                                       form: review.formFields(action: Self.newURL).setting("action", "confirm"))
        #expect(saved.status == .seeOther)
        #expect(saved.headers["Location"] == SiteURL.room(pid: Self.pid, room: "lobby").path)
        let grants = try await console.accounts.grants(projectID: Self.pid, roomName: "lobby")
        #expect(grants.grants.count == 1)
        #expect(grants.grants.first?.permissions == (try JSONValue(parsing: scope)))
    }

    @Test func createNeedsARoomAndAGrantee() async throws {
        let (console, cookie) = try await Self.console()
        defer { Task { await console.stop() } }
        let page = await console.send(.get, Self.newURL, session: cookie)
        let fields = page.formFields(action: Self.newURL).setting("grantee", "email").setting("email", "not-an-email")
        let response = await console.send(.post, Self.newURL, session: cookie, form: fields + [("action", "review")])
        #expect(response.status == .unprocessableContent)
        #expect(response.text.contains("Choose a room."))
        #expect(response.text.contains("Enter an email address"))
        #expect(response.formFields(action: Self.newURL).value("email") == "not-an-email")
    }

    @Test func deleteAsksThenDeletesOnceAndAudits() async throws {
        let (console, cookie) = try await Self.console()
        defer { Task { await console.stop() } }
        try await console.makeGrant(room: "lobby", user: "u3", scope: #"{"admin":{}}"#)
        let url = SiteURL.grantDelete(pid: Self.pid, room: "lobby", userID: "u3").path
        let page = await console.send(.get, url, session: cookie)
        #expect(page.status == .ok)
        #expect(page.text.contains("Delete this grant?"))
        let writesBefore = console.tap.writes
        let fields = page.formFields(action: url)
        let deleted = await console.send(.post, url, session: cookie, form: fields)
        #expect(deleted.status == .seeOther)
        #expect(deleted.headers["Location"] == SiteURL.room(pid: Self.pid, room: "lobby").path)
        #expect(console.tap.writes == writesBefore + 1)
        // Posting the confirmation again deletes nothing more.
        let again = await console.send(.post, url, session: cookie, form: fields)
        #expect(again.status == .seeOther)
        #expect(console.tap.writes == writesBefore + 1)
        let entries = try await console.services.audit.entries(project: Self.pid)
        #expect(entries.map(\.action) == ["grant.delete"])
        #expect(entries.first?.outcome == "succeeded")
        #expect(entries.first?.before == #"{"admin":{}}"#)
    }

    @Test func deleteOfAChangedGrantShowsItAgain() async throws {
        let (console, cookie) = try await Self.console()
        defer { Task { await console.stop() } }
        try await console.makeGrant(room: "lobby", user: "u3", scope: #"{"admin":{}}"#)
        let url = SiteURL.grantDelete(pid: Self.pid, room: "lobby", userID: "u3").path
        let page = await console.send(.get, url, session: cookie)
        try await console.accounts.updateGrant(projectID: Self.pid, roomID: "lobby", userID: "u3",
                                               permissions: try JSONValue(parsing: #"{"llm":{}}"#))
        let writesBefore = console.tap.writes
        let response = await console.send(.post, url, session: cookie, form: page.formFields(action: url))
        #expect(response.status == .conflict)
        #expect(response.text.contains("The grant changed since this page was shown"))
        #expect(console.tap.writes == writesBefore)
    }

    @Test func reviewerGetsForbiddenEverywhereAndTheUpstreamIsNotCalled() async throws {
        let (console, _) = try await Self.console()
        defer { Task { await console.stop() } }
        try await console.makeGrant(room: "lobby", user: "u1", scope: "{}")
        let cookie = try await console.session("rita", "rita-password!")
        let requestsBefore = console.tap.requests
        let edit = SiteURL.grantEdit(pid: Self.pid, room: "lobby", userID: "u1").path
        let delete = SiteURL.grantDelete(pid: Self.pid, room: "lobby", userID: "u1").path
        for (method, url) in [(HTTPMethod.get, Self.newURL), (.get, edit), (.get, delete),
                              (.post, Self.newURL), (.post, edit), (.post, delete)] {
            let response = await console.send(method, url, session: cookie,
                                              form: method == .post ? [("action", "confirm"), ("room", "lobby"), ("user_id", "u2")] : nil)
            #expect(response.status == .forbidden, "\(method) \(url)")
        }
        #expect(console.tap.requests == requestsBefore)
    }
}
