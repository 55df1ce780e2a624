import AccountsAPI
@testable import Console
import Foundation
import GrantModel
import HTTPServer
import Testing
@testable import GrantDeskTesting

/// Access review campaigns from start to sign-off: two reviewers deciding
/// their own items, a stale decision refused, one revocation failing
/// upstream and retried, every revocation audited with the campaign's
/// number, and the report in HTML, CSV and JSON.
@Suite(.serialized) struct ReviewCampaignTests {
    static let pid = ConsoleHarness.pid
    static let queues = #"{"queues":{"list":true}}"#
    static let admin = #"{"admin":{}}"#
    static let due = "2030-01-31"

    struct Setup {
        var console: ConsoleHarness
        var alice: String
        var lobbyID: String
    }

    static func setup() async throws -> Setup {
        let console = try await ConsoleHarness(.embedded(seedDemo: false, people: ["u1", "u2", "u3", "u4"]))
        try await console.services.users.add(name: "ravi", role: .reviewer, password: "ravi-password!")
        let lobby = try await console.makeRoom("lobby")
        _ = try await console.makeRoom("ops")
        try await console.makeGrant(room: "lobby", user: "u1", scope: queues)
        try await console.makeGrant(room: "lobby", user: "u2", scope: queues)
        try await console.makeGrant(room: "ops", user: "u3", scope: admin)
        try await console.makeGrant(room: "ops", user: "u4", scope: queues)
        return Setup(console: console, alice: try await console.adminSession(), lobbyID: lobby.id)
    }

    static func start(_ console: ConsoleHarness, _ cookie: String, _ fields: [(String, String)]) async throws -> HTTPResponse {
        let token = try await console.csrfToken(session: cookie)
        let response = await console.send(.post, SiteURL.reviews(pid).path, session: cookie, form: [("csrf", token)] + fields)
        await console.services.jobs.waitForAll()
        return response
    }

    static func decide(_ console: ConsoleHarness, _ cookie: String, campaign: Int64, item: CampaignItem,
                       _ decision: String, _ comment: String, version: Int? = nil) async throws -> HTTPResponse {
        let token = try await console.csrfToken(session: cookie)
        return await console.send(.post, SiteURL.reviewItem(pid: pid, id: campaign, item: item.id).path, session: cookie,
                                  form: [("csrf", token), ("decision", decision), ("comment", comment),
                                         ("version", String(version ?? item.version))])
    }

