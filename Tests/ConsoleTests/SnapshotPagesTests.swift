import AccountsAPI
@testable import Console
import Foundation
import GrantModel
import HTTPServer
import Testing
@testable import GrantDeskTesting

/// Snapshots: taking one (stored compactly), the list and one snapshot's
/// page, comparing with a later snapshot or now, and drift: a change made
/// straight against the accounts API, not through the console, is named as such.
@Suite(.serialized) struct SnapshotPagesTests {
    static let pid = ConsoleHarness.pid
    static let queues = #"{"queues":{"list":true,"send":["jobs"]}}"#
    static let admin = #"{"admin":{}}"#

    /// Three grants sharing two scopes, in two rooms.
    static func console() async throws -> (ConsoleHarness, String) {
        let console = try await ConsoleHarness(.embedded(seedDemo: false, people: ["u1", "u2", "u3"]))
        _ = try await console.makeRoom("lobby")
        _ = try await console.makeRoom("ops")
        try await console.makeGrant(room: "lobby", user: "u1", scope: queues)
        try await console.makeGrant(room: "lobby", user: "u2", scope: queues)
        try await console.makeGrant(room: "ops", user: "u3", scope: admin)
        return (console, try await console.adminSession())
    }

    static func take(_ console: ConsoleHarness, _ cookie: String) async throws -> Int64 {
        let token = try await console.csrfToken(session: cookie)
        let response = await console.send(.post, SiteURL.snapshots(pid).path, session: cookie, form: [("csrf", token)])
        #expect(response.status == .seeOther)
        let location = try #require(response.headers["Location"])
        let id = try #require(Int64(location.split(separator: "/").last ?? ""))
        #expect(location == SiteURL.snapshot(pid: pid, id: id).path)
        await console.services.jobs.waitForAll()
        return id
    }

    @Test func takingStoresEachScopeOnceAndListsTheSnapshot() async throws {
        let (console, cookie) = try await Self.console()
        defer { Task { await console.stop() } }
        let id = try await Self.take(console, cookie)
        let info = try #require(try await console.services.snapshotStore.info(id))
        #expect(info.status == .complete)
        #expect(info.grantCount == 3)
        #expect(info.takenBy == "alice")
        #expect(info.storedBytes > 0)
        let scopes = try await console.database.storage.read { try $0.scalar("SELECT COUNT(*) FROM snapshot_scopes")?.int }
        #expect(scopes == 2)
        // A second snapshot of the same grants stores no scope again.
        let second = try await Self.take(console, cookie)
        let after = try await console.database.storage.read { try $0.scalar("SELECT COUNT(*) FROM snapshot_scopes")?.int }
        #expect(after == 2)
        #expect(try #require(try await console.services.snapshotStore.info(second)).storedBytes < info.storedBytes)

        let list = await console.send(.get, SiteURL.snapshots(Self.pid).path, session: cookie)
        #expect(list.status == .ok)
        #expect(list.text.contains(SiteURL.snapshot(pid: Self.pid, id: id).path))
        #expect(list.text.contains("3 grants"))
        #expect(list.headers["Cache-Control"] == "no-store")

        let page = await console.send(.get, SiteURL.snapshot(pid: Self.pid, id: id).path, session: cookie)
        #expect(page.status == .ok)
        #expect(page.text.contains("complete"))
        #expect(page.text.contains(SiteURL.user(pid: Self.pid, userID: "u3").path))
        #expect(page.text.contains("admin"))
        let filtered = await console.send(.get, SiteURL.snapshot(pid: Self.pid, id: id).path(query: [("room", "ops")]), session: cookie)
        #expect(filtered.text.contains(SiteURL.user(pid: Self.pid, userID: "u3").path))
        #expect(!filtered.text.contains(SiteURL.user(pid: Self.pid, userID: "u1").path))

        let missing = await console.send(.get, SiteURL.snapshot(pid: Self.pid, id: 999).path, session: cookie)
        #expect(missing.status == .notFound)
    }

    @Test func aReviewerSeesSnapshotsButCannotTakeOne() async throws {
        let (console, cookie) = try await Self.console()
        defer { Task { await console.stop() } }
        let id = try await Self.take(console, cookie)
        let rita = try await console.reviewerSession()
        #expect(await console.send(.get, SiteURL.snapshot(pid: Self.pid, id: id).path, session: rita).status == .ok)
        let token = try await console.csrfToken(session: rita)
        let refused = await console.send(.post, SiteURL.snapshots(Self.pid).path, session: rita, form: [("csrf", token)])
        #expect(refused.status == .forbidden)
        #expect(try await console.services.snapshotStore.list(project: Self.pid).count == 1)
        let list = await console.send(.get, SiteURL.snapshots(Self.pid).path, session: rita)
        #expect(!list.text.contains("Take a snapshot now"))
    }

