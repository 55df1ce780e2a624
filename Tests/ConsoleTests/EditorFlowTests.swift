import AccountsAPI
@testable import Console
import GrantModel
import HTTPServer
import Testing
@testable import GrantDeskTesting

/// The editor end to end: pages rendered by the console, submitted as a
/// browser would, against the embedded accounts API over loopback HTTP.
@Suite(.serialized) struct EditorFlowTests {
    static let pid = ConsoleHarness.pid
    static let scopeWithUnknowns = """
    {"queues":{"send":["a"]},"storage":{"paths":[{"path":"/a"}],"files":{"max":3}},"sqlite":{"tables":["t"]}}
    """
    static var editURL: String { SiteURL.grantEdit(pid: pid, room: "lobby", userID: "u1").path }

    /// A console with room `lobby` and a grant for `u1` holding unknown keys.
    static func console(requestTimeout: Duration = .seconds(10)) async throws -> (ConsoleHarness, String) {
        let console = try await ConsoleHarness(.embedded(seedDemo: false, people: ["u1", "u2", "u3"], requestTimeout: requestTimeout))
        _ = try await console.makeRoom("lobby")
        try await console.makeGrant(room: "lobby", user: "u1", scope: scopeWithUnknowns)
        return (console, try await console.adminSession())
    }

    /// Opens the editor, applies `change` to its fields and presses "Review changes".
    static func review(_ console: ConsoleHarness, _ cookie: String, url: String = editURL,
                       change: ([(String, String)]) -> [(String, String)]) async throws -> HTTPResponse {
        let page = await console.send(.get, url, session: cookie)
        try #require(page.status == .ok)
        let action = url.split(separator: "?")[0]
        let fields = change(page.formFields(action: String(action)))
        return await console.send(.post, String(action), session: cookie, form: fields + [("action", "review")])
    }

    static func confirm(_ console: ConsoleHarness, _ cookie: String, reviewPage: HTTPResponse, url: String = editURL) async -> HTTPResponse {
        let fields = reviewPage.formFields(action: url)
        return await console.send(.post, url, session: cookie, form: fields.setting("action", "confirm"))
    }

    @Test func editThroughTheFormSavesOnceAndKeepsUnknownKeys() async throws {
        let (console, cookie) = try await Self.console()
        defer { Task { await console.stop() } }
        let review = try await Self.review(console, cookie) { $0.setting("t.queues.send", "a\nb") }
        #expect(review.status == .ok)
        #expect(review.text.contains("Adds &#39;b&#39; to queues.send"))
        #expect(review.text.contains("This change gives more access than before"))
        let writesBefore = console.tap.writes
        let saved = await Self.confirm(console, cookie, reviewPage: review)
        #expect(saved.status == .seeOther)
        #expect(saved.headers["Location"] == SiteURL.grant(pid: Self.pid, room: "lobby", userID: "u1").path)
        #expect(console.tap.writes == writesBefore + 1)
        let scope = try await console.grantScope(room: "lobby", user: "u1")
        #expect(scope["queues"]?["send"] == ["a", "b"])
        #expect(scope["sqlite"] == ["tables": ["t"]])
        #expect(scope["storage"]?["files"] == ["max": 3])
        #expect(scope["storage"]?["paths"] == [["path": "/a"]])

        // The same confirmation posted again changes nothing upstream.
        let again = await Self.confirm(console, cookie, reviewPage: review)
        #expect(again.status == .seeOther)
        #expect(console.tap.writes == writesBefore + 1)

        let entries = try await console.services.audit.entries(project: Self.pid)
        #expect(entries.count == 1)
        #expect(entries.first?.action == "grant.update")
        #expect(entries.first?.outcome == "succeeded")
        #expect(entries.first?.actor == "alice")
        #expect(entries.first?.before?.contains(#""send":["a"]"#) == true)
        #expect(entries.first?.after?.contains(#""send":["a","b"]"#) == true)
    }

    @Test func narrowingShowsNoWideningWarning() async throws {
        let (console, cookie) = try await Self.console()
        defer { Task { await console.stop() } }
        let review = try await Self.review(console, cookie) { $0.setting("sec.storage", nil) }
        #expect(review.status == .ok)
        #expect(review.text.contains("Removes the storage section"))
        #expect(!review.text.contains("This change gives more access"))
    }

