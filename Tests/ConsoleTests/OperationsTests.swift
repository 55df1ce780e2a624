import AccountsAPI
@testable import Console
import Foundation
import GrantModel
import HTTPServer
import Testing
@testable import GrantDeskTesting

/// The operations engine through its real routes: offboarding with a partial
/// failure retried, bulk grants, room copies, double submits, reviewers.
@Suite(.serialized) struct OperationsTests {
    static let pid = ConsoleHarness.pid
    static let scope = #"{"queues":{"list":true}}"#
    static let other = JSONValue.object(ScopePreset.userDefault.jsonScope).serialized()

    static func console(people: [String] = ["u1", "u2", "u3"]) async throws -> (ConsoleHarness, String) {
        let console = try await ConsoleHarness(.embedded(seedDemo: false, people: people))
        for room in ["alpha", "beta", "gamma"] { _ = try await console.makeRoom(room) }
        return (console, try await console.adminSession())
    }

    /// The operation a 303 points at, once it has finished.
    static func finished(_ response: HTTPResponse, _ console: ConsoleHarness) async throws -> OperationStatus {
        #expect(response.status == .seeOther)
        let location = try #require(response.headers["Location"])
        let id = try #require(location.split(separator: "/").last.map(String.init))
        await console.services.operations.waitUntilFinished(OperationID(rawValue: id))
        return try #require(try await console.services.operations.status(OperationID(rawValue: id), project: pid))
    }

    static func hasGrant(_ console: ConsoleHarness, room: String, user: String) async -> Bool {
        (try? await console.accounts.grant(projectID: pid, roomName: room, userID: user)) != nil
    }

