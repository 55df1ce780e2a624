import AccountsAPI
@testable import Console
import Foundation
import GrantModel
import HTTPServer
import Logging
import Testing
@testable import GrantDeskTesting

/// Expiring grants: the sweeper revokes a grant when its expiry passes (as
/// `system`, with the grant's last scope), once across replicas, never a
/// grant changed or deleted outside GrantDesk, and at start-up for expiries
/// that passed while no console ran.
@Suite(.serialized) struct GrantExpiryTests {
    static let pid = ConsoleHarness.pid
    static let scope = #"{"queues":{"list":true}}"#

    /// A console with room `alpha` and u1's grant there, set to expire in an hour.
    static func expiring() async throws -> (ConsoleHarness, Room) {
        let console = try await ConsoleHarness(.embedded(seedDemo: false, people: ["u1", "u2"]))
        let room = try await console.makeRoom("alpha")
        try await console.makeGrant(room: "alpha", user: "u1", scope: scope)
        try await console.services.expiries.set(project: pid, room: room.name, roomID: room.id, userID: "u1",
                                                expiresAt: console.clock.date.addingTimeInterval(3600),
                                                scope: try JSONValue(parsing: scope), createdBy: "alice")
        return (console, room)
    }

    @Test func anExpiredGrantIsRevokedOnceAcrossReplicas() async throws {
        let (console, room) = try await Self.expiring()
        defer { Task { await console.stop() } }
        // Not yet due: nothing happens.
        #expect(await console.services.expirySweeper.sweep() == ExpirySweeper.Result())
        console.clock.advance(3601)
        // Two replicas sweep at once over the same database: one revokes.
        let first = console.services.expirySweeper
        let second = ExpirySweeper(expiries: console.services.expiries, accounts: console.accounts,
                                   audit: console.services.audit, logger: .silent)
        async let a = first.sweep()
        async let b = second.sweep()
        let (resultA, resultB) = await (a, b)
        #expect(resultA.revoked + resultB.revoked == 1)
        #expect(resultA.failed + resultB.failed == 0)
        await #expect(throws: UpstreamError.self) {
            try await console.accounts.grant(projectID: Self.pid, roomID: room.id, userID: "u1")
        }
        let audit = try await console.services.audit.entries(project: Self.pid, limit: 10)
        let revoked = try #require(audit.first { $0.action == "grant.expire" })
        #expect(revoked.actor == "system")
        #expect(revoked.outcome == "succeeded")
        #expect(EditorCanonical.same(try JSONValue(parsing: revoked.before ?? ""), try JSONValue(parsing: Self.scope)))
        #expect(try await console.services.expiries.pending(project: Self.pid).isEmpty)
        #expect(try await console.services.expiries.ended(project: Self.pid).first?.state == "revoked")
    }

    @Test func aGrantChangedOrDeletedOutsideGrantDeskIsNotRevoked() async throws {
        let (console, room) = try await Self.expiring()
        defer { Task { await console.stop() } }
        let other = try await console.makeRoom("beta")
        try await console.makeGrant(room: "beta", user: "u2", scope: Self.scope)
        try await console.services.expiries.set(project: Self.pid, room: "beta", roomID: other.id, userID: "u2",
                                                expiresAt: console.clock.date.addingTimeInterval(60),
                                                scope: try JSONValue(parsing: Self.scope), createdBy: "alice")
        try await console.accounts.updateGrant(projectID: Self.pid, roomID: room.id, userID: "u1",
                                               permissions: .object(ScopePreset.userDefault.jsonScope))
        try await console.accounts.deleteGrant(projectID: Self.pid, roomID: other.id, userID: "u2")
        console.clock.advance(7200)
        let writes = console.tap.writes
        let result = await console.services.expirySweeper.sweep()
        #expect(result.kept == 2)
        #expect(result.revoked == 0)
        #expect(console.tap.writes == writes)
        #expect(try await console.grantScope(room: room.id, user: "u1") == .object(ScopePreset.userDefault.jsonScope))
        let ended = try await console.services.expiries.ended(project: Self.pid)
        #expect(ended.contains { $0.userID == "u1" && $0.outcome?.contains("changed outside GrantDesk") == true })
        #expect(ended.contains { $0.userID == "u2" && $0.outcome?.contains("already deleted outside GrantDesk") == true })
    }

    @Test func aFailedRevocationIsTriedAgain() async throws {
        let (console, room) = try await Self.expiring()
        defer { Task { await console.stop() } }
        console.clock.advance(3601)
        console.tap.fault = .writeStatus(503)
        #expect(await console.services.expirySweeper.sweep().failed == 1)
        let pending = try #require(try await console.services.expiries.pending(project: Self.pid).first)
        #expect(pending.state == "active")
        #expect(pending.outcome?.contains("GrantDesk tries again") == true)
        console.tap.fault = .none
        #expect(await console.services.expirySweeper.sweep().revoked == 1)
        await #expect(throws: UpstreamError.self) {
            try await console.accounts.grant(projectID: Self.pid, roomID: room.id, userID: "u1")
        }
    }

    @Test func anExpiryThatPassedWhileTheConsoleWasStoppedIsRevokedAtStartUp() async throws {
        let scratch = try TemporaryDirectory("expiry-restart")
        defer { scratch.remove() }
        let upstream = try await EmbeddedAccountsHarness(seedDemo: false)
        defer { Task { await upstream.shutdown() } }
        try await upstream.store.addPeople(["u1", "u2"])
        let room = try await upstream.client.createRoom(projectID: Self.pid, CreateRoomRequest(name: "alpha"))
        try await upstream.client.createGrant(projectID: Self.pid, roomID: room.id, userID: "u1",
                                              permissions: try JSONValue(parsing: Self.scope))
        try await upstream.client.createGrant(projectID: Self.pid, roomID: room.id, userID: "u2",
                                              permissions: try JSONValue(parsing: Self.scope))
        var configuration = ConsoleConfiguration(upstream: upstream.configuration)
        configuration.port = 0
        configuration.tls = .plainHTTP
        configuration.dataDirectory = scratch.path + "/data"
        configuration.resourcesDirectory = URL(fileURLWithPath: ConsoleHarness.templatesDirectory).deletingLastPathComponent().path
        configuration.adminPassword = "restart-admin-password"
        configuration.passwordHasher = .fastForTests
        let clock = TestClock()
        let logger = Logger(label: "t", factory: { _ in SwiftLogNoOpLogHandler() })

        let before = try await ConsoleRuntime.start(configuration: configuration, logger: logger, clock: clock.consoleClock)
        #expect(await before.firstSweep.value == ExpirySweeper.Result())
        try await before.services.expiries.set(project: Self.pid, room: "alpha", roomID: room.id, userID: "u1",
                                               expiresAt: clock.date.addingTimeInterval(600),
                                               scope: try JSONValue(parsing: Self.scope), createdBy: "admin")
        // An operation the process never got to run (it stops first).
        let plan = OperationPlan(project: Self.pid, kind: "offboard", label: "Offboard u2", items: [
            OperationItem(action: .delete(expected: try JSONValue(parsing: Self.scope)), room: "alpha", roomID: room.id,
                          userID: "u2", description: "u2 in room alpha"),
        ])
        let (operation, _) = try await before.services.operations.store.create(
            plan, actor: OperationActor(name: "admin", role: "admin", requestID: "r1"), submission: nil)
        await before.shutdown()

        clock.advance(3600)
        let after = try await ConsoleRuntime.start(configuration: configuration, logger: logger, clock: clock.consoleClock)
        defer { Task { await after.shutdown() } }
        #expect(await after.firstSweep.value.revoked == 1)
        await #expect(throws: UpstreamError.self) {
            try await upstream.client.grant(projectID: Self.pid, roomID: room.id, userID: "u1")
        }
        let audit = try await after.services.audit.entries(project: Self.pid, limit: 10)
        #expect(audit.contains { $0.action == "grant.expire" && $0.actor == "system" && $0.outcome == "succeeded" })

        // The interrupted operation shows its item as not done, and a retry does it.
        let status = try #require(try await after.services.operations.status(operation, project: Self.pid))
        #expect(status.state == .interrupted)
        #expect(status.items.map(\.status) == [.interrupted])
        let retry = try #require(try await after.services.operations.retry(
            operation, project: Self.pid, actor: OperationActor(name: "admin", role: "admin", requestID: "r2")))
        await after.services.operations.waitUntilFinished(retry)
        #expect(try await after.services.operations.status(retry, project: Self.pid)?.items.map(\.status) == [.done])
        await #expect(throws: UpstreamError.self) {
            try await upstream.client.grant(projectID: Self.pid, roomID: room.id, userID: "u2")
        }
    }
}

