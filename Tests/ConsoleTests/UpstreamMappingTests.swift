import AccountsAPI
@testable import Console
import GrantModel
import HTTPServer
import Testing
@testable import GrantDeskTesting

/// Every upstream outcome through the real handlers: the console's pages and
/// forms over loopback HTTP to the embedded accounts API behind the fault
/// tap. For each outcome a read page and four forms (create grant, edit
/// grant, create room, member change) must answer the same status and the
/// same key sentence, pass `Retry-After` on, and keep what was typed.
@Suite(.serialized) struct UpstreamMappingTests {
    static let pid = ConsoleHarness.pid

    /// One upstream answer and what every page and form must make of it.
    struct Outcome: Sendable, CustomStringConvertible {
        var upstream: Int
        var status: HTTPStatus
        /// Said on read pages and forms alike.
        var sentence: String
        /// Said on forms only, about whether the change happened.
        var formSentence = "Nothing was saved."
        var description: String { "upstream \(upstream) → \(status.code)" }
    }

    static let outcomes: [Outcome] = [
        Outcome(upstream: 400, status: .unprocessableContent, sentence: "refused the request"),
        Outcome(upstream: 401, status: .forbidden, sentence: UpstreamProblem.notAllowedSentence),
        Outcome(upstream: 403, status: .forbidden, sentence: UpstreamProblem.notAllowedSentence),
        Outcome(upstream: 404, status: .notFound, sentence: "not found"),
        Outcome(upstream: 409, status: .conflict, sentence: "reports a conflict"),
        Outcome(upstream: 429, status: .tooManyRequests, sentence: "limiting requests (HTTP 429)"),
        Outcome(upstream: 500, status: .badGateway, sentence: "failed (HTTP 500)"),
        Outcome(upstream: 503, status: .badGateway, sentence: "failed (HTTP 503)"),
    ]

