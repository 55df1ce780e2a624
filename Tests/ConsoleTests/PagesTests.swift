import AccountsAPI
@testable import Console
import Foundation
import HTTPApp
import GrantModel
import HTTPServer
import Testing
@testable import GrantDeskTesting

/// The read pages end to end: real templates, the real console middleware,
/// and the embedded accounts API on a loopback port.
@Suite("Read pages", .serialized)
struct PagesTests {
    static let pid = ConsoleHarness.pid
    static let unknownGrant = SiteURL.grant(pid: pid, room: "team/alpha room", userID: "user-13").path
    static let hostileRoom = SiteURL.room(pid: pid, room: Hostile.room).path
    static let hostileUser = SiteURL.user(pid: pid, userID: Hostile.user).path
    /// A `"` followed by U+0301: one Swift `Character`, which an escaper
    /// that works character by character fails to escape.
    static let quoteWithCombiningMark = String(String.UnicodeScalarView([Unicode.Scalar(0x22)!, Unicode.Scalar(0x301)!]))
    static let hostileGrant = SiteURL.grant(pid: pid, room: Hostile.room, userID: Hostile.user).path

    /// Every read page, with the demo data and the hostile data.
    static let pages: [String] = [
        SiteURL.projects.path,
        SiteURL.project(pid).path,
        SiteURL.project(pid).path(query: [("rooms_q", "team"), ("users_q", "ada")]),
        SiteURL.project(pid).path(query: [("rooms_page", "2"), ("users_page", "2")]),
        SiteURL.room(pid: pid, room: "lobby").path,
        SiteURL.room(pid: pid, room: "team/alpha room").path,
        hostileRoom,
        SiteURL.user(pid: pid, userID: "user-1").path,
        SiteURL.user(pid: pid, userID: "user-1").path(query: [("q", "lobby")]),
        hostileUser,
        unknownGrant,
        hostileGrant,
        SiteURL.access(pid).path,
        SiteURL.access(pid).path(query: [("ask", "can"), ("user", "user-1"), ("check", "queues.can_send"), ("queue", "jobs")]),
        SiteURL.access(pid).path(query: [("ask", "who"), ("check", "admin.config")]),
        SiteURL.access(pid).path(query: [("ask", "who"), ("check", "queues.can_send"), ("queue", Hostile.img)]),
        SiteURL.audit(pid).path,
        SiteURL.risks(pid).path,
        SiteURL.risks(pid).path(query: [("flag", "admin"), ("room", Hostile.room)]),
        SiteURL.matrix(pid).path,
        SiteURL.matrix(pid).path(query: [("rooms_q", "evil"), ("users_q", "user-")]),
    ]

    @Test("every read page renders 200 for an admin and for a reviewer")
    func everyPageRenders() async throws {
        let harness = try await ConsoleHarness(.embedded(hostile: true))
        for (name, password) in [("alice", "alice-password"), ("rita", "rita-password!")] {
            let session = try await harness.session(name, password)
            for page in Self.pages {
                let response = await harness.send(.get, page, session: session)
                #expect(response.status == .ok, "\(name) \(page) → \(response.status)")
                #expect(response.headers["Content-Type"] == "text/html; charset=utf-8", "\(page)")
                #expect(response.text.contains("<main"), "\(page)")
            }
        }
        await harness.stop()
    }

    @Test("signed out, a read page sends the visitor to sign in")
    func signedOutRedirects() async throws {
        let harness = try await ConsoleHarness(.embedded(hostile: true))
        let response = await harness.send(.get, Self.unknownGrant)
        #expect(response.status == .seeOther)
        #expect(response.headers["Location"]?.hasPrefix("/login") == true)
        await harness.stop()
    }

