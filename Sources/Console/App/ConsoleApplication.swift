public import HTTPApp
public import HTTPServer

/// Assembles the console: the middleware stack (in one place) around the
/// router with every controller's routes.
public enum ConsoleApplication {
    /// The responder for the server. `extraControllers` lets tests add routes.
    /// - Parameters:
    ///   - staticFiles: the assets of `Public/` served under `/static/`
    ///     without sign-in; nil serves none (tests).
    ///   - extraControllers: routes added after the feature controllers (tests).
    ///   - trustedProxies: whose `X-Forwarded-For` names the client.
    public static func make(services: ConsoleServices, staticFiles: StaticFiles<ConsoleContext>? = nil,
                            extraControllers: [any ConsoleController] = [],
                            trustedProxies: TrustedProxies = .none) throws -> Application<ConsoleContext> {
        let controllers = Controllers.all(services: services) + extraControllers
        try services.renderer.requireTemplates(Set(controllers.flatMap { type(of: $0).templates }))
        let router = router(for: controllers)
        return Application(router: router,
                           middleware: middleware(services: services, staticFiles: staticFiles),
                           logger: services.logger, trustedProxies: trustedProxies)
    }

    /// The router with every route of `controllers`, in their order.
    static func router(for controllers: [any ConsoleController]) -> Router<ConsoleContext> {
        var router = Router<ConsoleContext>()
        for controller in controllers { controller.register(on: &router) }
        return router
    }

    /// The whole stack, outermost first. Error handling sits twice: outside
    /// the auth middleware (so a failing session lookup still renders a
    /// page) and inside it (so error pages show the signed-in user's header).
    static func middleware(services: ConsoleServices, staticFiles: StaticFiles<ConsoleContext>?) -> [any Middleware<ConsoleContext>] {
        let errors = ErrorMiddleware<ConsoleContext>(render: ErrorPages(renderer: services.renderer).render)
        var stack: [any Middleware<ConsoleContext>] = [
            RequestLogMiddleware(),
            MetricsMiddleware(registry: services.metrics.registry),
            SecurityHeadersMiddleware(),
            // Safe for pages with CSRF tokens: tokens are masked per response.
            CompressionMiddleware(),
            errors,
        ]
        if let staticFiles { stack.append(staticFiles) }
        stack += [
            AuthMiddleware(sessions: services.sessions, ssoUsers: services.sso?.users),
            errors,
            UpstreamErrorMiddleware(),
            RoleMiddleware(audit: services.audit),
            CSRFMiddleware(audit: services.audit),
        ]
        return stack
    }

    /// The server's hook for errors it answers before a request exists.
    public static func serverErrorResponder(renderer: Renderer) -> @Sendable (HTTPStatus) -> HTTPResponse {
        let pages = ErrorPages(renderer: renderer)
        return { status in pages.serverError(status) }
    }
}
