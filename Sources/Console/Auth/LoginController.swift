import CryptoPrimitives
import HTTPApp
import HTTPServer

/// Sign-in and sign-out.
struct LoginController: ConsoleController {
    static let templates = ["login", "error"]

    /// The model of `login.mustache`.
    struct LoginPage: Sendable {
        var action: String
        var next: String?
        var username: String
        var error: String?
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
        let form = try URLEncodedForm(body: request)
        let username = String((form["username"] ?? "").prefix(128))
        let password = String((form["password"] ?? "").prefix(1024))
        let next = form["next"]
        let address = request.connection.remoteAddress
        if let wait = await services.throttle.retryAfter(account: username, address: address) {
            context.logger.notice("sign-in throttled", metadata: ["account": "\(username)"])
            var response = self.form(context, next: next, username: username,
                                     error: "Too many failed sign-ins. Try again in \(Int(wait)) seconds.",
                                     status: .tooManyRequests)
            response.headers.set("Retry-After", String(Int(wait)))
            return response
        }
        guard !username.isEmpty, !password.isEmpty,
              let user = try await services.users.authenticate(name: username, password: password)
        else {
            await services.throttle.recordFailure(account: username, address: address)
            context.logger.notice("sign-in failed", metadata: ["account": "\(username)"])
            return self.form(context, next: next, username: username,
                             error: "The user name or password is not correct.", status: .unauthorized)
        }
        await services.throttle.recordSuccess(account: user.name)
        // The old session (if any) ends here; the new one gets a new id.
        if let old = context.session { try await services.sessions.delete(old) }
        let (cookieValue, _) = try await services.sessions.create(userName: user.name)
        context.logger.info("signed in", metadata: ["user": "\(user.name)", "role": "\(user.role.rawValue)"])
        var response = Redirect.to(path: RedirectTarget.safe(next))
        response.headers.add("Set-Cookie", Cookies.setCookie(Cookies.session, value: cookieValue))
        response.headers.add("Set-Cookie", Cookies.delete(Cookies.login))
        return response
    }

    private func signOut(_ request: HTTPRequest, _ context: ConsoleContext) async throws -> HTTPResponse {
        if let session = context.session {
            try await services.sessions.delete(session)
            context.logger.info("signed out")
        }
        var response = Redirect.to(.login(next: nil))
        response.headers.add("Set-Cookie", Cookies.delete(Cookies.session))
        return response
    }

    private func form(_ context: ConsoleContext, next: String?, username: String, error: String?,
                      status: HTTPStatus) -> HTTPResponse {
        let safeNext = next.flatMap { RedirectTarget.isSafe($0) ? $0 : nil }
        let page = LoginPage(action: SiteURL.login(next: nil).path, next: safeNext, username: username, error: error)
        return services.renderer.page("login", page, chrome: context.chrome(title: "Sign in"), status: status)
    }
}
