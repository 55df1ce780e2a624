import HTTPApp
import HTTPServer

/// Sign-in through the identity provider: the authorization-code flow with
/// PKCE, `state` and `nonce`, each sign-in bound to the browser that started
/// it by a short-lived cookie.
struct SingleSignOnController: ConsoleController {
    static let templates = ["no-access"]

    /// The model of `no-access.mustache`.
    struct NoAccessPage: Sendable {
        var who: String
        var provider: String
        var groups: String
    }

    /// The cookie binding a sign-in in progress to this browser.
    static let cookie = "__Host-grantdesk-sso"

    let services: ConsoleServices
    let sso: SingleSignOn

    func register(on router: inout Router<ConsoleContext>) {
        router.get(.ssoStart) { request, context in try await start(request, context) }
        router.get(.ssoCallback) { request, context in try await callback(request, context) }
    }

    private func start(_ request: HTTPRequest, _ context: ConsoleContext) async throws -> HTTPResponse {
        let next = try URLEncodedForm(query: request)["next"].flatMap { RedirectTarget.isSafe($0) ? $0 : nil }
        let (state, browser, pending) = try await sso.pending.start(next: next)
        let location: String
        do {
            location = try await sso.client.authorizationURL(state: state, nonce: pending.nonce,
                                                             codeVerifier: pending.codeVerifier,
                                                             redirectURI: sso.redirectURI(request))
        } catch {
            context.logger.error("single sign-on unavailable", metadata: ["error": "\(error)"])
            throw HTTPError(.badGateway, message: "Sign-in with \(sso.settings.displayName) is unavailable: \(error). Nothing was changed.")
        }
        var response = Redirect.to(path: location)
        response.headers.add("Set-Cookie", Cookies.setCookie(Self.cookie, value: browser,
                                                             maxAge: Int(PendingSignInStore.lifetime)))
        return response
    }

    private func callback(_ request: HTTPRequest, _ context: ConsoleContext) async throws -> HTTPResponse {
        let query = try URLEncodedForm(query: request)
        // Consumed first, whatever follows: a state works once.
        let found = try await query["state"].asyncFlatMap { state in
            try await sso.pending.finish(state: state, browser: Cookies.value(Self.cookie, in: request.headers))
        }
        guard let pending = found else {
            context.logger.notice("single sign-on refused: unknown state", metadata: ["client": "\(context.clientAddress)"])
            throw HTTPError(.badRequest, message: "This sign-in response does not belong to a sign-in started in this "
                + "browser, has expired or was already used. Nothing was changed; sign in again.")
        }
        if let error = query["error"] {
            let detail = String(error.prefix(80))
            context.logger.notice("single sign-on refused by the provider", metadata: ["error": "\(detail)"])
            throw HTTPError(.unauthorized, message: "\(sso.settings.displayName) did not sign you in (\(detail)).")
        }
        guard let code = query["code"], !code.isEmpty, code.utf8.count <= 2048 else {
            throw HTTPError(.badRequest, message: "The sign-in response has no authorization code. Sign in again.")
        }
        let claims: IDTokenClaims
        let idToken: String
        do {
            idToken = try await sso.client.exchange(code: code, codeVerifier: pending.codeVerifier,
                                                        redirectURI: sso.redirectURI(request))
            claims = try await sso.client.verifier().verify(idToken, nonce: pending.nonce)
        } catch {
            context.logger.warning("single sign-on failed", metadata: ["error": "\(error)"])
            switch error {
            case .providerUnavailable, .invalidProviderData:
                throw HTTPError(.badGateway, message: "Sign-in failed: \(error). Nothing was changed.")
            case .invalidToken, .invalidState, .refusedByProvider:
                throw HTTPError(.unauthorized, message: "Sign-in refused: \(error).")
            }
        }
        // Any earlier session in this browser ends here, whatever the outcome.
        if let old = context.session { try await services.sessions.delete(old) }
        guard let role = sso.settings.role(forGroups: claims.groups) else {
            try await sso.users.revoke(claims)
            context.logger.notice("single sign-on: no access", metadata: ["subject": "\(claims.subject)"])
            return noAccess(claims, context)
        }
        let user = try await sso.users.signIn(claims, role: role)
        let (cookieValue, session) = try await services.sessions.create(userName: user.name)
        try await sso.users.remember(idToken: idToken, session: session,
                                     keepFor: services.sessions.policy.absoluteTimeout)
        context.logger.info("signed in", metadata: ["user": "\(user.name)", "role": "\(role.rawValue)",
                                                    "subject": "\(claims.subject)"])
        var response = Redirect.to(path: RedirectTarget.safe(pending.next))
        response.headers.add("Set-Cookie", Cookies.setCookie(Cookies.session, value: cookieValue))
        response.headers.add("Set-Cookie", Cookies.delete(Self.cookie))
        response.headers.add("Set-Cookie", Cookies.delete(Cookies.login))
        return response
    }

    private func noAccess(_ claims: IDTokenClaims, _ context: ConsoleContext) -> HTTPResponse {
        let groups = (sso.settings.adminGroups + sso.settings.reviewerGroups).joined(separator: ", ")
        let page = NoAccessPage(who: claims.email ?? claims.name ?? claims.subject, provider: sso.settings.displayName,
                                groups: groups)
        var context = context
        context.session = nil
        context.user = nil
        var response = services.renderer.page("no-access", page, chrome: context.chrome(title: "No access"),
                                              status: .forbidden)
        response.headers.add("Set-Cookie", Cookies.delete(Self.cookie))
        response.headers.add("Set-Cookie", Cookies.delete(Cookies.session))
        return response
    }
}

extension Optional where Wrapped: Sendable {
    fileprivate func asyncFlatMap<T>(_ transform: (Wrapped) async throws -> T?) async rethrows -> T? {
        guard let value = self else { return nil }
        return try await transform(value)
    }
}
