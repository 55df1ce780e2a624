public import HTTPApp
import Logging

/// Assembles the console: the middleware stack (in one place) around the
/// router with every controller's routes.
public enum ConsoleApplication {
    /// The responder for the server. `extraControllers` lets tests add routes.
    public static func make(services: ConsoleServices,
                            extraControllers: [any ConsoleController] = []) throws -> Application<ConsoleContext> {
        let controllers = Controllers.all(services: services) + extraControllers
        try services.renderer.requireTemplates(Set(controllers.flatMap { type(of: $0).templates }))
        var router = Router<ConsoleContext>()
        for controller in controllers { controller.register(on: &router) }
        return Application(router: router, middleware: middleware(services: services), logger: services.logger)
    }

    /// Outermost first.
    static func middleware(services: ConsoleServices) -> [any Middleware<ConsoleContext>] {
        [
            ConsoleErrorMiddleware(renderer: services.renderer),
            AuthMiddleware(sessions: services.sessions),
            ConsoleErrorMiddleware(renderer: services.renderer),
            RoleMiddleware(audit: services.audit),
            CSRFMiddleware(),
        ]
    }
}