    /// A console with room `lobby`, a grant for `u1` there and `u1` a member.
    static func console(requestTimeout: Duration = .seconds(10)) async throws -> (ConsoleHarness, String) {
        let console = try await ConsoleHarness(.embedded(seedDemo: false, people: ["u1", "u2", "u3"], requestTimeout: requestTimeout))
        _ = try await console.makeRoom("lobby")
        try await console.makeGrant(room: "lobby", user: "u1", scope: #"{"queues":{"send":["a"]}}"#)
        try await console.accounts.addMember(projectID: pid, userID: "u1", flags: MemberFlags())
        return (console, try await console.adminSession())
    }

    static func expect(_ response: HTTPResponse, _ status: HTTPStatus, _ sentence: String, retryAfter: Bool,
                       _ where: String) {
        #expect(response.status == status, "\(`where`)")
        #expect(response.text.contains(sentence.htmlEscapedForTest), "\(`where`): \(response.text.suffix(1500))")
        #expect(response.headers["Retry-After"] == (retryAfter ? UpstreamTap.retryAfter : nil), "\(`where`)")
        #expect(!response.text.contains("Something went wrong on our side"), "\(`where`)")
        #expect(!response.text.contains("/accounts/projects") && !response.text.contains(EmbeddedAccountsHarness.token), "\(`where`)")
    }

    // MARK: - Each status, a read page and four forms

    @Test(arguments: outcomes)
    func readPagesAndFormsMapTheSameWay(_ outcome: Outcome) async throws {
        let (console, cookie) = try await Self.console()
        defer { Task { await console.stop() } }
        let retry = outcome.upstream == 429
        let roomURL = SiteURL.room(pid: Self.pid, room: "lobby").path

        console.tap.fault = .status(outcome.upstream)
        let page = await console.send(.get, roomURL, session: cookie)
        Self.expect(page, outcome.status, outcome.sentence, retryAfter: retry, "room page")
        #expect(page.text.contains("Nothing was changed."))
        console.tap.fault = .none

        for form in Self.forms {
            let (action, fields) = try await form.prepare(console, cookie)
            console.tap.fault = .writeStatus(outcome.upstream)
            let writes = console.tap.writes
            let response = await console.send(.post, action, session: cookie, form: fields)
            console.tap.fault = .none
            Self.expect(response, outcome.status, outcome.sentence, retryAfter: retry, form.name)
            #expect(response.text.contains(outcome.formSentence.htmlEscapedForTest), "\(form.name)")
            #expect(console.tap.writes == writes, "\(form.name)")
            // The form comes back as posted.
            #expect(response.formFields(action: action).value(form.kept.name) == form.kept.value, "\(form.name)")
            if outcome.upstream == 409, form.name == "edit grant" {
                #expect(response.text.contains("From their version to yours"), "the editor's conflict page")
            }
            if outcome.upstream == 400 {
                #expect(response.text.contains("injected failure"), "\(form.name): the upstream's own words")
            }
        }
    }

    /// A form and how to fill it in as a browser would, with one field whose
    /// value must survive the failure.
    struct Form: Sendable {
        var name: String
        var kept: (name: String, value: String)
        var prepare: @Sendable (ConsoleHarness, String) async throws -> (action: String, fields: [(String, String)])
    }

    static let forms: [Form] = [
        Form(name: "create grant", kept: ("user_id", "u2")) { console, cookie in
            let action = SiteURL.newGrant(pid: pid, room: nil, user: nil).path
            let page = await console.send(.get, SiteURL.newGrant(pid: pid, room: "lobby", user: "u2").path, session: cookie)
            let review = await console.send(.post, action, session: cookie, form: page.formFields(action: action) + [("action", "review")])
            try #require(review.status == .ok)
            return (action, review.formFields(action: action).setting("action", "confirm"))
        },
        Form(name: "edit grant", kept: ("t.queues.send", "typed")) { console, cookie in
            let action = SiteURL.grantEdit(pid: pid, room: "lobby", userID: "u1").path
            let page = await console.send(.get, action, session: cookie)
            let review = await console.send(.post, action, session: cookie,
                                            form: page.formFields(action: action).setting("t.queues.send", "typed") + [("action", "review")])
            try #require(review.status == .ok)
            return (action, review.formFields(action: action).setting("action", "confirm"))
        },
        Form(name: "create room", kept: ("name", "typed room")) { console, cookie in
            let action = SiteURL.rooms(pid).path
            let page = await console.send(.get, action, session: cookie)
            return (action, page.formFields(action: action).setting("name", "typed room"))
        },
        Form(name: "member change", kept: ("is_admin", "1")) { console, cookie in
            let action = SiteURL.member(pid: pid, userID: "u1").path
            let page = await console.send(.get, action, session: cookie)
            try #require(page.status == .ok)
            return (action, page.formFields(action: action).setting("is_admin", "1"))
        },
    ]

    // MARK: - Failures without an answer

    @Test func unreadableAnswersAre502() async throws {
        let (console, cookie) = try await Self.console()
        defer { Task { await console.stop() } }
        console.tap.fault = .nonsenseReads
        let page = await console.send(.get, SiteURL.room(pid: Self.pid, room: "lobby").path, session: cookie)
        Self.expect(page, .badGateway, "sent an answer GrantDesk could not read", retryAfter: false, "room page")
        // A save whose check fails on nonsense saved nothing, and says so.
        console.tap.fault = .none
        let (action, fields) = try await Self.forms[1].prepare(console, cookie)
        console.tap.fault = .nonsenseReads
        let response = await console.send(.post, action, session: cookie, form: fields)
        Self.expect(response, .badGateway, "could not read", retryAfter: false, "edit grant")
        #expect(response.text.contains("Nothing was saved."))
        #expect(response.formFields(action: action).value("t.queues.send") == "typed")
    }

    @Test func timeoutsAre504AndAWriteSaysItsOutcomeIsUnknown() async throws {
        let (console, cookie) = try await Self.console(requestTimeout: .seconds(1))
        defer { Task { await console.stop() } }
        console.tap.fault = .hangAll
        let page = await console.send(.get, SiteURL.members(Self.pid).path, session: cookie)
        Self.expect(page, .gatewayTimeout, "did not answer in time", retryAfter: false, "members page")
        #expect(page.text.contains("Nothing was changed."))
        console.tap.fault = .none
        for form in Self.forms {
            let (action, fields) = try await form.prepare(console, cookie)
            console.tap.fault = .hangWrites
            let response = await console.send(.post, action, session: cookie, form: fields)
            console.tap.fault = .none
            Self.expect(response, .gatewayTimeout, "did not answer in time", retryAfter: false, form.name)
            #expect(response.text.contains("GrantDesk cannot tell whether the change was saved"), "\(form.name)")
            #expect(!response.text.contains("Nothing was saved."), "\(form.name)")
            #expect(response.formFields(action: action).value(form.kept.name) == form.kept.value, "\(form.name)")
        }
    }

    @Test func unreachableIs503() async throws {
        let (console, cookie) = try await Self.console()
        var prepared: [(Form, String, [(String, String)])] = []
        for form in Self.forms {
            let (action, fields) = try await form.prepare(console, cookie)
            prepared.append((form, action, fields))
        }
        await console.stop()
        let page = await console.send(.get, SiteURL.project(Self.pid).path, session: cookie)
        Self.expect(page, .serviceUnavailable, "could not be reached", retryAfter: false, "overview")
        for (form, action, fields) in prepared {
            let response = await console.send(.post, action, session: cookie, form: fields)
            Self.expect(response, .serviceUnavailable, "could not be reached", retryAfter: false, form.name)
            #expect(response.text.contains("Nothing was saved."), "\(form.name)")
        }
    }

    // MARK: - No route lets an upstream failure through unmapped

    /// Every console route that talks to the upstream, with what a browser
    /// would post. Reached with every upstream call failing, each must
    /// answer the mapped status, never the generic 500.
    static let routes: [(method: HTTPMethod, path: String, form: [(String, String)])] = {
        let grant = SiteURL.grant(pid: pid, room: "lobby", userID: "u1").path
        let project = SiteURL.project(pid).path
        let gets = [
            SiteURL.projects.path, project, project + "?format=csv&table=rooms", project + "?format=csv&table=users",
            project + "?rooms_q=lob", SiteURL.room(pid: pid, room: "lobby").path,
            SiteURL.room(pid: pid, room: "lobby").path + "?format=csv", SiteURL.user(pid: pid, userID: "u1").path,
            SiteURL.user(pid: pid, userID: "u1").path + "?format=csv", grant, grant + "/edit", grant + "/delete",
            SiteURL.newGrant(pid: pid, room: nil, user: nil).path, SiteURL.rooms(pid).path,
            SiteURL.roomEdit(pid: pid, room: "lobby").path, SiteURL.roomDelete(pid: pid, room: "lobby").path,
            SiteURL.members(pid).path, SiteURL.member(pid: pid, userID: "u1").path,
            SiteURL.memberDelete(pid: pid, userID: "u1").path, SiteURL.access(pid).path, SiteURL.audit(pid).path,
        ].map { (HTTPMethod.get, $0, [(String, String)]()) }
        let posts: [(HTTPMethod, String, [(String, String)])] = [
            (.post, SiteURL.newGrant(pid: pid, room: nil, user: nil).path,
             [("room", "lobby"), ("grantee", "user"), ("user_id", "u2"), ("action", "confirm"), ("token", "t1")]),
            (.post, grant + "/edit", [("loaded", "{}"), ("action", "confirm"), ("token", "t2")]),
            (.post, grant + "/delete", [("loaded", "{}")]),
            (.post, SiteURL.rooms(pid).path, [("name", "new room"), ("token", "t3")]),
            (.post, SiteURL.roomEdit(pid: pid, room: "lobby").path, [("name", "lobby"), ("loaded", "{}"), ("token", "t4")]),
            (.post, SiteURL.roomDelete(pid: pid, room: "lobby").path, []),
            (.post, SiteURL.members(pid).path, [("user_id", "u2"), ("token", "t5")]),
            (.post, SiteURL.member(pid: pid, userID: "u1").path, [("loaded", "{}"), ("token", "t6")]),
            (.post, SiteURL.memberDelete(pid: pid, userID: "u1").path, []),
        ]
        return gets + posts
    }()

    @Test(arguments: [403, 429, 500])
    func noRouteLetsAnUpstreamFailureThroughUnmapped(_ upstream: Int) async throws {
        let (console, cookie) = try await Self.console()
        defer { Task { await console.stop() } }
        let outcome = try #require(Self.outcomes.first { $0.upstream == upstream })
        let csrf = try await console.csrfToken(session: cookie)
        console.tap.fault = .status(upstream)
        for route in Self.routes {
            let requests = console.tap.requests
            let response = await console.send(route.method, route.path, session: cookie,
                                              form: route.method == .post ? route.form + [("csrf", csrf)] : nil)
            #expect(console.tap.requests > requests, "\(route.method) \(route.path) did not reach the upstream")
            Self.expect(response, outcome.status, outcome.sentence, retryAfter: upstream == 429, "\(route.method) \(route.path)")
        }
    }
}
