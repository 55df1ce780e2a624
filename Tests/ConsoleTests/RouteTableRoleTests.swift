@testable import Console
import HTTPApp
import HTTPServer
import Testing
@testable import GrantDeskTesting

/// The role middleware keeps reviewers read-only by refusing every method but
/// GET/HEAD (signing in and out aside). Checked over the console's real route
/// table, so a route added later is covered without anyone updating a list.
@Suite struct RouteTableRoleTests {
    /// The routes a reviewer may post to: the middleware's own exceptions.
    static let reviewerMayPost: Set<String> = [SiteRoute.login.pattern, SiteRoute.logout.pattern]

    @Test func everyMutatingRouteInTheRouteTableIsRefusedForAReviewer() async throws {
        let console = try await ConsoleHarness()
        let table = ConsoleApplication.router(for: Controllers.all(services: console.services)).table
        let nonGET = table.filter { $0.method != .get && $0.method != .head }
        // The exceptions must be real routes, or the list has gone stale.
        #expect(Self.reviewerMayPost.isSubset(of: Set(nonGET.map(\.pattern))))
        let mutating = nonGET.filter { !Self.reviewerMayPost.contains($0.pattern) }
        // Guards against checking an empty table: the grant, room, member, OAuth client and storage forms are all there.
        for route in [SiteRoute.newGrant, .grantEdit, .grantDelete, .rooms, .roomEdit, .roomDelete, .members, .member, .memberDelete,
                      .oauthClientNew, .oauthClientEdit, .oauthClientDelete, .storageUpload, .storageDelete] {
            #expect(mutating.contains { $0.pattern == route.pattern && $0.method == .post }, "\(route) missing")
        }

        let cookie = try await console.session("rita", "rita-password!")
        let token = try await console.csrfToken(session: cookie)
        for route in mutating {
            let site = try #require(SiteRoute(rawValue: route.pattern), "\(route.pattern) is not a SiteRoute")
            let path = site.path(filling: ["p1", "lobby", "u1"])
            let response = await console.send(route.method, path, session: cookie,
                                              form: [("csrf", token)])
            #expect(response.status == .forbidden, "\(route.method) \(path)")
            #expect(response.text.contains("reviewer account"), "\(route.method) \(path)")
        }
        // Every project's refusals and the console's own (the password form belongs to no project).
        let refusals = try await console.services.audit.entries(project: nil, limit: 100)
        #expect(refusals.count == mutating.count)
        #expect(refusals.allSatisfy { $0.actor == "rita" && $0.outcome.hasPrefix("refused") })
    }
}
