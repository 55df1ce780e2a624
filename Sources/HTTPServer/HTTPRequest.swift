/// A complete request as the server hands it to a responder: head parsed and
/// validated, body fully read (within the configured limit) and de-chunked,
/// or for a streamed route arriving in ``bodyStream``.
public struct HTTPRequest: Sendable {
    public var method: HTTPMethod
    /// The request target exactly as received, e.g. `/a%20b/c?x=1`.
    public var target: String
    /// The path part of the target, still percent-encoded, e.g. `/a%20b/c`.
    public var path: String
    /// The query without the leading `?`; empty when there is none.
    public var query: String
    public var version: HTTPVersion
    public var headers: HTTPHeaders
    public var body: [UInt8]
    /// For a route whose body is streamed (``ServerConfiguration/streamedBody``):
    /// the body as it arrives, `body` then being empty. Nil otherwise.
    public var bodyStream: HTTPRequestBody?
    /// Where the request came from and how.
    public var connection: ConnectionInfo

    public init(
        method: HTTPMethod,
        target: String,
        version: HTTPVersion = .http11,
        headers: HTTPHeaders = HTTPHeaders(),
        body: [UInt8] = [],
        connection: ConnectionInfo = ConnectionInfo()
    ) {
        self.method = method
        self.target = target
        if let mark = target.firstIndex(ofASCII: UInt8(ascii: "?")) {
            self.path = String(target[..<mark])
            self.query = String(target[target.index(after: mark)...])
        } else {
            self.path = target
            self.query = ""
        }
        self.version = version
        self.headers = headers
        self.body = body
        self.connection = connection
    }
}

/// Facts about the connection a request arrived on.
public struct ConnectionInfo: Sendable, Hashable {
    /// The peer's address as text (`127.0.0.1`, `::1`), or empty when unknown.
    public var remoteAddress: String
    /// Whether the request arrived over TLS.
    public var isSecure: Bool
    /// A per-connection number, for logs.
    public var id: UInt64

    public init(remoteAddress: String = "", isSecure: Bool = false, id: UInt64 = 0) {
        self.remoteAddress = remoteAddress
        self.isSecure = isSecure
        self.id = id
    }
}
