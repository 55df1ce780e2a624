/// Deadlines and limits every request of an `HTTPClient` obeys.
public struct HTTPClientConfiguration: Sendable, Hashable {
    /// How long the connection may stay silent, the connect included.
    /// libcurl under URLSession counts this in whole seconds (rounded up, at least 1).
    public var connectTimeout: Duration
    /// The deadline for a whole call, retries included; enforced by us, to the millisecond.
    public var requestTimeout: Duration
    /// The largest response body accepted; reading stops once it is exceeded.
    public var maxResponseBytes: Int
    /// How often a read (GET) is repeated after a failed connect. Writes are never repeated.
    public var maxReadRetries: Int

    public init(
        connectTimeout: Duration = .seconds(3),
        requestTimeout: Duration = .seconds(10),
        maxResponseBytes: Int = 8 << 20,
        maxReadRetries: Int = 2
    ) {
        self.connectTimeout = connectTimeout
        self.requestTimeout = requestTimeout
        self.maxResponseBytes = maxResponseBytes
        self.maxReadRetries = maxReadRetries
    }
}

extension Duration {
    /// The duration in seconds as a floating-point number.
    var seconds: Double {
        let parts = components
        return Double(parts.seconds) + Double(parts.attoseconds) / 1e18
    }
}
