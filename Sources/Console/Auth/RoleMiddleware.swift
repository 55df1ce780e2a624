import HTTPApp
import HTTPServer
import URLText

/// The one place that keeps reviewers read-only: any request from a reviewer
/// that is not GET/HEAD (signing out and recording review decisions aside)
/// is refused with 403 and an audit record, before any handler — and so
/// before any upstream call — runs.
struct RoleMiddleware: Middleware {
    let audit: AuditLog

    /// The routes a reviewer may post to: signing out, and a review
    /// campaign's decision on one item (which is stored by the console and
    /// changes no grant; applying revocations is an admin's).
    static let reviewerPostRoutes: [SiteRoute] = [.logout, .reviewItem]

    nonisolated(nonsending) func handle(_ request: HTTPRequest, context: ConsoleContext,
                next: Next<ConsoleContext>) async throws -> HTTPResponse {
        guard let user = context.user, user.role == .reviewer,
              request.method != .get, request.method != .head,
              !(request.method == .post && Self.reviewerPostRoutes.contains { $0.matches(path: request.path) })
        else { return try await next(request, context) }
        let path = request.path.percentDecoded() ?? request.path
        try await audit.refused(context: context, action: "\(request.method.rawValue) \(path)",
                                target: AuditTarget(project: Self.project(in: request.path), resource: path),
                                reason: "reviewers cannot change anything")
        throw HTTPError(.forbidden, message: "Your account is a reviewer account: you can look at everything but change nothing. Nothing was changed.")
    }

    /// The project id in `/projects/{pid}/…`, if any.
    static func project(in path: String) -> String? {
        let segments = path.split(separator: "/")
        guard segments.count >= 2, segments[0] == "projects" else { return nil }
        return String(segments[1]).percentDecoded()
    }
}
