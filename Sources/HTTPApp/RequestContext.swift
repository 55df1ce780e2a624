public import HTTPServer
public import Logging

/// The typed, per-request state that flows through middleware and handlers.
///
/// Each application defines its own context (the console's carries the
/// session and user); this protocol is what the router and the shared
/// middleware need from it.
public protocol RequestContext: Sendable {
    /// Creates the context for a request that just arrived.
    init(request: HTTPRequest, requestID: String, logger: Logger)
    /// A short random id, also sent back as `X-Request-Id` and logged.
    var requestID: String { get }
    /// A logger carrying `request.id` metadata.
    var logger: Logger { get set }
    /// The route the request reaches, set by `Application` before the
    /// pipeline runs.
    var route: MatchedRoute { get set }
    /// Path parameters of the matched route, percent-decoded.
    var parameters: RouteParameters { get set }
    /// The client's address: the socket's peer, or what trusted proxies
    /// reported in `X-Forwarded-For` (see `TrustedProxies`). Set by
    /// `Application` before the pipeline runs; throttles and logs use it.
    var clientAddress: String { get set }
}

/// The context for applications that need nothing beyond the basics.
public struct BasicRequestContext: RequestContext {
    public let requestID: String
    public var logger: Logger
    public var route = MatchedRoute()
    public var parameters = RouteParameters()
    public var clientAddress: String

    public init(request: HTTPRequest, requestID: String, logger: Logger) {
        self.requestID = requestID
        self.logger = logger
        self.clientAddress = request.connection.remoteAddress
    }
}
