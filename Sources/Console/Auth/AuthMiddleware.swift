import CryptoPrimitives
import HTTPApp
import HTTPServer
import Logging

/// Resumes the session from its cookie and sends signed-out visitors to the
/// sign-in page, remembering where they were going. Only `/healthz`,
/// `/login` and `/static/…` are open without a session.
struct AuthMiddleware: Middleware {
    let sessions: SessionStore

    func handle(_ request: HTTPRequest, context: ConsoleContext,
                next: Responder<ConsoleContext>) async throws -> HTTPResponse {
        var context = context
        let cookie = Cookies.value(Cookies.session, in: request.headers)
        if let cookie, let resumed = try await sessions.resume(cookieValue: cookie) {
            context.session = resumed.session
            context.user = resumed.user
            context.flash = resumed.flash
            context.csrfSecret = resumed.session.csrfSecret
            context.logger[metadataKey: "user"] = .string(resumed.user.name)
        } else if let secret = Self.loginSecret(request) {
            context.csrfSecret = secret
        }
        let staleCookie = cookie != nil && context.session == nil

        guard context.session != nil || Self.isPublic(request.path) else {
            if request.path.hasPrefix("/api/") {
                throw HTTPError(.unauthorized, message: "Sign in first.")
            }
            let wanted = request.method == .get || request.method == .head ? request.target : nil
            var response = Redirect.to(.login(next: wanted.flatMap { RedirectTarget.isSafe($0) ? $0 : nil }))
            if staleCookie { response.headers.add("Set-Cookie", Cookies.delete(Cookies.session)) }
            return response
        }
        var response = try await next(request, context)
        if context.session != nil { response.headers.set("Cache-Control", "no-store") }
        if staleCookie, !response.headers.values("Set-Cookie").contains(where: { $0.hasPrefix(Cookies.session + "=") }) {
            response.headers.add("Set-Cookie", Cookies.delete(Cookies.session))
        }
        return response
    }

    /// The sign-in form's CSRF secret from the pre-session cookie, if valid.
    static func loginSecret(_ request: HTTPRequest) -> [UInt8]? {
        guard let value = Cookies.value(Cookies.login, in: request.headers), let secret = Base64URL.decode(value),
              secret.count == CSRFToken.secretLength
        else { return nil }
        return secret
    }

    static func isPublic(_ path: String) -> Bool {
        path == healthzPath || path == loginPath || path.hasPrefix("/static/")
    }

    // Built once: filling the route templates cost ~4% of a /healthz request.
    private static let healthzPath = SiteURL.healthz.path
    private static let loginPath = SiteURL.login(next: nil).path
}
