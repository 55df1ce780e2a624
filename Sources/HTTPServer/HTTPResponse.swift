/// A response a responder returns. The server adds `Content-Length`, `Date`
/// and `Connection` framing itself; a responder must not set
/// `Transfer-Encoding` or `Content-Length`.
public struct HTTPResponse: Sendable {
    public var status: HTTPStatus
    public var headers: HTTPHeaders
    public var body: [UInt8]
    /// A body sent while it is produced (``HTTPBodyStream``); when set,
    /// `body` is ignored and `Content-Length` is the stream's length.
    public var bodyStream: HTTPBodyStream?

    public init(status: HTTPStatus = .ok, headers: HTTPHeaders = HTTPHeaders(), body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// A response whose body is streamed from `stream` as it is sent.
    public init(status: HTTPStatus = .ok, headers: HTTPHeaders = HTTPHeaders(), stream: HTTPBodyStream) {
        self.status = status
        self.headers = headers
        self.body = []
        self.bodyStream = stream
    }

    /// A response with a UTF-8 text body and the given content type.
    public init(status: HTTPStatus = .ok, contentType: String, text: String) {
        var headers = HTTPHeaders()
        headers.set("Content-Type", contentType)
        self.init(status: status, headers: headers, body: Array(text.utf8))
    }
}

/// What the server calls for each complete request.
///
/// Returning a response never fails: a responder turns its own errors into
/// responses (the HTTPApp layer does this in one error middleware).
public protocol HTTPResponder: Sendable {
    nonisolated(nonsending) func respond(to request: HTTPRequest) async -> HTTPResponse
}
