public import HTTPServer
import URLText

/// Maps (method, path) to handlers. Patterns are literal segments and
/// `:name` captures, e.g. `/projects/:pid/rooms/:room`; a final `*rest`
/// captures the remainder. Captured segments are percent-decoded; a segment
/// that does not decode to valid UTF-8 makes the route not match (404).
///
/// Unknown path → 404; known path, other method → 405 with `Allow`.
/// `HEAD` is served by the `GET` handler (the server drops the body).
public struct Router<Context: RequestContext>: Sendable {
    private struct Route: Sendable {
        let method: HTTPMethod
        let pattern: String
        let segments: [Segment]
        let handler: Responder<Context>
    }

    private enum Segment: Sendable, Equatable {
        case literal(String)
        case capture(String)
        case rest(String)
    }

    private var routes: [Route] = []

    public init() {}

    /// Registers a handler for `method` on `pattern`.
    public mutating func on(
        _ method: HTTPMethod,
        _ pattern: String,
        use handler: @escaping Responder<Context>
    ) {
        let segments = pattern.split(separator: "/", omittingEmptySubsequences: true).map { raw -> Segment in
            if raw.hasPrefix(":") { return .capture(String(raw.dropFirst())) }
            if raw.hasPrefix("*") { return .rest(String(raw.dropFirst())) }
            return .literal(String(raw))
        }
        routes.append(Route(method: method, pattern: pattern, segments: segments, handler: handler))
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

    /// The responder that dispatches to the registered routes.
    public func responder() -> Responder<Context> {
        let routes = self.routes
        return { request, context in
            let pathSegments = request.path.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
            var allowed: [HTTPMethod] = []
            for route in routes {
                guard let parameters = Router.match(route.segments, pathSegments) else { continue }
                let method = request.method == .head ? HTTPMethod.get : request.method
                guard route.method == method else {
                    allowed.append(route.method)
                    continue
                }
                var context = context
                context.parameters = parameters
                return try await route.handler(request, context)
            }
            if allowed.isEmpty { throw HTTPError(.notFound, message: "There is no page at this address.") }
            var names = Set(allowed.map(\.rawValue))
            if names.contains("GET") { names.insert("HEAD") }
            var headers = HTTPHeaders()
            headers.set("Allow", names.sorted().joined(separator: ", "))
            throw HTTPError(.methodNotAllowed, message: "This address does not accept \(request.method.rawValue).", headers: headers)
        }
    }

    /// The pattern of the route a request would reach (e.g. `/projects/{pid}`),
    /// for metrics and logs that must not carry every distinct path; nil
    /// when no route matches the path.
    public func patternFinder() -> @Sendable (HTTPRequest) -> String? {
        let routes = self.routes
        return { request in
            let pathSegments = request.path.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
            let method = request.method == .head ? HTTPMethod.get : request.method
            var pathMatch: String?
            for route in routes where Router.match(route.segments, pathSegments) != nil {
                if route.method == method { return route.pattern }
                pathMatch = pathMatch ?? route.pattern
            }
            return pathMatch
        }
    }

    private static func match(_ pattern: [Segment], _ path: [String]) -> RouteParameters? {
        var parameters = RouteParameters()
        var index = 0
        for segment in pattern {
            switch segment {
            case .literal(let text):
                guard index < path.count, path[index] == text else { return nil }
                index += 1
            case .capture(let name):
                guard index < path.count, let decoded = path[index].percentDecoded() else { return nil }
                parameters[name] = decoded
                index += 1
            case .rest(let name):
                let remainder = path[index...].compactMap { $0.percentDecoded() }
                guard remainder.count == path.count - index else { return nil }
                parameters[name] = remainder.joined(separator: "/")
                index = path.count
            }
        }
        return index == path.count ? parameters : nil
    }
}
