public import HTTPServer

/// Maps (method, path) to handlers. Patterns are literal segments and
/// `:name` captures, e.g. `/projects/:pid/rooms/:room`; a final `*rest`
/// captures the remainder. Captured segments are percent-decoded; a segment
/// that does not decode to valid UTF-8 makes the route not match (404).
///
/// Unknown path → 404; known path, other method → 405 with `Allow`.
/// `HEAD` is served by the `GET` handler (the server drops the body).
public struct Router<Context: RequestContext>: Sendable {
    private var routes: [RouteTable.Route] = []
    /// The handler of each route, in the same order.
    private var handlers: [Responder<Context>] = []

    public init() {}

    /// Registers a handler for `method` on `pattern`.
    public mutating func on(
        _ method: HTTPMethod,
        _ pattern: String,
        use handler: @escaping Responder<Context>
    ) {
        routes.append(RouteTable.Route(method: method, pattern: pattern))
        handlers.append(handler)
    }

    /// Every registered (method, pattern), in registration order: lets a test
    /// check a rule over the real route table instead of a hand-kept list.
    public var table: [(method: HTTPMethod, pattern: String)] {
        routes.map { ($0.method, $0.pattern) }
    }

    public mutating func get(_ pattern: String, use handler: @escaping Responder<Context>) {
        on(.get, pattern, use: handler)
    }

    public mutating func post(_ pattern: String, use handler: @escaping Responder<Context>) {
        on(.post, pattern, use: handler)
    }

    public mutating func put(_ pattern: String, use handler: @escaping Responder<Context>) {
        on(.put, pattern, use: handler)
    }

    public mutating func delete(_ pattern: String, use handler: @escaping Responder<Context>) {
        on(.delete, pattern, use: handler)
    }

    /// The responder that dispatches to the registered routes, on the route
    /// in the context (see ``MatchedRoute``), found here when not yet found.
    public func responder() -> Responder<Context> {
        compiled().endpoint
    }

    /// The route a request reaches, and the responder dispatching on it:
    /// what ``Application`` runs.
    func compiled() -> (match: @Sendable (HTTPRequest) -> MatchedRoute, endpoint: Responder<Context>) {
        let table = RouteTable(routes)
        let handlers = self.handlers
        let match: @Sendable (HTTPRequest) -> MatchedRoute = { request in
            MatchedRoute(table.resolve(path: request.path, method: request.method), in: table)
        }
        let endpoint: Responder<Context> = { request, context in
            switch context.route.resolution ?? table.resolve(path: request.path, method: request.method) {
            case .found(let index, let parameters):
                var context = context
                context.parameters = parameters
                return try await handlers[index](request, context)
            case .notFound:
                throw HTTPError(.notFound, message: "There is no page at this address.")
            case .methodNotAllowed(let allowed, _):
                var names = Set(allowed.map(\.rawValue))
                if names.contains("GET") { names.insert("HEAD") }
                var headers = HTTPHeaders()
                headers.set("Allow", names.sorted().joined(separator: ", "))
                throw HTTPError(.methodNotAllowed, message: "This address does not accept \(request.method.rawValue).",
                                headers: headers)
            }
        }
        return (match, endpoint)
    }
}
