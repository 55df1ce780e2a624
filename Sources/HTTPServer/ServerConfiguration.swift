public import Transport

/// Everything the server needs to know to listen and serve.
public struct ServerConfiguration: Sendable {
    /// The address to bind: an IPv4 or IPv6 literal, or `localhost`.
    public var host: String
    /// The port to bind; 0 picks an ephemeral port (read it from ``Server/start()``).
    public var port: Int
    /// TLS settings; nil serves plain HTTP.
    public var tls: TLSServerContext?
    /// Size and count limits (request line, headers, body, connections).
    public var limits: ServerLimits
    /// Header, body-rate, idle, write, TLS-handshake and linger deadlines.
    public var timeouts: ServerTimeouts
    /// Renders the server's own error responses (400, 408, 413, 414, 431,
    /// 501, 505) in the application's style; nil sends a short text body.
    public var errorResponse: (@Sendable (HTTPStatus) -> HTTPResponse)?
    /// Lowers the body limit per request, chosen from the head before the
    /// body is read (e.g. small bodies before sign-in); nil applies
    /// ``ServerLimits/maxBodyBytes`` to every request.
    public var bodyLimit: BodyLimitPolicy?
    /// Where the server counts connections and TLS handshakes (for metrics).
    public var statistics = ServerStatistics()
    /// Picks, from the validated head, the requests whose body the responder
    /// reads as it arrives (``HTTPRequest/bodyStream``) rather than whole:
    /// large uploads. Their limit is still ``bodyLimit``'s; nil streams none.
    public var streamedBody: (@Sendable (RequestHead) -> Bool)?

    /// Creates a configuration.
    public init(
        host: String = "127.0.0.1",
        port: Int = 8443,
        tls: TLSServerContext? = nil,
        limits: ServerLimits = .init(),
        timeouts: ServerTimeouts = .init(),
        errorResponse: (@Sendable (HTTPStatus) -> HTTPResponse)? = nil,
        bodyLimit: BodyLimitPolicy? = nil
    ) {
        self.host = host
        self.port = port
        self.tls = tls
        self.limits = limits
        self.timeouts = timeouts
        self.errorResponse = errorResponse
        self.bodyLimit = bodyLimit
    }
}
