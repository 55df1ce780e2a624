import CryptoPrimitives
import HTTPApp
import HTTPServer

/// Sign-in and sign-out.
struct LoginController: ConsoleController {
    static let templates = ["login", "error", "signed-out"]

    /// The model of `login.mustache`.
    struct LoginPage: Sendable {
        var action: String
        var next: String?
        var username: String
        var error: String?
        /// The "Sign in with …" link, when single sign-on is configured.
        var sso: SingleSignOnLink?
        /// Whether the user-name-and-password form is offered.
        var localUsers: Bool
    }

    /// The model of `signed-out.mustache`: on to the provider's logout.
    struct SignedOutPage: Sendable {
        var provider: String
        var providerURL: String
    }

    /// The single sign-on button of the login page.
    struct SingleSignOnLink: Sendable {
        var url: String
        var label: String
    }

    let services: ConsoleServices

    func register(on router: inout Router<ConsoleContext>) {
        router.get(.login) { request, context in try await showForm(request, context) }
        router.post(.login) { request, context in try await signIn(request, context) }
        router.post(.logout) { request, context in try await signOut(request, context) }
    }

    private func showForm(_ request: HTTPRequest, _ context: ConsoleContext) async throws -> HTTPResponse {
        let next = try URLEncodedForm(query: request)["next"]
        if context.session != nil { return Redirect.to(path: RedirectTarget.safe(next)) }
        var context = context
        var newCookie: String?
        if context.csrfSecret == nil {
            let secret = CSRFToken.newSecret()
            context.csrfSecret = secret
            newCookie = Base64URL.encode(secret)
        }
        var response = form(context, next: next, username: "", error: nil, status: .ok)
        if let newCookie { response.headers.add("Set-Cookie", Cookies.setCookie(Cookies.login, value: newCookie)) }
        return response
    }

    private func signIn(_ request: HTTPRequest, _ context: ConsoleContext) async throws -> HTTPResponse {
        if let sso = services.sso, !sso.settings.localUsers {
            throw HTTPError(.forbidden, message: "Sign-in with a user name and password is turned off; sign in with \(sso.settings.displayName).")
        }
        let form = try URLEncodedForm(body: request)
        let username = String((form["username"] ?? "").prefix(128))
        let password = String((form["password"] ?? "").prefix(1024))
        let next = form["next"]
        let address = context.clientAddress
        // Counted before any hashing, so guesses sent at once count one by one.
        if let wait = try await services.throttle.admit(account: username, address: address) {
            context.logger.notice("sign-in throttled", metadata: ["account": "\(username)", "client": "\(address)"])
            return refusal(context, next: next, username: username, retryAfter: Int(wait),
                           error: "Too many failed sign-ins. Try again in \(Int(wait)) seconds.")
        }
        let user: ConsoleUser?
        do {
            user = username.isEmpty || password.isEmpty
                ? nil : try await services.users.authenticate(name: username, password: password)
        } catch is PasswordQueue.Busy {
            try await services.throttle.withdraw(account: username, address: address)
            context.logger.warning("sign-in refused: password hashing queue full", metadata: ["account": "\(username)"])
            return refusal(context, next: next, username: username, retryAfter: Self.busyRetryAfter,
                           error: "Too many sign-ins at once. Try again in a few seconds.")
        }
        guard let user else {
            context.logger.notice("sign-in failed", metadata: ["account": "\(username)", "client": "\(address)"])
            return self.form(context, next: next, username: username,
                             error: "The user name or password is not correct.", status: .unauthorized)
        }
        try await services.throttle.recordSuccess(account: username, address: address)
        // The old session (if any) ends here; the new one gets a new id.
        if let old = context.session { try await services.sessions.delete(old) }
        let (cookieValue, _) = try await services.sessions.create(userName: user.name)
        context.logger.info("signed in", metadata: ["user": "\(user.name)", "role": "\(user.role.rawValue)"])
        var response = Redirect.to(path: RedirectTarget.safe(next))
        response.headers.add("Set-Cookie", Cookies.setCookie(Cookies.session, value: cookieValue))
        response.headers.add("Set-Cookie", Cookies.delete(Cookies.login))
        return response
    }

    /// Seconds a sign-in refused for a full hashing queue is told to wait:
    /// the queue holds a few hashes of tenths of a second each.
    static let busyRetryAfter = 2

    /// The form again with 429 and `Retry-After`.
    private func refusal(_ context: ConsoleContext, next: String?, username: String, retryAfter: Int,
                         error: String) -> HTTPResponse {
        var response = form(context, next: next, username: username, error: error, status: .tooManyRequests)
        response.headers.set("Retry-After", String(retryAfter))
        return response
    }

    private func signOut(_ request: HTTPRequest, _ context: ConsoleContext) async throws -> HTTPResponse {
        var idToken: String?
        if let session = context.session {
            idToken = try await services.sso?.users.forget(session: session)
            try await services.sessions.delete(session)
            context.logger.info("signed out")
        }
        var response = Redirect.to(.login(next: nil))
        // A single sign-on user is signed out at the provider too, which sends them back to the login
        // page. Through a page that moves on by itself: CSP's form-action forbids the form's redirect
        // from leaving the site.
        if let sso = services.sso, context.user?.identity != nil,
           let endSession = await sso.client.endSessionURL(
               idToken: idToken, postLogoutRedirectURI: sso.baseURL(request) + SiteURL.login(next: nil).path) {
            var signedOut = context
            signedOut.user = nil
            signedOut.session = nil
            response = services.renderer.page("signed-out", SignedOutPage(provider: sso.settings.displayName,
                                                                         providerURL: endSession),
                                              chrome: signedOut.chrome(title: "Signed out"), status: .ok)
            response.headers.set("Cache-Control", "no-store")
        }
        response.headers.add("Set-Cookie", Cookies.delete(Cookies.session))
        return response
    }

    private func form(_ context: ConsoleContext, next: String?, username: String, error: String?,
                      status: HTTPStatus) -> HTTPResponse {
        let safeNext = next.flatMap { RedirectTarget.isSafe($0) ? $0 : nil }
        let sso = services.sso.map { sso in
            SingleSignOnLink(url: SiteURL.ssoStart(next: safeNext).path, label: "Sign in with \(sso.settings.displayName)")
        }
        let page = LoginPage(action: SiteURL.login(next: nil).path, next: safeNext, username: username, error: error,
                             sso: sso, localUsers: services.sso?.settings.localUsers ?? true)
        return services.renderer.page("login", page, chrome: context.chrome(title: "Sign in"), status: status)
    }
}
