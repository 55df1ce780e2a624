@testable import Console
import Foundation
import HTTPApp
import HTTPServer
import Synchronization

/// Counts how often its handlers run: stands in for handlers that would call
/// the upstream, so "zero upstream calls" can be checked.
final class CallCounter: Sendable {
    private let value = Mutex(0)
    var count: Int { value.withLock { $0 } }
    func increment() { value.withLock { $0 += 1 } }
}

/// Mutating routes on real console URLs, plus a page that renders a flash.
struct ProbeController: ConsoleController {
    let counter: CallCounter
    let sessions: SessionStore

    static let mutatingRoutes: [(HTTPMethod, String)] = [
        (.post, SiteURL.newGrant(pid: "p1", room: nil, user: nil).path),
        (.post, SiteURL.grantEdit(pid: "p1", room: "lobby", userID: "u1").path),
        (.post, SiteURL.grantDelete(pid: "p1", room: "lobby", userID: "u1").path),
        (.put, SiteURL.grant(pid: "p1", room: "lobby", userID: "u1").path),
        (.delete, SiteURL.grant(pid: "p1", room: "lobby", userID: "u1").path),
        (.post, SiteURL.rooms("p1").path),
        (.post, SiteURL.roomEdit(pid: "p1", room: "lobby").path),
        (.post, SiteURL.roomDelete(pid: "p1", room: "lobby").path),
        (.post, SiteURL.members("p1").path),
        (.post, SiteURL.member(pid: "p1", userID: "u1").path),
        (.post, SiteURL.memberDelete(pid: "p1", userID: "u1").path),
        (.post, SiteURL.offboard(pid: "p1", userID: "u1").path),
        (.post, SiteURL.bulk("p1").path),
        (.post, SiteURL.roomCopy(pid: "p1", room: "lobby").path),
        (.post, SiteURL.operationRetry(pid: "p1", id: "op-1").path),
        (.post, SiteURL.snapshots("p1").path),
        (.post, SiteURL.reviews("p1").path),
        (.post, SiteURL.reviewApply(pid: "p1", id: 1).path),
        (.post, SiteURL.reviewClose(pid: "p1", id: 1).path),
    ]

    /// A mutating route of the probe's own, for flows that must reach a handler
    /// (the real console URLs belong to the editor's handlers).
    static let changePath = "/probe/change"

    func register(on router: inout Router<ConsoleContext>) {
        // The real mutating URLs: the role middleware must refuse reviewers
        // before any handler, whether or not a feature registered the route.
        for route in [SiteRoute.newGrant, .grantEdit, .grantDelete, .grant, .rooms, .roomEdit, .roomDelete,
                      .members, .member, .memberDelete] {
            for method in [HTTPMethod.post, .put, .delete] {
                router.on(method, route) { _, _ in
                    counter.increment()
                    return Redirect.to(.projects)
                }
            }
        }
        router.post(Self.changePath) { _, context in
            try context.requireAdmin()
            counter.increment()
            if let session = context.session { try await sessions.setFlash(.success("Saved."), for: session) }
            return Redirect.to(path: "/probe/page")
        }
        router.get("/probe/page") { _, context in
            HTTPResponse(status: .ok, contentType: "text/plain; charset=utf-8",
                         text: "page for \(context.user?.name ?? "-") flash=\(context.flash?.message ?? "-")")
        }
        router.get("/probe/rooms/:pid/:room") { _, context in
            HTTPResponse(status: .ok, contentType: "text/plain; charset=utf-8",
                         text: "room \(context.parameters["room"] ?? "?") of \(context.parameters["pid"] ?? "?")")
        }
    }
}
