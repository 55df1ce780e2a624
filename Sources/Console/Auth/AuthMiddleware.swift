import CryptoPrimitives
import HTTPApp
import HTTPServer
import Logging

/// Resumes the session from its cookie and sends signed-out visitors to the
/// sign-in page, remembering where they were going. Only `/healthz`,
/// `/login` and `/static/…` are open without a session. A user who must
/// change their password (a generated first-admin password) is led to the
/// change-password page from every other page, keeping the page asked for.
struct AuthMiddleware: Middleware {
    let sessions: SessionStore
    /// Single sign-on's users, whose provider identity the audit log records.
    var ssoUsers: SingleSignOnUsers?

    nonisolated(nonsending) func handle(_ request: HTTPRequest, context: ConsoleContext,
                next: Next<ConsoleContext>) async throws -> HTTPResponse {
        if let cookie = Cookies.value(Cookies.session, in: request.headers) {
            return try await resumingSession(cookie, request, context, next)
        }
        var context = context
        if let secret = Self.loginSecret(request) { context.csrfSecret = secret }
        guard Self.isPublic(request.path) else { return try Self.signInFirst(request, staleCookie: false) }
        return try await next(request, context)
    }

    /// A request with a session cookie. Its own function, so that the
    /// frame for a session's state is only made when there is a cookie:
    /// health checks, assets and the sign-in page have none.
    private nonisolated(nonsending) func resumingSession(_ cookie: String, _ request: HTTPRequest, _ context: ConsoleContext,
                                                         _ next: Next<ConsoleContext>) async throws -> HTTPResponse {
        var context = context
        if let resumed = try await sessions.resume(cookieValue: cookie) {
            context.session = resumed.session
            context.user = resumed.user
            if let ssoUsers { context.user?.identity = try await ssoUsers.identity(userName: resumed.user.name) }
            context.flash = resumed.flash
            context.csrfSecret = resumed.session.csrfSecret
            context.logger[metadataKey: "user"] = .string(resumed.user.name)
        } else if let secret = Self.loginSecret(request) {
            context.csrfSecret = secret
        }
        let staleCookie = context.session == nil
        guard !staleCookie || Self.isPublic(request.path) else { return try Self.signInFirst(request, staleCookie: true) }
        if let user = context.user, user.mustChangePassword, !Self.isOpenBeforePasswordChange(request.path) {
            if (request.method == .get || request.method == .head) && !request.path.hasPrefix("/api/") {
                let wanted = RedirectTarget.isSafe(request.target) ? request.target : nil
                return Redirect.to(.changePassword(next: wanted))
            }
            throw HTTPError(.forbidden, message: "Change your password first. Nothing was changed.")
        }
        var response = try await next(request, context)
        if context.session != nil { response.headers.set("Cache-Control", "no-store") }
        if staleCookie, !response.headers.values("Set-Cookie").contains(where: { $0.hasPrefix(Cookies.session + "=") }) {
            response.headers.add("Set-Cookie", Cookies.delete(Cookies.session))
        }
        return response
    }

    /// A page that needs a session, asked for without one: the sign-in page,
    /// coming back here afterwards (API calls get a 401 instead).
    private static func signInFirst(_ request: HTTPRequest, staleCookie: Bool) throws -> HTTPResponse {
        if request.path.hasPrefix("/api/") {
            throw HTTPError(.unauthorized, message: "Sign in first.")
        }
        let wanted = request.method == .get || request.method == .head ? request.target : nil
        var response = Redirect.to(.login(next: wanted.flatMap { RedirectTarget.isSafe($0) ? $0 : nil }))
        if staleCookie { response.headers.add("Set-Cookie", Cookies.delete(Cookies.session)) }
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
        path == healthzPath || path == readyzPath || path == metricsPath || path == loginPath
            || path == ssoStartPath || path == ssoCallbackPath
            || path.hasPrefix("/static/")
    }

    static func isOpenBeforePasswordChange(_ path: String) -> Bool {
        path == changePasswordPath || path == logoutPath || isPublic(path)
    }

    // Built once: filling the route templates cost ~4% of a /healthz request.
    private static let changePasswordPath = SiteURL.changePassword(next: nil).path
    private static let logoutPath = SiteURL.logout.path
    private static let healthzPath = SiteURL.healthz.path
    private static let readyzPath = SiteURL.readyz.path
    private static let metricsPath = SiteURL.metrics.path
    private static let loginPath = SiteURL.login(next: nil).path
    private static let ssoStartPath = SiteURL.ssoStart(next: nil).path
    private static let ssoCallbackPath = SiteURL.ssoCallback.path
}
