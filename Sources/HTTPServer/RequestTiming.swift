/// Where one request's time went on its connection, for metrics and for
/// finding tail latency: reported once its response is completely written.
///
/// Instants come from the server's clock. Read as spans:
/// - parse: ``received`` → ``dispatched`` (the head and body were complete)
/// - queue wait: ``dispatched`` → ``responderStarted`` (the task waited for a thread)
/// - responder: ``responderStarted`` → ``responderFinished``
/// - hand back: ``responderFinished`` → ``serialized`` (back on the connection's queue, bytes built)
/// - write: ``serialized`` → ``written`` (the last byte left for the socket)
public struct RequestTiming: Sendable {
    /// The request's method and path (percent-encoded, no query).
    public var method: HTTPMethod
    public var path: String
    /// The status sent.
    public var status: HTTPStatus
    /// Bytes of the response handed to the socket (or TLS), head included.
    public var responseBytes: Int
    /// Whether the connection is TLS.
    public var isSecure: Bool
    /// When the read that completed the request was handled (for a
    /// pipelined request: when the previous response was written).
    public var received: ContinuousClock.Instant
    public var dispatched: ContinuousClock.Instant
    public var responderStarted: ContinuousClock.Instant
    public var responderFinished: ContinuousClock.Instant
    public var serialized: ContinuousClock.Instant
    public var written: ContinuousClock.Instant
}
