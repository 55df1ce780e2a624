import HTTPApp
import HTTPServer
import URLText

/// Every state-changing request (anything but GET/HEAD) must come from a page
/// of this site: a same-origin `Origin` (or `Sec-Fetch-Site`, or `Referer`)
/// and a valid masked CSRF token in the `csrf` form field (urlencoded or multipart) or the
/// `X-CSRF-Token` header. The sign-in form is covered by the pre-session cookie.
///
/// A refusal of a signed-in user's request is audited like any refused
/// change. (Cross-site posts normally arrive without the session cookie,
/// which is SameSite=Lax, so they cannot flood the log.)
struct CSRFMiddleware: Middleware {
    let audit: AuditLog

    nonisolated(nonsending) func handle(_ request: HTTPRequest, context: ConsoleContext,
                next: Next<ConsoleContext>) async throws -> HTTPResponse {
        guard request.method != .get, request.method != .head else {
            return try await next(request, context)
        }
        try await check(request, context)
        return try await next(request, context)
    }

    /// Refuses a change not sent from one of our pages. Its own function, so
    /// that the frame for reading forms is only made for changes: most
    /// requests are GETs.
    private nonisolated(nonsending) func check(_ request: HTTPRequest, _ context: ConsoleContext) async throws {
        guard OriginCheck.isSameOrigin(request) else {
            context.logger.notice("refused cross-origin request", metadata: ["origin": "\(request.headers["Origin"] ?? "-")"])
            try await auditRefusal(request, context, reason: "not sent from a GrantDesk page (origin check)")
            throw HTTPError(.forbidden, message: "This request did not come from a GrantDesk page, so it was refused. Nothing was changed.")
        }
        // A file upload without JavaScript posts multipart/form-data, its token a field like any other.
        let token = try URLEncodedForm(body: request)["csrf"] ?? (try? MultipartForm(request: request))??.text("csrf")
            ?? request.headers["X-CSRF-Token"]
        guard let token, Self.secrets(request, context).contains(where: { CSRFToken.verify(token, secret: $0) }) else {
            try await auditRefusal(request, context, reason: "missing or invalid CSRF token")
            throw HTTPError(.forbidden, message: "This form has expired or was not sent from GrantDesk. Reload the page and try again. Nothing was changed.")
        }
    }

    /// The session's secret, and on the sign-in form also the pre-session
    /// cookie's: a form loaded before signing in elsewhere still works.
    static func secrets(_ request: HTTPRequest, _ context: ConsoleContext) -> [[UInt8]] {
        var secrets = context.csrfSecret.map { [$0] } ?? []
        if request.path == SiteURL.login(next: nil).path, let login = AuthMiddleware.loginSecret(request) {
            secrets.append(login)
        }
        return secrets
    }

    private func auditRefusal(_ request: HTTPRequest, _ context: ConsoleContext, reason: String) async throws {
        guard context.user != nil else { return }
        let path = request.path.percentDecoded() ?? request.path
        try await audit.refused(context: context, action: "\(request.method.rawValue) \(path)",
                                target: AuditTarget(project: RoleMiddleware.project(in: request.path), resource: path),
                                reason: reason)
    }
}

/// Same-origin checks for unsafe requests.
enum OriginCheck {
    static func isSameOrigin(_ request: HTTPRequest) -> Bool {
        guard let host = request.headers["Host"], !host.isEmpty else { return false }
        // Behind a TLS-terminating proxy the browser's origin is https while
        // our connection is plain; plain http is accepted only on a plain
        // connection.
        var origins = ["https://" + host]
        if !request.connection.isSecure { origins.append("http://" + host) }
        if let origin = request.headers["Origin"] {
            return origins.contains { $0.caseInsensitiveEquals(origin) }
        }
        if let site = request.headers["Sec-Fetch-Site"] {
            return site == "same-origin"
        }
        if let referer = request.headers["Referer"] {
            return origins.contains { referer.lowercased().hasPrefix($0.lowercased() + "/") }
        }
        return false
    }
}