    @Test("a reviewer sees no edit controls; an admin does")
    func reviewerSeesNoEditControls() async throws {
        let harness = try await ConsoleHarness(.embedded(hostile: true))
        let admin = try await harness.session("alice", "alice-password")
        let reviewer = try await harness.session("rita", "rita-password!")
        let editMarkers = [
            SiteURL.grantEdit(pid: Self.pid, room: "team/alpha room", userID: "user-13").path,
            SiteURL.grantDelete(pid: Self.pid, room: "team/alpha room", userID: "user-13").path,
            SiteURL.roomEdit(pid: Self.pid, room: "lobby").path,
            SiteURL.newGrant(pid: Self.pid, room: "lobby", user: nil).path,
            SiteURL.newGrant(pid: Self.pid, room: nil, user: "user-1").path,
        ]
        let pages = [Self.unknownGrant, SiteURL.room(pid: Self.pid, room: "lobby").path,
                     SiteURL.user(pid: Self.pid, userID: "user-1").path, SiteURL.project(Self.pid).path]
        var adminText = ""
        for page in pages {
            let seen = await harness.send(.get, page, session: reviewer).text
            for marker in editMarkers { #expect(!seen.contains("\"\(marker.htmlEscapedForTest)\""), "reviewer sees \(marker) on \(page)") }
            #expect(!seen.contains(" Delete</a>") && !seen.contains("New grant"), "\(page)")
            adminText += await harness.send(.get, page, session: admin).text
        }
        for marker in editMarkers { #expect(adminText.contains("\"\(marker.htmlEscapedForTest)\""), "admin misses \(marker)") }
        await harness.stop()
    }

    @Test("hostile upstream strings render escaped on every page")
    func hostileDataIsEscaped() async throws {
        let harness = try await ConsoleHarness(.embedded(hostile: true))
        let session = try await harness.session("alice", "alice-password")
        var sawHostile = 0
        for page in Self.pages {
            let text = await harness.send(.get, page, session: session).text
            #expect(!text.contains("<img src=x"), "raw img tag on \(page)")
            #expect(!text.contains("<script>window"), "raw script on \(page)")
            let rawQuote = text.contains(Self.quoteWithCombiningMark)
            #expect(!rawQuote, "quote + combining mark unescaped on \(page)")
            if text.contains("&lt;img src=x") || text.contains("\\u003cimg src=x") { sawHostile += 1 }
        }
        // The hostile room, user and grant pages, the overview and the who-can answer show the payload as text.
        #expect(sawHostile >= 5)
        await harness.stop()
    }

    @Test("the grant page explains the scope and keeps unrecognised keys visible")
    func grantPageShowsUnknownKeys() async throws {
        let harness = try await ConsoleHarness(.embedded(hostile: true))
        let session = try await harness.session("rita", "rita-password!")
        let text = await harness.send(.get, Self.unknownGrant, session: session).text
        #expect(text.contains("Unrecognised — kept as is"))
        #expect(text.contains(">sqlite<"))
        #expect(text.contains(">storage.files<"))
        #expect(text.contains("Raw JSON"))
        await harness.stop()
    }

    @Test("access questions answer with a decision and its reason")
    func accessAnswers() async throws {
        let harness = try await ConsoleHarness(.embedded(hostile: true))
        let session = try await harness.session("rita", "rita-password!")
        let can = await harness.send(.get, SiteURL.access(Self.pid).path(query: [
            ("ask", "can"), ("user", "user-13"), ("room", "team/alpha room"), ("check", "admin.config"),
        ]), session: session).text
        #expect(can.contains("decision-denied"))
        #expect(can.contains("no admin section"))
        let who = await harness.send(.get, SiteURL.access(Self.pid).path(query: [("ask", "who"), ("check", "admin.config")]), session: session).text
        #expect(who.contains("Allowed: Change the room configuration <code class=\"check-name\">admin.config</code>"))
        #expect(who.contains("Checked all "))
        #expect(who.contains(" grants of the project: "))
        let missing = await harness.send(.get, SiteURL.access(Self.pid).path(query: [
            ("ask", "can"), ("user", "user-1"), ("check", "queues.can_send"),
        ]), session: session).text
        #expect(missing.contains("Needed for “Send to a queue”."))
        let picked = await harness.send(.get, SiteURL.access(Self.pid).path(query: [
            ("ask", "can"), ("user", "user-1"), ("check", "queues.can_send"), ("pick", "1"),
        ]), session: session).text
        #expect(picked.contains("name=\"queue\""))
        #expect(!picked.contains("Needed for “Send to a queue”.") && !picked.contains("decision-"))
        await harness.stop()
    }

    @Test("the audit page filters by actor, target and outcome and exports CSV")
    func auditFilters() async throws {
        let harness = try await ConsoleHarness(.embedded(hostile: true))
        let audit = harness.services.audit
        var context = ConsoleContext(request: HTTPRequest(method: .get, target: "/"), requestID: "req-1", logger: harness.services.logger)
        context.user = ConsoleUser(name: "rita", role: .reviewer)
        try await audit.refused(context: context, action: "grant.delete", target: .grant(pid: Self.pid, room: "lobby", userID: "user-1"),
                                reason: "reviewers cannot change anything")
        context.user = ConsoleUser(name: "alice", role: .admin)
        let id = try await audit.begin(context: context, action: "grant.update", target: .grant(pid: Self.pid, room: "support", userID: "=cmd"),
                                       before: "{}")
        try await audit.complete(id, outcome: .succeeded, after: "{\"admin\":{}}")
        try await audit.refused(context: context, action: "grant.update", target: .grant(pid: "other", room: "x", userID: "y"), reason: "n/a")

        let all = try await audit.search(project: Self.pid, filter: AuditFilter(), limit: 50, offset: 0)
        #expect(all.total == 2)
        #expect(all.entries.first?.actor == "alice")
        var filter = AuditFilter()
        filter.outcome = "refused"
        #expect(try await audit.search(project: Self.pid, filter: filter, limit: 50, offset: 0).entries.map(\.actor) == ["rita"])
        filter = AuditFilter()
        filter.target = "support"
        #expect(try await audit.search(project: Self.pid, filter: filter, limit: 50, offset: 0).total == 1)
        filter = AuditFilter()
        filter.actor = "%"
        #expect(try await audit.search(project: Self.pid, filter: filter, limit: 50, offset: 0).total == 0)

        let session = try await harness.session("rita", "rita-password!")
        let page = await harness.send(.get, SiteURL.audit(Self.pid).path(query: [("outcome", "succeeded")]), session: session).text
        #expect(page.contains("The log is intact"))
        #expect(page.contains("grant support / =cmd"))
        #expect(!page.contains("grant lobby / user-1"))
        let csv = await harness.send(.get, SiteURL.audit(Self.pid).path(query: [("format", "csv")]), session: session).text
        #expect(csv.hasPrefix("\"time_utc\",\"actor\""))
        #expect(csv.contains("\"grant support / =cmd\""))
        #expect(csv.contains("\"succeeded\""))
        await harness.stop()
    }

    @Test("CSV exports neutralise formulas")
    func csvExportsAreSafe() async throws {
        let harness = try await ConsoleHarness(.embedded(hostile: true))
        let session = try await harness.session("rita", "rita-password!")
        _ = try await harness.accounts.createRoom(projectID: Self.pid, CreateRoomRequestFactory.room("=HYPERLINK(\"http://x\")"))
        try await harness.accounts.createGrant(projectID: Self.pid, roomID: "=HYPERLINK(\"http://x\")", userID: "user-1",
                                               permissions: .object([:]))
        let response = await harness.send(.get, SiteURL.user(pid: Self.pid, userID: "user-1").path(query: [("format", "csv")]), session: session)
        #expect(response.status == .ok)
        #expect(response.headers["Content-Type"] == "text/csv; charset=utf-8")
        #expect(response.headers["Content-Disposition"] == "attachment; filename=\"grants-user-user-1.csv\"")
        #expect(response.text.contains("\"'=HYPERLINK(\"\"http://x\"\")\""))
        #expect(!response.text.contains(",\"=HYPERLINK"))
        let overview = await harness.send(.get, SiteURL.project(Self.pid).path(query: [("format", "csv"), ("table", "users")]), session: session)
        #expect(overview.text.hasPrefix("\"user_id\",\"email\""))
        #expect(overview.text.contains("\"svc-ingest\""))
        await harness.stop()
    }

    @Test("an unknown room is a 404 page; an unreachable upstream a 503 page that says so")
    func upstreamFailures() async throws {
        let harness = try await ConsoleHarness(.embedded(hostile: true))
        let session = try await harness.session("alice", "alice-password")
        let missing = await harness.send(.get, SiteURL.room(pid: Self.pid, room: "no such room").path, session: session)
        #expect(missing.status == .notFound)
        #expect(missing.text.contains("The room was not found in the accounts API."))
        await harness.stop()
        let down = await harness.send(.get, SiteURL.project(Self.pid).path, session: session)
        #expect(down.status == .serviceUnavailable)
        #expect(down.text.contains("could not be reached"))
        #expect(down.text.contains("Nothing was changed."))
    }
}

enum CreateRoomRequestFactory {
    static func room(_ name: String) -> GrantModel.CreateRoomRequest { .init(name: name) }
}

extension String {
    /// The HTML-escaped form templates produce for an attribute value.
    var htmlEscapedForTest: String {
        var out = ""
        for scalar in unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
