public import HTTPServer

/// An error that maps directly to a response status.
///
/// `message` is safe to show to the user; it must never carry internal
/// details. Anything that is not an `HTTPError` (or does not conform to
/// `HTTPResponseError`) becomes a generic 500 whose details go only to the log.
public struct HTTPError: Error, Sendable, Equatable, HTTPResponseError {
    public var status: HTTPStatus
    public var message: String
    /// Extra headers for the error response (`Allow` on 405, `Retry-After` on 429).
    public var headers: HTTPHeaders

    public init(_ status: HTTPStatus, message: String? = nil, headers: HTTPHeaders = HTTPHeaders()) {
        self.status = status
        self.message = message ?? status.reason
        self.headers = headers
    }
}

/// An error type that knows which status and user-facing message it maps to.
public protocol HTTPResponseError: Error {
    var status: HTTPStatus { get }
    /// Text safe to show a user.
    var message: String { get }
    var headers: HTTPHeaders { get }
}
