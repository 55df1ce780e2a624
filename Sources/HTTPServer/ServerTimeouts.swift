/// Deadlines the server enforces on every connection.
public struct ServerTimeouts: Sendable, Equatable {
    /// Whole request head must arrive within this time of its first byte
    /// (or of accept, for a new connection); otherwise 408 and close.
    public var header: Duration
    /// An idle keep-alive connection is closed after this long.
    public var idle: Duration
    /// Body bytes must keep arriving at ``minimumBodyBytesPerSecond`` once
    /// this grace period after the head has passed; otherwise 408 and close.
    public var bodyGrace: Duration
    /// The slowest acceptable body upload rate after the grace period.
    public var minimumBodyBytesPerSecond: Int
    /// The whole body must arrive within this time of the head, however
    /// fast it trickles: the minimum rate alone lets a large body at exactly
    /// that rate hold a connection for many minutes. Otherwise 408 and close.
    public var body: Duration
    /// A pending write that makes no progress for this long closes the connection.
    public var write: Duration
    /// The TLS handshake must finish within this time of accept.
    public var tlsHandshake: Duration
    /// After an error response, how long to keep discarding input before
    /// closing, so the peer reads the response instead of a reset.
    public var linger: Duration

    /// Creates timeouts; the defaults follow nginx's.
    public init(
        header: Duration = .seconds(10),
        idle: Duration = .seconds(10),
        bodyGrace: Duration = .seconds(5),
        minimumBodyBytesPerSecond: Int = 1024,
        body: Duration = .seconds(30),
        write: Duration = .seconds(30),
        tlsHandshake: Duration = .seconds(10),
        linger: Duration = .seconds(2)
    ) {
        self.header = header
        self.idle = idle
        self.bodyGrace = bodyGrace
        self.minimumBodyBytesPerSecond = minimumBodyBytesPerSecond
        self.body = body
        self.write = write
        self.tlsHandshake = tlsHandshake
        self.linger = linger
    }
}
