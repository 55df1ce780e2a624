/// Deadlines and limits every request of an `HTTPClient` obeys.
public struct HTTPClientConfiguration: Sendable, Hashable {
    /// The deadline for establishing the connection (TCP and TLS), to the millisecond.
    public var connectTimeout: Duration
    /// The deadline for a whole call, redirects and retries included, to the millisecond.
    public var requestTimeout: Duration
    /// The largest response body accepted; reading stops once it is exceeded.
    public var maxResponseBytes: Int
    /// How often a read (GET) is repeated after a failed connect. Writes are never repeated.
    public var maxReadRetries: Int
    /// A PEM file of extra trust anchors (e.g. a self-signed upstream's
    /// certificate); nil uses the system's CA bundle only.
    public var trustedCertificatesPath: String?
    /// How many calls run at once; more wait for a free slot (their time
    /// counts against their deadline). Below the embedded API's 64
    /// connections per address, with room for a second replica's.
    public var maxConcurrentCalls: Int

    public init(
        connectTimeout: Duration = .seconds(3),
        requestTimeout: Duration = .seconds(10),
        maxResponseBytes: Int = 8 << 20,
        maxReadRetries: Int = 2,
        trustedCertificatesPath: String? = nil,
        maxConcurrentCalls: Int = 24
    ) {
        self.connectTimeout = connectTimeout
        self.requestTimeout = requestTimeout
        self.maxResponseBytes = maxResponseBytes
        self.maxReadRetries = maxReadRetries
        self.trustedCertificatesPath = trustedCertificatesPath
        self.maxConcurrentCalls = maxConcurrentCalls
    }
}