    @Test func driftFindsAChangeMadeDirectlyThroughTheAccountsAPI() async throws {
        let (console, cookie) = try await Self.console()
        defer { Task { await console.stop() } }
        let first = try await Self.take(console, cookie)
        console.clock.advance(60)

        // Through the console: revoke u2 in lobby with the editor's delete form.
        let deleteURL = SiteURL.grantDelete(pid: Self.pid, room: "lobby", userID: "u2").path
        let confirm = await console.send(.get, deleteURL, session: cookie)
        let deleted = await console.send(.post, deleteURL, session: cookie, form: confirm.formFields(action: deleteURL))
        #expect(deleted.status == .seeOther)

        // Straight against the embedded accounts API, not through the console.
        let direct = try #require(console.embedded).client
        let ops = try await direct.room(projectID: Self.pid, name: "ops")
        try await direct.updateGrant(projectID: Self.pid, roomID: ops.id, userID: "u3",
                                     permissions: try JSONValue(parsing: #"{"admin":{},"tunnels":{}}"#))
        try await direct.createGrant(projectID: Self.pid, roomID: ops.id, userID: "u1", permissions: try JSONValue(parsing: Self.queues))
        console.clock.advance(60)

        let now = await console.send(.get, SiteURL.snapshotCompare(pid: Self.pid, from: first, to: nil).path, session: cookie)
        #expect(now.status == .ok)
        #expect(now.text.contains("1 grant added, 1 removed, 1 changed, 1 unchanged."))
        #expect(now.text.contains("2 changes not made through GrantDesk"))
        #expect(now.text.contains("no: changed directly in MeshAgent"))
        #expect(now.text.contains("grant.delete by alice"))
        #expect(now.text.contains("widens access"))

        let comparison = try await comparison(console, from: first, to: nil)
        let drift = Set(comparison.differences.filter(\.isDrift).map { "\($0.kind) \($0.roomName)/\($0.key.userID)" })
        #expect(drift == ["changed ops/u3", "added ops/u1"])
        #expect(comparison.differences.first { $0.key.userID == "u2" }?.isDrift == false)

        // The same between two stored snapshots; `drift=1` keeps only the drift.
        let second = try await Self.take(console, cookie)
        let stored = await console.send(.get, SiteURL.snapshotCompare(pid: Self.pid, from: first, to: second).path(query: [("drift", "1")]),
                                        session: cookie)
        #expect(stored.status == .ok)
        #expect(stored.text.contains("2 changes not made through GrantDesk"))
        #expect(!stored.text.contains("grant.delete by alice"))

        let bad = await console.send(.get, "/projects/\(Self.pid)/snapshots/compare?from=x", session: cookie)
        #expect(bad.status == .badRequest)
    }

    func comparison(_ console: ConsoleHarness, from: Int64, to: Int64?) async throws -> SnapshotComparison {
        let store = console.services.snapshotStore
        let before = try await store.grantSet(from)
        let after = try await SnapshotStore.liveGrantSet(client: console.accounts, project: Self.pid)
        let audit = try await GrantAuditIndex.load(storage: console.database.storage, project: Self.pid)
        let taken = try #require(try await store.info(from)).takenAt
        return SnapshotComparison(from: before, to: after, audit: audit, fromTime: taken, toTime: console.clock.date)
    }

    @Test func theScheduleTakesOneSnapshotPerPeriodAcrossReplicas() async throws {
        let (console, _) = try await Self.console()
        defer { Task { await console.stop() } }
        let interval = try #require(SnapshotSchedule.interval(parsing: "24h"))
        #expect(SnapshotSchedule.interval(parsing: "30s") == nil)
        #expect(SnapshotSchedule.interval(parsing: "h") == nil)
        #expect(SnapshotSchedule.interval(parsing: "2d") == .seconds(172_800))
        let one = SnapshotSchedule(services: console.services, interval: interval, replica: "one")
        let two = SnapshotSchedule(services: console.services, interval: interval, replica: "two")
        #expect(await one.runOnce().count == 1)
        #expect(await two.runOnce().isEmpty)
        #expect(await one.runOnce().isEmpty)
        console.clock.advance(86_400)
        #expect(await two.runOnce().count == 1)
        let snapshots = try await console.services.snapshotStore.list(project: Self.pid)
        #expect(snapshots.count == 2)
        #expect(snapshots.allSatisfy { $0.reason == "schedule" && $0.status == .complete && $0.grantCount == 3 })
    }

    @Test func aFailedReadMarksTheSnapshotFailed() async throws {
        let (console, cookie) = try await Self.console()
        defer { Task { await console.stop() } }
        console.tap.fault = .status(503)
        let store = console.services.snapshotStore
        let id = try await store.begin(project: Self.pid, by: "alice", reason: "manual")
        await #expect(throws: UpstreamError.self) { try await store.fill(id, project: Self.pid, client: console.accounts) }
        console.tap.fault = .none
        let info = try #require(try await store.info(id))
        #expect(info.status == .failed)
        let page = await console.send(.get, SiteURL.snapshot(pid: Self.pid, id: id).path, session: cookie)
        #expect(page.text.contains("The snapshot is incomplete"))
    }
}