    @Test func offboardingRevokesEveryGrantAndRetriesTheFailedOnes() async throws {
        let (console, cookie) = try await Self.console()
        defer { Task { await console.stop() } }
        for room in ["alpha", "beta", "gamma"] { try await console.makeGrant(room: room, user: "u1", scope: Self.scope) }
        try await console.makeGrant(room: "alpha", user: "u2", scope: Self.scope)
        try await console.accounts.addMember(projectID: Self.pid, userID: "u1")
        let path = SiteURL.offboard(pid: Self.pid, userID: "u1").path

        let preview = await console.send(.get, path, session: cookie)
        #expect(preview.status == .ok)
        for room in ["alpha", "beta", "gamma"] { #expect(preview.text.contains("in room \(room)")) }
        #expect(preview.text.contains("<strong>3</strong> items"))
        let fields = preview.formFields(action: path) + [("remove_membership", "on"), ("action", "run")]

        // beta's delete fails upstream; the membership removal then waits for a retry.
        let beta = try await console.accounts.room(projectID: Self.pid, name: "beta").id
        console.tap.fault = .writesMentioning(beta, status: 500)
        let run = await console.send(.post, path, session: cookie, form: fields)
        let first = try await Self.finished(run, console)
        #expect(first.state == .finished)
        #expect(first.count(.done) == 2)
        #expect(first.count(.failed) == 2)
        let failedBeta = try #require(first.items.first { $0.item.room == "beta" })
        #expect(failedBeta.status == .failed)
        #expect(failedBeta.detail?.contains("HTTP 500") == true)
        #expect(failedBeta.detail?.contains("Nothing was saved") == true)
        let membership = try #require(first.items.last)
        #expect(membership.item.action == .removeMember)
        #expect(membership.detail?.contains("Not removed") == true)
        #expect(await Self.hasGrant(console, room: "beta", user: "u1"))
        #expect(!(await Self.hasGrant(console, room: "alpha", user: "u1")))
        #expect(await Self.hasGrant(console, room: "alpha", user: "u2"))

        // The progress page shows each outcome and offers the retry.
        let page = await console.send(.get, try #require(run.headers["Location"]), session: cookie)
        #expect(page.status == .ok)
        #expect(page.text.contains("Failed"))
        #expect(page.text.contains("Retry the 2 failed items"))
        let status = await console.send(.get, SiteURL.operationStatus(pid: Self.pid, id: first.id.rawValue).path, session: cookie)
        let json = try JSONValue(parsing: status.body)
        #expect(json["failed"] == .number("2"))
        #expect(json["running"] == .bool(false))

        // A double submit of the run form starts nothing new.
        let writes = console.tap.writes
        let again = await console.send(.post, path, session: cookie, form: fields)
        #expect(again.headers["Location"] == run.headers["Location"])
        #expect(console.tap.writes == writes)

        console.tap.fault = .none
        let retryPath = SiteURL.operationRetry(pid: Self.pid, id: first.id.rawValue).path
        let retried = try await Self.finished(
            await console.send(.post, retryPath, session: cookie, form: page.formFields(action: retryPath)), console)
        #expect(retried.retryOf == first.id)
        #expect(retried.items.count == 2)
        #expect(retried.items.allSatisfy { $0.status == .done })
        #expect(!(await Self.hasGrant(console, room: "beta", user: "u1")))
        let members = try await console.accounts.members(projectID: Self.pid)
        #expect(!members.members.contains { $0.id == "u1" })

        // Every item is audited under its operation's id, which the audit page filters by.
        let audit = try await console.services.audit.entries(project: Self.pid, limit: 50)
        let tagged = audit.filter { $0.target.contains(first.id.rawValue) }
        #expect(tagged.count == 3) // the membership removal did not run
        #expect(tagged.allSatisfy { $0.actor == "alice" })
        let filtered = await console.send(.get, SiteURL.audit(Self.pid).path(query: [("target", retried.id.rawValue)]), session: cookie)
        #expect(filtered.text.contains("member.remove"))
    }

    @Test func offboardingRefusesAPlanThatChangedSinceThePreview() async throws {
        let (console, cookie) = try await Self.console()
        defer { Task { await console.stop() } }
        try await console.makeGrant(room: "alpha", user: "u1", scope: Self.scope)
        let path = SiteURL.offboard(pid: Self.pid, userID: "u1").path
        let preview = await console.send(.get, path, session: cookie)
        try await console.makeGrant(room: "beta", user: "u1", scope: Self.scope)
        let writes = console.tap.writes
        let run = await console.send(.post, path, session: cookie, form: preview.formFields(action: path) + [("action", "run")])
        #expect(run.status == .conflict)
        #expect(run.text.contains("changed since the preview"))
        #expect(run.text.contains("in room beta"))
        #expect(console.tap.writes == writes)
    }

    @Test func bulkGrantPreviewsWideningAndSkipsExistingGrants() async throws {
        let (console, cookie) = try await Self.console()
        defer { Task { await console.stop() } }
        try await console.makeGrant(room: "alpha", user: "u1", scope: Self.scope)
        let path = SiteURL.bulk(Self.pid).path
        let form = await console.send(.get, path, session: cookie)
        #expect(form.status == .ok)
        var fields = form.formFields(action: path).setting("users", "u1\nu2").setting("source", "preset")
            .setting("preset", ScopePreset.userDefault.rawValue).setting("expires", "2027-02-01T12:00")
        fields += [("room", "alpha"), ("room", "beta"), ("action", "preview")]
        let preview = await console.send(.post, path, session: cookie, form: fields)
        #expect(preview.status == .ok)
        #expect(preview.text.contains("<strong>4</strong> items"))
        #expect(preview.text.contains("more access"))
        #expect(preview.text.contains("Has a grant here already: skipped"))
        #expect(preview.text.contains("Expires 2027-02-01 12:00 UTC"))

        let run = await console.send(.post, SiteURL.bulk(Self.pid).path, session: cookie,
                                     form: preview.formFields(action: path).setting("action", "run"))
        let status = try await Self.finished(run, console)
        #expect(status.count(.done) == 3)
        #expect(status.count(.skipped) == 1)
        #expect(try await console.grantScope(room: "alpha", user: "u1") == (try JSONValue(parsing: Self.scope)))
        let beta = try await console.accounts.room(projectID: Self.pid, name: "beta")
        #expect(try await console.accounts.grant(projectID: Self.pid, roomID: beta.id, userID: "u2").permissions
            == .object(ScopePreset.userDefault.jsonScope))
        let expiries = try await console.services.expiries.pending(project: Self.pid)
        #expect(expiries.count == 3)
        #expect(expiries.allSatisfy { $0.createdBy == "alice" && ExpiryField.display($0.expiresAt) == "2027-02-01 12:00 UTC" })
    }

    @Test func bulkGrantOverwritesWhenAskedAndNamesBadFields() async throws {
        let (console, cookie) = try await Self.console()
        defer { Task { await console.stop() } }
        try await console.makeGrant(room: "alpha", user: "u1", scope: Self.scope)
        let path = SiteURL.bulk(Self.pid).path
        let base = (await console.send(.get, path, session: cookie)).formFields(action: path)
        let bad = await console.send(.post, path, session: cookie, form: base.setting("users", "u1").setting("source", "json")
            .setting("scope_json", "{not json").setting("expires", "yesterday") + [("room", "alpha"), ("action", "preview")])
        #expect(bad.status == .unprocessableContent)
        #expect(bad.text.contains("The JSON is not valid"))
        #expect(bad.text.contains("Enter the expiry as a date and time"))
        #expect(bad.text.contains("{not json"))
        let none = await console.send(.post, path, session: cookie, form: base + [("action", "preview")])
        #expect(none.status == .unprocessableContent)
        #expect(none.text.contains("Choose at least one room"))

        let json = #"{"storage":{"paths":[{"path":"/","read_only":false}]}}"#
        let preview = await console.send(.post, path, session: cookie, form: base.setting("users", "u1").setting("source", "json")
            .setting("scope_json", json).setting("existing", "overwrite") + [("room", "alpha"), ("action", "preview")])
        #expect(preview.status == .ok)
        #expect(preview.text.contains("Replaces the existing grant"))
        let status = try await Self.finished(await console.send(.post, path, session: cookie,
                                                                form: preview.formFields(action: path).setting("action", "run")), console)
        #expect(status.count(.done) == 1)
        #expect(EditorCanonical.same(try await console.grantScope(room: "alpha", user: "u1"), try JSONValue(parsing: json)))
    }

    @Test func copyingARoomGivesTheSameScopesInTheOther() async throws {
        let (console, cookie) = try await Self.console()
        defer { Task { await console.stop() } }
        try await console.makeGrant(room: "alpha", user: "u1", scope: Self.scope)
        try await console.makeGrant(room: "alpha", user: "u2", scope: Self.other)
        try await console.makeGrant(room: "beta", user: "u2", scope: Self.scope)
        let path = SiteURL.roomCopy(pid: Self.pid, room: "alpha").path
        let form = await console.send(.get, path, session: cookie)
        #expect(form.status == .ok)
        let preview = await console.send(.post, path, session: cookie, form: form.formFields(action: path)
            .setting("target", "beta").setting("existing", "overwrite") + [("action", "preview")])
        #expect(preview.status == .ok)
        #expect(preview.text.contains("<strong>2</strong> items"))
        let status = try await Self.finished(await console.send(.post, path, session: cookie,
                                                                form: preview.formFields(action: path).setting("action", "run")), console)
        #expect(status.count(.done) == 2)
        let beta = try await console.accounts.room(projectID: Self.pid, name: "beta")
        #expect(try await console.accounts.grant(projectID: Self.pid, roomID: beta.id, userID: "u2").permissions
            == (try JSONValue(parsing: Self.other)))
        let sameRoom = await console.send(.post, path, session: cookie, form: form.formFields(action: path)
            .setting("target", "alpha") + [("action", "preview")])
        #expect(sameRoom.status == .unprocessableContent)
    }