    @Test func lostUpdateIsRefusedAndBothVersionsShown() async throws {
        let (console, cookie) = try await Self.console()
        defer { Task { await console.stop() } }
        let review = try await Self.review(console, cookie) { $0.setting("t.queues.send", "mine") }
        // Another admin saves first.
        try await console.accounts.updateGrant(projectID: Self.pid, roomID: "lobby", userID: "u1",
                                               permissions: try JSONValue(parsing: #"{"queues":{"send":["theirs"]}}"#))
        let writesBefore = console.tap.writes
        let response = await Self.confirm(console, cookie, reviewPage: review)
        #expect(response.status == .conflict)
        #expect(response.text.contains("Someone changed this grant"))
        #expect(response.text.contains("theirs"))
        #expect(response.text.contains("mine"))
        #expect(console.tap.writes == writesBefore)
        #expect(try await console.grantScope(room: "lobby", user: "u1") == (try JSONValue(parsing: #"{"queues":{"send":["theirs"]}}"#)))
        let entries = try await console.services.audit.entries(project: Self.pid)
        #expect(entries.map(\.outcome) == ["refused: the grant changed since the editor loaded it"])

        // Reviewing "mine against theirs" and confirming then saves over theirs, knowingly.
        let again = await console.send(.post, Self.editURL, session: cookie,
                                       form: response.formFields(action: Self.editURL).setting("action", "review"))
        #expect(again.status == .ok)
        #expect(again.text.contains("Removes &#39;theirs&#39; from queues.send"))
        let saved = await Self.confirm(console, cookie, reviewPage: again)
        #expect(saved.status == .seeOther)
        #expect(try await console.grantScope(room: "lobby", user: "u1")["queues"]?["send"] == ["mine"])
    }

    @Test func validationErrorKeepsEverythingTypedAndNamesTheField() async throws {
        let (console, cookie) = try await Self.console()
        defer { Task { await console.stop() } }
        let writesBefore = console.tap.writes
        let response = try await Self.review(console, cookie) { fields in
            fields.setting("sec.secrets", "on").setting("r.secrets.request_oauth_token", "only")
                .setting("w.secrets.request_oauth_token.0.endpoint", "https://typed.example/*")
                .setting("w.secrets.request_oauth_token.0.client_id", "")
                .setting("t.queues.send", "kept-one\nkept-two")
        }
        #expect(response.status == .unprocessableContent)
        #expect(response.text.contains("secrets.request_oauth_token[0].client_id: is required"))
        #expect(response.text.contains("https://typed.example/*"))
        #expect(response.text.contains("kept-one\nkept-two"))
        // The error sits inside the field it concerns, and the top list links there.
        let field = try #require(response.text.range(of: #"id="field-secrets-request-oauth-token-field""#))
        #expect(response.text[field.upperBound...].prefix(4000).contains("client_id: is required"))
        #expect(response.text.contains(##"href="#field-secrets-request-oauth-token""##))
        #expect(console.tap.writes == writesBefore)
    }

    @Test func jsonTabErrorsKeepTheTextAndNameThePath() async throws {
        let (console, cookie) = try await Self.console()
        defer { Task { await console.stop() } }
        let writesBefore = console.tap.writes
        let page = await console.send(.get, Self.editURL, session: cookie)
        let toJSON = await console.send(.post, Self.editURL, session: cookie,
                                        form: page.formFields(action: Self.editURL) + [("action", "view-json")])
        #expect(toJSON.status == .ok)
        let fields = toJSON.formFields(action: Self.editURL)
        let json = try #require(fields.value("json"))
        #expect(try JSONValue(parsing: json) == (try JSONValue(parsing: Self.scopeWithUnknowns)))

        let broken = #"{"queues": {"send": "x"}, "sqlite": 1"#
        let syntax = await console.send(.post, Self.editURL, session: cookie,
                                        form: fields.setting("json", broken) + [("action", "review")])
        #expect(syntax.status == .unprocessableContent)
        #expect(syntax.text.contains("The JSON is not valid at line 1"))
        #expect(syntax.formFields(action: Self.editURL).value("json") == broken)

        let typed = #"{"queues": {"send": "x"}, "sqlite": 1}"#
        let types = await console.send(.post, Self.editURL, session: cookie,
                                       form: fields.setting("json", typed) + [("action", "review")])
        #expect(types.status == .unprocessableContent)
        #expect(types.text.contains("queues.send: must be a list of strings, not a string"))
        #expect(types.formFields(action: Self.editURL).value("json") == typed)
        #expect(console.tap.writes == writesBefore)
    }

    @Test func editThroughTheJSONTabKeepsUnknownKeys() async throws {
        let (console, cookie) = try await Self.console()
        defer { Task { await console.stop() } }
        let page = await console.send(.get, Self.editURL, session: cookie)
        let toJSON = await console.send(.post, Self.editURL, session: cookie,
                                        form: page.formFields(action: Self.editURL) + [("action", "view-json")])
        let edited = #"{"queues":{"send":["j"]},"storage":{"paths":[{"path":"/a"}],"files":{"max":3}},"sqlite":{"tables":["t"]},"newer":true}"#
        let review = await console.send(.post, Self.editURL, session: cookie,
                                        form: toJSON.formFields(action: Self.editURL).setting("json", edited) + [("action", "review")])
        #expect(review.status == .ok)
        #expect(review.text.contains("Adds the unrecognised setting newer = true"))
        let saved = await Self.confirm(console, cookie, reviewPage: review)
        #expect(saved.status == .seeOther)
        #expect(try await console.grantScope(room: "lobby", user: "u1") == (try JSONValue(parsing: edited)))
    }

    @Test func upstreamFailureSaysNothingWasSavedAndKeepsInput() async throws {
        for (fault, status, words) in [(UpstreamFault.writeStatus(500), HTTPStatus.badGateway, "failed (HTTP 500)"),
                                       (.writeStatus(429), .tooManyRequests, "limiting requests (HTTP 429)")] {
            let (console, cookie) = try await Self.console()
            defer { Task { await console.stop() } }
            let review = try await Self.review(console, cookie) { $0.setting("t.queues.send", "typed-value") }
            console.tap.fault = fault
            let response = await Self.confirm(console, cookie, reviewPage: review)
            #expect(response.status == status)
            #expect(response.text.contains("Nothing was saved."))
            #expect(response.text.contains(words))
            #expect(!response.text.contains("Grant saved"))
            #expect(response.formFields(action: Self.editURL).value("t.queues.send") == "typed-value")
            let entries = try await console.services.audit.entries(project: Self.pid)
            #expect(entries.count == 1)
            #expect(entries.first?.outcome.hasPrefix("failed:") == true)
            #expect(try await console.grantScope(room: "lobby", user: "u1")["queues"]?["send"] == ["a"])

            // Once the upstream is back, the same form saves (its token was not used up).
            console.tap.fault = .none
            let retried = await console.send(.post, Self.editURL, session: cookie,
                                             form: response.formFields(action: Self.editURL) + [("action", "confirm")])
            #expect(retried.status == .seeOther)
            #expect(try await console.grantScope(room: "lobby", user: "u1")["queues"]?["send"] == ["typed-value"])
        }
    }

    @Test func slowUpstreamEndsWithinTheDeadlineAndSavesNothing() async throws {
        let (console, cookie) = try await Self.console(requestTimeout: .seconds(1))
        defer { Task { await console.stop() } }
        let review = try await Self.review(console, cookie) { $0.setting("t.queues.send", "slow") }
        console.tap.fault = .hangWrites
        let response = await Self.confirm(console, cookie, reviewPage: review)
        #expect(response.status == .gatewayTimeout)
        #expect(response.text.contains("did not answer in time"))
        #expect(!response.text.contains("Grant saved"))
        let entries = try await console.services.audit.entries(project: Self.pid)
        #expect(entries.first?.outcome.hasPrefix("failed:") == true)
    }

    @Test func invalidUpstreamDataIsAnErrorPage() async throws {
        let (console, cookie) = try await Self.console()
        defer { Task { await console.stop() } }
        console.tap.fault = .invalidGrantReads
        let response = await console.send(.get, Self.editURL, session: cookie)
        #expect(response.status == .badGateway)
        #expect(response.text.contains("could not read"))
    }

    @Test func aGrantTheFormCannotShowOpensInTheJSONTab() async throws {
        let (console, cookie) = try await Self.console()
        defer { Task { await console.stop() } }
        console.tap.fault = .grantReads(permissions: #"{"queues":{"send":"q"},"x":1}"#)
        let url = Self.editURL
        let page = await console.send(.get, url, session: cookie)
        #expect(page.status == .ok)
        #expect(page.text.contains("queues.send: must be a list of strings, not a string"))
        let fields = page.formFields(action: url)
        #expect(fields.value("view") == "json")
        #expect(try JSONValue(parsing: try #require(fields.value("json"))) == (try JSONValue(parsing: #"{"queues":{"send":"q"},"x":1}"#)))
    }
}
