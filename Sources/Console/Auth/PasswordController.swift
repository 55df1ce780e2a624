import HTTPApp
import HTTPServer

/// The signed-in user's change-password page. Every page leads here while
/// the user must change a generated password (see `AuthMiddleware`); the
/// form carries `next`, so the user then lands on the page first asked for.
struct PasswordController: ConsoleController {
    static let templates = ["change-password"]

    /// The model of `change-password.mustache`.
    struct ChangePasswordPage: Sendable {
        var action: String
        var next: String?
        var error: String?
        /// The password was generated and must be changed before anything else.
        var required: Bool
        var minimumLength: Int
    }

    let services: ConsoleServices

    func register(on router: inout Router<ConsoleContext>) {
        router.get(.changePassword) { request, context in
            form(context, next: try URLEncodedForm(query: request)["next"], error: nil, status: .ok)
        }
        router.post(.changePassword) { request, context in try await change(request, context) }
    }

    private func change(_ request: HTTPRequest, _ context: ConsoleContext) async throws -> HTTPResponse {
        guard let user = context.user else { throw HTTPError(.forbidden, message: "Please sign in.") }
        let form = try URLEncodedForm(body: request)
        let next = form["next"]
        let password = String((form["password"] ?? "").prefix(1024))
        guard password == String((form["password_again"] ?? "").prefix(1024)) else {
            return self.form(context, next: next, error: "The two passwords differ.", status: .badRequest)
        }
        do {
            try await services.users.changeOwnPassword(name: user.name, to: password)
        } catch let failure as UserStore.Failure {
            return self.form(context, next: next, error: failure.description, status: .badRequest)
        } catch is PasswordQueue.Busy {
            var response = self.form(context, next: next, error: "Too many sign-ins at once. Try again in a few seconds.",
                                     status: .tooManyRequests)
            response.headers.set("Retry-After", String(LoginController.busyRetryAfter))
            return response
        }
        // Changing the password ended every session of the user, this one
        // too; the browser gets a new one.
        let (cookieValue, session) = try await services.sessions.create(userName: user.name)
        try await services.sessions.setFlash(.success("Your password was changed."), for: session)
        context.logger.notice("password changed", metadata: ["user": "\(user.name)"])
        var response = Redirect.to(path: RedirectTarget.safe(next))
        response.headers.add("Set-Cookie", Cookies.setCookie(Cookies.session, value: cookieValue))
        return response
    }

    private func form(_ context: ConsoleContext, next: String?, error: String?, status: HTTPStatus) -> HTTPResponse {
        let page = ChangePasswordPage(action: SiteURL.changePassword(next: nil).path,
                                      next: next.flatMap { RedirectTarget.isSafe($0) ? $0 : nil }, error: error,
                                      required: context.user?.mustChangePassword ?? false,
                                      minimumLength: UserStore.minimumPasswordLength)
        return services.renderer.page("change-password", page, chrome: context.chrome(title: "Change password"),
                                      status: status)
    }
}
