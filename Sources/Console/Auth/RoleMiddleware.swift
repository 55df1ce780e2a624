import HTTPApp
import HTTPServer
import URLText

/// The one place that keeps reviewers read-only: any request from a reviewer
/// that is not GET/HEAD (signing out aside) is refused with 403 and an audit
/// record, before any handler — and so before any upstream call — runs.
struct RoleMiddleware: Middleware {
    let audit: AuditLog

    func handle(_ request: HTTPRequest, context: ConsoleContext,
                next: Responder<ConsoleContext>) async throws -> HTTPResponse {
        guard let user = context.user, user.role == .reviewer,
              request.method != .get, request.method != .head,
              !(request.method == .post && request.path == SiteURL.logout.path)
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