    @Test func reviewersStartNothingAndCostNoUpstreamCall() async throws {
        let (console, _) = try await Self.console()
        defer { Task { await console.stop() } }
        try await console.makeGrant(room: "alpha", user: "u1", scope: Self.scope)
        let cookie = try await console.reviewerSession()
        let token = try await console.csrfToken(session: cookie)
        console.tap.reset()
        let writes = console.tap.writes
        for path in [SiteURL.offboard(pid: Self.pid, userID: "u1").path, SiteURL.bulk(Self.pid).path,
                     SiteURL.roomCopy(pid: Self.pid, room: "alpha").path,
                     SiteURL.operationRetry(pid: Self.pid, id: "op-1").path] {
            let post = await console.send(.post, path, session: cookie, form: [("csrf", token), ("action", "run")])
            #expect(post.status == .forbidden, "\(path)")
        }
        for path in [SiteURL.offboard(pid: Self.pid, userID: "u1").path, SiteURL.bulk(Self.pid).path,
                     SiteURL.roomCopy(pid: Self.pid, room: "alpha").path] {
            #expect(await console.send(.get, path, session: cookie).status == .forbidden, "\(path)")
        }
        #expect(console.tap.requests == 0)
        #expect(console.tap.writes == writes)
    }

    @Test func offboardingReadsEveryPageOfTheUsersGrants() async throws {
        let console = try await ConsoleHarness(.embedded(seedDemo: false, people: ["u1"]))
        defer { Task { await console.stop() } }
        let cookie = try await console.adminSession()
        // More than one page of the by-user list (100 a page).
        for number in 0..<105 {
            let room = try await console.makeRoom("room-\(number)")
            try await console.accounts.createGrant(projectID: Self.pid, roomID: room.id, userID: "u1",
                                                   permissions: try JSONValue(parsing: Self.scope))
        }
        let path = SiteURL.offboard(pid: Self.pid, userID: "u1").path
        let preview = await console.send(.get, path, session: cookie)
        #expect(preview.text.contains("<strong>105</strong> items"))
        let status = try await Self.finished(
            await console.send(.post, path, session: cookie, form: preview.formFields(action: path) + [("action", "run")]), console)
        #expect(status.count(.done) == 105)
        #expect(try await console.accounts.grants(projectID: Self.pid, userID: "u1").total == 0)
    }

