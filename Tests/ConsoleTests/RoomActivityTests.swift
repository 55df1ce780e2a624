@testable import Console
import Foundation
import GrantModel
import HTTPServer
import Testing
@testable import GrantDeskTesting

/// "Last used": room and grant pages say when the room was last active
/// (room sessions); rooms idle for 90 days, and their grants, stand out.
@Suite("Last used: room activity", .serialized)
struct RoomActivityTests {
    static let pid = ConsoleHarness.pid
    static let day = 86_400.0

    /// A room with one grant and one session `daysAgo` before the console's clock.
    func room(_ console: ConsoleHarness, _ name: String, daysAgo: Double?) async throws {
        let store = try #require(console.embedded).store
        _ = try await console.accounts.createRoom(projectID: Self.pid, .init(name: name))
        try await console.accounts.createGrant(projectID: Self.pid, roomID: name, userID: "user-1", permissions: ["messaging": [:]])
        if let daysAgo {
            try await store.recordSession(projectID: Self.pid, room: name, userID: "user-1",
                                          at: console.clock.date.timeIntervalSince1970 - daysAgo * Self.day, lasting: 0)
        }
    }

    @Test("an idle room and its grants stand out; a room used lately does not")
    func idleStandsOut() async throws {
        let console = try await ConsoleHarness(.embedded())
        defer { Task { await console.stop() } }
        try await room(console, "quiet room", daysAgo: 120)
        try await room(console, "busy room", daysAgo: 2)
        try await room(console, "empty room", daysAgo: nil)
        let session = try await console.reviewerSession()
        for url in [SiteURL.room(pid: Self.pid, room: "quiet room").path, SiteURL.grant(pid: Self.pid, room: "quiet room", userID: "user-1").path] {
            let page = await console.send(.get, url, session: session).text
            #expect(page.contains("idle 120 days") && page.contains("data-testid=\"idle-room\""), "\(url)")
            #expect(page.contains("Nobody has joined this room for 120 days"), "\(url)")
        }
        let busy = await console.send(.get, SiteURL.room(pid: Self.pid, room: "busy room").path, session: session).text
        #expect(busy.contains("used 2 days ago") && !busy.contains("data-testid=\"idle-room\""), "\(busy.components(separatedBy: "data-testid=\"room-activity\"").dropFirst().first?.prefix(300) ?? "")")
        let empty = await console.send(.get, SiteURL.grant(pid: Self.pid, room: "empty room", userID: "user-1").path, session: session).text
        #expect(empty.contains("No session on record") && empty.contains("data-testid=\"idle-room\""))
    }

    @Test("an upstream without room sessions: the page says so and still renders")
    func withoutSessions() async throws {
        let console = try await ConsoleHarness(.embedded())
        defer { Task { await console.stop() } }
        console.tap.fault = .noSessions
        let session = try await console.adminSession()
        for url in [SiteURL.room(pid: Self.pid, room: "lobby").path, SiteURL.grant(pid: Self.pid, room: "lobby", userID: "user-1").path] {
            let page = await console.send(.get, url, session: session)
            #expect(page.status == .ok, "\(url)")
            #expect(page.text.contains("offers no room sessions") && page.text.contains("last use unknown"), "\(url)")
            #expect(!page.text.contains("data-testid=\"idle-room\""), "\(url)")
        }
    }
}