/// Where expiries are set and shown: the editor's field, the grant, room,
/// user and overview pages.
@Suite(.serialized) struct GrantExpiryPagesTests {
    static let pid = ConsoleHarness.pid

    @Test func theEditorSetsAnExpiryThatPagesShow() async throws {
        let console = try await ConsoleHarness(.embedded(seedDemo: false, people: ["u1"]))
        defer { Task { await console.stop() } }
        _ = try await console.makeRoom("alpha")
        let cookie = try await console.adminSession()
        let newURL = SiteURL.newGrant(pid: Self.pid, room: "alpha", user: "u1").path
        let action = SiteURL.newGrant(pid: Self.pid, room: nil, user: nil).path
        let form = await console.send(.get, newURL, session: cookie)
        #expect(form.text.contains(#"name="expires""#))
        let past = await console.send(.post, action, session: cookie,
                                      form: form.formFields(action: action).setting("expires", "2020-01-01T00:00") + [("action", "review")])
        #expect(past.status == .unprocessableContent)
        #expect(past.text.contains("The expiry must be in the future"))
        // The test clock is at 2027-01-15 08:00 UTC: this is two days later.
        let review = await console.send(.post, action, session: cookie,
                                        form: form.formFields(action: action).setting("expires", "2027-01-17T08:00") + [("action", "review")])
        #expect(review.status == .ok)
        #expect(review.text.contains("Expires 2027-01-17 08:00 UTC"))
        let saved = await console.send(.post, action, session: cookie, form: review.formFields(action: action).setting("action", "confirm"))
        #expect(saved.status == .seeOther)
        let expiry = try #require(try await console.services.expiries.pending(project: Self.pid).first)
        #expect(expiry.userID == "u1")
        #expect(expiry.createdBy == "alice")

        let grant = await console.send(.get, SiteURL.grant(pid: Self.pid, room: "alpha", userID: "u1").path, session: cookie)
        #expect(grant.text.contains("This grant expires"))
        #expect(grant.text.contains("2027-01-17 08:00 UTC"))
        for page in [SiteURL.room(pid: Self.pid, room: "alpha").path, SiteURL.user(pid: Self.pid, userID: "u1").path,
                     SiteURL.project(Self.pid).path] {
            let response = await console.send(.get, page, session: cookie)
            #expect(response.text.contains("2027-01-17 08:00 UTC"), "\(page)")
        }
        // The edit form shows it; clearing the field removes it.
        let editURL = SiteURL.grantEdit(pid: Self.pid, room: "alpha", userID: "u1").path
        let edit = await console.send(.get, editURL, session: cookie)
        #expect(edit.formFields(action: editURL).value("expires") == "2027-01-17T08:00")
        let cleared = await console.send(.post, editURL, session: cookie,
                                         form: edit.formFields(action: editURL).setting("expires", "") + [("action", "review")])
        let done = await console.send(.post, editURL, session: cookie, form: cleared.formFields(action: editURL).setting("action", "confirm"))
        #expect(done.status == .seeOther)
        #expect(try await console.services.expiries.pending(project: Self.pid).isEmpty)
        // Once cleared, the overview lists nothing.
        let overview = await console.send(.get, SiteURL.project(Self.pid).path, session: cookie)
        #expect(overview.text.contains("No grant expires in the next 7 days"))
    }
}
