/// Why an outbound request produced no usable response. HTTP error statuses
/// are not errors here: they come back as responses for the caller to map.
public enum HTTPClientError: Error, Sendable, Hashable {
    /// The URL could not be parsed or uses a scheme other than http/https.
    case invalidURL
    /// No connection could be made (refused, no route, unknown host).
    case unreachable
    /// The whole call or a silent stretch exceeded its deadline.
    case timeout
    /// The connection broke after it was made (reset, truncated body), or TLS
    /// failed (handshake, untrusted or mismatched certificate).
    case connectionLost
    /// The response body exceeded the configured cap; reading stopped there.
    case tooLarge(limit: Int)
    /// The server redirected to another host or from https to http.
    case redirectRefused(location: String)
    /// The caller's task was cancelled.
    case cancelled
}