    @Test func bulkGrantCopiesTheScopeOfAnExistingGrant() async throws {
        let (console, cookie) = try await Self.console()
        defer { Task { await console.stop() } }
        try await console.makeGrant(room: "alpha", user: "u1", scope: Self.other)
        let path = SiteURL.bulk(Self.pid).path
        let base = (await console.send(.get, path, session: cookie)).formFields(action: path)
        let missing = await console.send(.post, path, session: cookie, form: base.setting("users", "u2").setting("source", "grant")
            .setting("from_room", "alpha").setting("from_user", "u3") + [("room", "beta"), ("action", "preview")])
        #expect(missing.status == .unprocessableContent)
        #expect(missing.text.contains("There is no grant for user “u3” in room “alpha” to copy"))
        let preview = await console.send(.post, path, session: cookie, form: base.setting("users", "u2, u3").setting("source", "grant")
            .setting("from_room", "alpha").setting("from_user", "u1") + [("room", "beta"), ("action", "preview")])
        #expect(preview.status == .ok)
        let status = try await Self.finished(await console.send(.post, path, session: cookie,
                                                                form: preview.formFields(action: path).setting("action", "run")), console)
        #expect(status.count(.done) == 2)
        let beta = try await console.accounts.room(projectID: Self.pid, name: "beta")
        for user in ["u2", "u3"] {
            #expect(try await console.accounts.grant(projectID: Self.pid, roomID: beta.id, userID: user).permissions
                == (try JSONValue(parsing: Self.other)))
        }
    }

    @Test func theStoreKeepsOneOperationPerSubmissionAndHidesOtherProjects() async throws {
        let database = try ConsoleDatabase.inMemory()
        let clock = TestClock()
        let store = OperationStore(storage: database.storage, clock: clock.consoleClock)
        let plan = OperationPlan(project: "p1", kind: "offboard", label: "Offboard u1", tag: "c7", items: [
            OperationItem(action: .delete(expected: nil), room: "lobby", roomID: "r1", userID: "u1", description: "u1 in lobby"),
            OperationItem(action: .removeMember, room: "", roomID: "", userID: "u1", description: "u1: membership"),
        ])
        let actor = OperationActor(name: "alice", role: "admin", requestID: "r")
        let first = try await store.create(plan, actor: actor, submission: "s:1")
        let second = try await store.create(plan, actor: actor, submission: "s:1")
        #expect(first.created && !second.created && first.id == second.id)
        #expect(try await store.status(first.id, project: "p2") == nil)
        let status = try #require(try await store.status(first.id, project: "p1"))
        #expect(status.tag == "c7")
        #expect(status.items.map(\.item) == plan.items)
        #expect(status.state == .running)
        // A runner silent for longer than the limit is shown as gone, then recorded so.
        clock.advance(OperationStore.staleAfter + 1)
        #expect(try await store.status(first.id, project: "p1")?.state == .interrupted)
        #expect(try await store.interruptStale() == 1)
        #expect(try await store.status(first.id, project: "p1")?.items.allSatisfy { $0.status == .interrupted } == true)
    }

    @Test func anUnknownOperationIsNotFound() async throws {
        let (console, cookie) = try await Self.console()
        defer { Task { await console.stop() } }
        for path in [SiteURL.operation(pid: Self.pid, id: "op-nope").path, SiteURL.operationStatus(pid: Self.pid, id: "op-nope").path] {
            #expect(await console.send(.get, path, session: cookie).status == .notFound)
        }
    }

    @Test func anItemWhoseGrantChangedAfterThePreviewIsSkippedAndAuditedAsRefused() async throws {
        let (console, _) = try await Self.console()
        defer { Task { await console.stop() } }
        try await console.makeGrant(room: "alpha", user: "u1", scope: Self.other)
        try await console.makeGrant(room: "beta", user: "u1", scope: Self.other)
        let alpha = try await console.accounts.room(projectID: Self.pid, name: "alpha")
        let beta = try await console.accounts.room(projectID: Self.pid, name: "beta")
        let previewed = try JSONValue(parsing: Self.scope)  // what the preview saw; the grants hold `other` now
        let plan = OperationPlan(project: Self.pid, kind: "review", label: "Review revocations", tag: "campaign-9", items: [
            OperationItem(action: .put(scope: .object(JSONObject()), existing: .overwrite, expected: previewed, expiresAt: nil),
                          room: "alpha", roomID: alpha.id, userID: "u1", description: "u1 in alpha"),
            OperationItem(action: .delete(expected: previewed), room: "beta", roomID: beta.id, userID: "u1", description: "u1 in beta"),
        ])
        let writes = console.tap.writes
        let id = try await console.services.operations.start(plan, actor: OperationActor(name: "alice", role: "admin", requestID: "r"))
        await console.services.operations.waitUntilFinished(id)
        let status = try #require(try await console.services.operations.status(id, project: Self.pid))
        #expect(status.items.allSatisfy { $0.status == .skipped && $0.detail?.contains("changed after the preview") == true })
        #expect(console.tap.writes == writes)
        let audit = try await console.services.audit.entries(project: Self.pid, limit: 10).filter { $0.target.contains(id.rawValue) }
        #expect(audit.count == 2)
        #expect(audit.allSatisfy { $0.outcome.hasPrefix("refused") && $0.target.contains("review campaign-9") })
    }
}
