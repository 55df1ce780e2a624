public import GrantModel

/// What went wrong talking to the accounts API. Statuses are mapped as the
/// spec says (400, 403, 404, 409, ≥500, anything else); transport failures
/// and malformed answers have their own cases. Every case knows the request
/// (method and path, never the token) it belongs to.
public enum UpstreamError: Error, Sendable, Hashable {
    /// 400: the upstream rejected the request's content.
    case validation(UpstreamFailure)
    /// 403: the token may not do this.
    case permissionDenied(UpstreamFailure)
    /// 404.
    case notFound(UpstreamFailure)
    /// 409: e.g. a room of that name exists.
    case conflict(UpstreamFailure)
    /// 500 and above.
    case server(UpstreamFailure)
    /// Any other non-2xx status (401, 422, 429, an unexpected 3xx...).
    case other(UpstreamFailure)
    /// No connection could be made (refused, unknown host), after any retries.
    case unreachable(UpstreamRequestDescription)
    /// The call did not finish within its deadline.
    case timeout(UpstreamRequestDescription)
    /// The connection broke mid-answer (reset, truncated body, TLS failure).
    case connectionLost(UpstreamRequestDescription)
    /// A 2xx answer without the documented shape; `problem` names the field.
    case invalidPayload(UpstreamRequestDescription, problem: PayloadError)
    /// The answer exceeded the size cap; reading stopped there.
    case tooLarge(UpstreamRequestDescription, limit: Int)
    /// The upstream redirected to another host or from https to http.
    case redirectRefused(UpstreamRequestDescription)
    /// The upstream URL is not a usable http(s) URL.
    case invalidURL(UpstreamRequestDescription)
    /// The caller went away (task cancelled).
    case cancelled(UpstreamRequestDescription)
}

/// The request an error belongs to: method and path (with query), never headers.
public struct UpstreamRequestDescription: Sendable, Hashable, CustomStringConvertible {
    public var method: String
    public var path: String

    public init(method: String, path: String) {
        self.method = method
        self.path = path
    }

    public var description: String { "\(method) \(path)" }
}

/// A non-2xx answer: status, the request, and the upstream's own message.
public struct UpstreamFailure: Sendable, Hashable {
    public var status: Int
    public var request: UpstreamRequestDescription
    /// The upstream's message (its `detail`/`message`/`error`, or the start of
    /// the body), cleaned of control characters and shortened.
    public var message: String
    /// The answer's `Retry-After` (seconds or an HTTP date), when it sent a
    /// well-formed one: a 429 or 503 says when to come back.
    public var retryAfter: String?

    public init(status: Int, request: UpstreamRequestDescription, message: String, retryAfter: String? = nil) {
        self.status = status
        self.request = request
        self.message = message
        self.retryAfter = retryAfter
    }

    public var method: String { request.method }
    public var path: String { request.path }
}