    @Test func aCampaignFromStartToReportWithTwoReviewersAndARetriedRevocation() async throws {
        let setup = try await Self.setup()
        let console = setup.console
        defer { Task { await console.stop() } }
        let form = await console.send(.get, SiteURL.newReview(Self.pid).path, session: setup.alice)
        #expect(form.status == .ok)
        #expect(form.text.contains("ravi (reviewer)"))

        let started = try await Self.start(console, setup.alice, [
            ("name", "Q3 review"), ("scope", "project"), ("reviewer", "rita"), ("reviewer", "ravi"), ("due", Self.due),
        ])
        #expect(started.status == .seeOther)
        let campaignID = try #require(Int64(started.headers["Location"]?.split(separator: "/").last ?? ""))
        let store = console.services.campaignStore
        let campaign = try #require(try await store.campaign(campaignID))
        #expect(campaign.status == .open)
        #expect(campaign.reviewers == ["ravi", "rita"])
        let snapshot = try #require(try await console.services.snapshotStore.info(campaign.snapshotID))
        #expect(snapshot.reason == "campaign")
        #expect(snapshot.grantCount == 4)

        let rita = try await console.reviewerSession()
        let ravi = try await console.session("ravi", "ravi-password!")
        let ritas = try await store.items(campaignID, reviewer: "rita").items
        let ravis = try await store.items(campaignID, reviewer: "ravi").items
        #expect(ritas.count == 2 && ravis.count == 2)

        // Each reviewer's page starts on their own items, each with a decision form.
        let ritaPage = await console.send(.get, SiteURL.review(pid: Self.pid, id: campaignID).path, session: rita)
        #expect(ritaPage.status == .ok)
        for item in ritas { #expect(ritaPage.text.contains(SiteURL.reviewItem(pid: Self.pid, id: campaignID, item: item.id).path)) }
        for item in ravis { #expect(!ritaPage.text.contains(SiteURL.reviewItem(pid: Self.pid, id: campaignID, item: item.id).path)) }
        #expect(ritaPage.text.contains("0 of 4 decided"))

        // Rita: keep one; a revoke needs a comment; then revoke the other.
        #expect(try await Self.decide(console, rita, campaign: campaignID, item: ritas[0], "keep", "").status == .seeOther)
        let noComment = try await Self.decide(console, rita, campaign: campaignID, item: ritas[1], "revoke", "")
        #expect(noComment.status == .unprocessableContent)
        #expect(noComment.text.contains("Say why this access should be revoked"))
        #expect(try await Self.decide(console, rita, campaign: campaignID, item: ritas[1], "revoke", "left the team").status == .seeOther)
        // Not hers to decide.
        #expect(try await Self.decide(console, rita, campaign: campaignID, item: ravis[0], "keep", "").status == .forbidden)

        // Ravi revokes both of his; a second, stale form for the same item is refused, not written over.
        #expect(try await Self.decide(console, ravi, campaign: campaignID, item: ravis[0], "revoke", "not needed").status == .seeOther)
        let stale = try await Self.decide(console, setup.alice, campaign: campaignID, item: ravis[0], "keep", "mine", version: 0)
        #expect(stale.status == .conflict)
        #expect(stale.text.contains("decided by ravi"))
        #expect(try await Self.decide(console, ravi, campaign: campaignID, item: ravis[1], "revoke", "too wide").status == .seeOther)
        let decided = try await store.items(campaignID).items
        #expect(decided.allSatisfy { $0.decision != nil })
        #expect(decided.first { $0.id == ravis[0].id }?.comment == "not needed")
        let progress = await console.send(.get, SiteURL.review(pid: Self.pid, id: campaignID).path(query: [("reviewer", "")]), session: ravi)
        #expect(progress.text.contains("4 of 4 decided (100%)"))

        // Reviewers never apply: refused before any upstream call.
        let writes = console.tap.writes
        let token = try await console.csrfToken(session: rita)
        #expect(await console.send(.post, SiteURL.reviewApply(pid: Self.pid, id: campaignID).path, session: rita,
                                   form: [("csrf", token)]).status == .forbidden)
        #expect(console.tap.writes == writes)

        // The admin previews, applies with one revocation failing upstream, then retries it.
        let preview = await console.send(.get, SiteURL.reviewApply(pid: Self.pid, id: campaignID).path, session: setup.alice)
        #expect(preview.text.contains("Revoke 3 grants now"))
        let failing = try #require(decided.first { $0.decision == .revoke && $0.roomName == "lobby" })
        console.tap.fault = .writesMentioning("/room-grants/\(setup.lobbyID)/\(failing.userID)", status: 500)
        let adminToken = try await console.csrfToken(session: setup.alice)
        let applyURL = SiteURL.reviewApply(pid: Self.pid, id: campaignID).path
        let run = await console.send(.post, applyURL, session: setup.alice, form: [("csrf", adminToken)])
        #expect(run.status == .seeOther)
        #expect(run.headers["Location"] == applyURL)
        await console.services.operations.waitForAll()
        let partial = await console.send(.get, applyURL, session: setup.alice)
        #expect(partial.text.contains("Revoked 2 grants; 1 failed and can be retried below."))
        #expect(partial.text.contains("Retry the failed and revoke the rest (1)"))
        #expect(partial.text.contains("/operations/"))
        #expect(try await store.item(failing.id, campaign: campaignID)?.revocation == .failed)
        #expect(try await console.grantScope(room: "lobby", user: failing.userID) == (try JSONValue(parsing: Self.queues)))

        console.tap.fault = .none
        #expect(await console.send(.post, applyURL, session: setup.alice, form: [("csrf", adminToken)]).status == .seeOther)
        await console.services.operations.waitForAll()
        let retried = await console.send(.get, applyURL, session: setup.alice)
        #expect(retried.status == .ok)
        #expect(retried.text.contains("Revoked 3 grants."))
        #expect(!retried.text.contains("Retry the failed"))
        let remaining = try await console.accounts.grants(projectID: Self.pid).grants.map { "\($0.room.name)/\($0.userID)" }
        #expect(remaining == [decided.first { $0.decision == .keep }.map { "\($0.roomName)/\($0.userID)" }])

        // Every revocation is audited with the campaign's number, the failed attempt too.
        let audit = try await console.services.audit.entries(project: Self.pid, limit: 200)
        let revocations = audit.filter { $0.action == "grant.delete" && $0.target.contains("review #\(campaignID)") }
        #expect(revocations.count == 4)
        #expect(revocations.filter { $0.outcome == "succeeded" }.count == 3)

        // Closing leads to the sign-off report.
        let closed = await console.send(.post, SiteURL.reviewClose(pid: Self.pid, id: campaignID).path, session: setup.alice,
                                        form: [("csrf", adminToken)])
        #expect(closed.status == .seeOther)
        #expect(closed.headers["Location"] == SiteURL.reviewReport(pid: Self.pid, id: campaignID).path)
        #expect(try await Self.decide(console, rita, campaign: campaignID, item: ritas[0], "revoke", "late",
                                      version: 1).status == .conflict)

        let report = await console.send(.get, SiteURL.reviewReport(pid: Self.pid, id: campaignID).path, session: rita)
        #expect(report.status == .ok)
        #expect(!report.text.contains("Draft"))
        #expect(report.text.contains("left the team"))
        #expect(report.text.contains("4 items: 4 decided, 0 undecided; 3 to revoke, 3 revoked."))
        #expect(report.text.contains("print.css"))

        let csv = await console.send(.get, SiteURL.reviewReportCSV(pid: Self.pid, id: campaignID).path, session: rita)
        #expect(csv.headers["Content-Type"] == "text/csv; charset=utf-8")
        let lines = csv.text.split(separator: "\r\n")
        #expect(lines.count == 5)
        #expect(lines.filter { $0.contains("\"applied\",\"yes\"") }.count == 3)

        let json = await console.send(.get, SiteURL.reviewReportJSON(pid: Self.pid, id: campaignID).path, session: rita)
        let document = try JSONValue(parsing: json.text)
        let items = try #require(document.objectValue?["items"]?.arrayValue)
        #expect(items.count == 4)
        #expect(items.filter { $0.objectValue?["revocation_applied"] == .bool(true) }.count == 3)
        #expect(document.objectValue?["status"] == .string("closed"))
        #expect(document.objectValue?["snapshot"]?.objectValue?["grant_count"] == .number("4"))
    }

    @Test func scopesPickTheGrantsAndBadInputNamesTheField() async throws {
        let setup = try await Self.setup()
        let console = setup.console
        defer { Task { await console.stop() } }
        let bad = try await Self.start(console, setup.alice, [("name", ""), ("scope", "rooms"), ("rooms", ""), ("due", "soon")])
        #expect(bad.status == .unprocessableContent)
        #expect(bad.text.contains("Give the campaign a name"))
        #expect(bad.text.contains("Name at least one room"))
        #expect(bad.text.contains("Choose at least one reviewer"))
        #expect(bad.text.contains("YYYY-MM-DD"))
        #expect(try await console.services.campaignStore.list(project: Self.pid).isEmpty)

        for (scope, extra, expected) in [
            ("rooms", [("rooms", "ops")], ["ops/u3", "ops/u4"]),
            ("users", [("users", "u1\nu4")], ["lobby/u1", "ops/u4"]),
            ("risky", [], ["ops/u3"]),
        ] {
            let started = try await Self.start(console, setup.alice,
                                               [("name", scope), ("scope", scope), ("reviewer", "rita"), ("due", Self.due)] + extra)
            #expect(started.status == .seeOther)
            let id = try #require(Int64(started.headers["Location"]?.split(separator: "/").last ?? ""))
            let items = try await console.services.campaignStore.items(id).items.map { "\($0.roomName)/\($0.userID)" }
            #expect(items == expected, "\(scope)")
        }
        let list = await console.send(.get, SiteURL.reviews(Self.pid).path, session: setup.alice)
        #expect(list.status == .ok)
        #expect(list.text.contains("only risky grants"))

        // The room page links to a review of that room; the link pre-fills the form.
        let prefilled = SiteURL.newReview(Self.pid).path(query: [("scope", "rooms"), ("rooms", "ops")])
        let room = await console.send(.get, SiteURL.room(pid: Self.pid, room: "ops").path, session: setup.alice)
        #expect(room.text.contains(prefilled.replacingOccurrences(of: "&", with: "&amp;")))
        let form = await console.send(.get, prefilled, session: setup.alice)
        #expect(form.formFields(action: SiteURL.reviews(Self.pid).path).value("rooms") == "ops")
        #expect(form.text.contains(#"value="rooms" checked"#))
    }

    @Test func anItemChangedUpstreamSinceTheSnapshotIsMarked() async throws {
        let setup = try await Self.setup()
        let console = setup.console
        defer { Task { await console.stop() } }
        let started = try await Self.start(console, setup.alice,
                                           [("name", "marks"), ("scope", "users"), ("users", "u1\nu2"), ("reviewer", "alice"), ("due", Self.due)])
        let id = try #require(Int64(started.headers["Location"]?.split(separator: "/").last ?? ""))
        let direct = try #require(console.embedded).client
        try await direct.updateGrant(projectID: Self.pid, roomID: setup.lobbyID, userID: "u1", permissions: try JSONValue(parsing: Self.admin))
        try await direct.deleteGrant(projectID: Self.pid, roomID: setup.lobbyID, userID: "u2")
        let page = await console.send(.get, SiteURL.review(pid: Self.pid, id: id).path, session: setup.alice)
        #expect(page.text.contains("Changed upstream since the snapshot"))
        #expect(page.text.contains("No longer exists upstream"))
    }

    @Test func campaignsSurviveARestart() async throws {
        let directory = try TemporaryDirectory()
        let clock = ConsoleClock.system
        do {
            let database = try ConsoleDatabase.open(directory: directory.path)
            let snapshots = SnapshotStore(storage: database.storage, clock: clock)
            let snapshot = try await snapshots.begin(project: "p1", by: "alice", reason: "campaign")
            let store = CampaignStore(storage: database.storage, clock: clock)
            let id = try await store.create(.init(project: "p1", name: "kept", scopeKind: .project, scopeValues: [],
                                                  reviewers: ["rita"], dueAt: Date(), createdBy: "alice", snapshotID: snapshot))
            try await store.populate(id)
        }
        let reopened = try ConsoleDatabase.open(directory: directory.path)
        let campaigns = try await CampaignStore(storage: reopened.storage, clock: clock).list(project: "p1")
        #expect(campaigns.map(\.name) == ["kept"])
        #expect(campaigns.first?.status == .open)
    }
}
