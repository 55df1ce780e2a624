/// The route a request reaches, found once per request by ``Application``
/// before the pipeline runs: the router dispatches on it, and the metrics
/// name it. Finding it twice (the router, then the metrics for their route
/// label) split every path and decoded its captures twice.
public struct MatchedRoute: Sendable {
    /// nil until found: a context made outside an ``Application`` (a test
    /// calling the router directly) has the router find it.
    let resolution: RouteTable.Resolution?
    /// The pattern of the route reached (e.g. `/projects/:pid`), or of the
    /// first route matching the path when its method is another; nil when
    /// no route matches the path, or the route is not found yet.
    public let pattern: String?

    /// Not found yet.
    public init() {
        resolution = nil
        pattern = nil
    }

    init(_ resolution: RouteTable.Resolution, in table: RouteTable) {
        self.resolution = resolution
        switch resolution {
        case .found(let index, _): pattern = table.routes[index].pattern
        case .methodNotAllowed(_, let first): pattern = first
        case .notFound: pattern = nil
        }
    }
}
