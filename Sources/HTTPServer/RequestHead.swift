/// A validated request head, as the parser hands it on.
public struct RequestHead: Sendable, Equatable {
    /// The method; only ``HTTPMethod`` cases get this far (others are 501).
    public var method: HTTPMethod
    /// The request target exactly as received (origin-form, or `*`).
    public var target: String
    /// `HTTP/1.0` or `HTTP/1.1` (others are 505).
    public var version: HTTPVersion
    /// The header fields in arrival order, values trimmed of surrounding whitespace.
    public var headers: HTTPHeaders
    /// How the body that follows is delimited.
    public var framing: BodyFraming
    /// Whether the client asked to keep the connection open afterwards
    /// (HTTP/1.1 unless `Connection: close`; HTTP/1.0 only with `keep-alive`).
    public var keepAlive: Bool
    /// Whether the client sent `Expect: 100-continue` (HTTP/1.1 only).
    public var expectsContinue: Bool

    /// Creates a head; the parser is the usual source of these.
    public init(
        method: HTTPMethod, target: String, version: HTTPVersion, headers: HTTPHeaders,
        framing: BodyFraming, keepAlive: Bool, expectsContinue: Bool
    ) {
        self.method = method
        self.target = target
        self.version = version
        self.headers = headers
        self.framing = framing
        self.keepAlive = keepAlive
        self.expectsContinue = expectsContinue
    }
}

/// How a request body is delimited on the wire.
public enum BodyFraming: Sendable, Equatable {
    /// No body.
    case none
    /// Exactly this many bytes (`Content-Length`, greater than zero).
    case length(Int)
    /// `Transfer-Encoding: chunked`.
    case chunked
}

/// One step of parsing, as returned by ``RequestParser/next()``.
public enum ParserEvent: Sendable, Equatable {
    /// More bytes are needed before anything else can be said.
    case needMore
    /// A complete, valid request head.
    case head(RequestHead)
    /// Some body bytes (already de-chunked).
    case body([UInt8])
    /// The current request's body is complete.
    case end
    /// The input is not acceptable; answer with this status and close.
    case error(HTTPStatus)
}
