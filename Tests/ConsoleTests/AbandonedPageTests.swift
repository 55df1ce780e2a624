@testable import Console
import HTTPApp
import HTTPServer
import Testing
@testable import GrantDeskTesting

/// A page whose reader has gone stops working for them: the server cancels
/// the request's task (`LiveClientGoneTests`), and the cancellation reaches
/// the upstream call, which the accounts API then sees end.
@Suite struct AbandonedPageTests {
    @Test("a cancelled page load stops its upstream call: the accounts API sees the call go, the page says why")
    func upstreamCallStops() async throws {
        let console = try await ConsoleHarness(.embedded(seedDemo: false, people: ["u1"], requestTimeout: .seconds(30)))
        defer { Task { await console.stop() } }
        let cookie = try await console.adminSession()
        console.tap.fault = .hangAll
        let members = SiteURL.members(ConsoleHarness.pid).path
        let load = Task { await console.send(.get, members, session: cookie) }
        #expect(await eventually { console.tap.seen.contains { $0.hasPrefix("GET /accounts/projects/") } })
        load.cancel()
        let page = await load.value
        #expect(page.status == .serviceUnavailable)
        #expect(page.text.contains(ErrorMiddleware<ConsoleContext>.cancelledMessage.htmlEscapedForTest))
        // The tap's hang lasts 5 s unless the closed upstream connection cancels it.
        #expect(await eventually(timeout: .seconds(4)) { console.tap.cancelledHangs == 1 })
    }
}
