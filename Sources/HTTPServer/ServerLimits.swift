/// Size and count limits the server enforces on every connection.
public struct ServerLimits: Sendable, Equatable {
    /// Longest request line accepted; longer → 414.
    public var maxRequestLineBytes: Int
    /// Largest header section (all field lines, CRLFs included); larger → 431.
    public var maxHeaderBytes: Int
    /// Longest single header or trailer field line (CRLF excluded); longer →
    /// 431. 8 KiB is nginx's and Apache's per-line limit: one huge field is
    /// refused even when the section as a whole is under ``maxHeaderBytes``.
    public var maxHeaderFieldBytes: Int
    /// Most header fields accepted; more → 431.
    public var maxHeaderCount: Int
    /// Largest request body; larger → 413, refused before it is read. The
    /// ceiling for ``ServerConfiguration/bodyLimit``, which may only lower it.
    public var maxBodyBytes: Int
    /// Most connections open at once; further connections are closed at accept.
    public var maxConnections: Int
    /// Most connections open at once from one client address; further ones
    /// from that address are closed at accept, so one host cannot take every
    /// slot of ``maxConnections`` (behind a reverse proxy every connection
    /// comes from the proxy: raise this to ``maxConnections`` there).
    public var maxConnectionsPerAddress: Int
    /// Most bytes discarded while lingering before close after an error.
    public var maxLingerBytes: Int

    /// Creates limits; the defaults follow nginx/h2o practice.
    public init(
        maxRequestLineBytes: Int = 8 * 1024,
        maxHeaderBytes: Int = 32 * 1024,
        maxHeaderFieldBytes: Int = 8 * 1024,
        maxHeaderCount: Int = 100,
        maxBodyBytes: Int = 1024 * 1024,
        maxConnections: Int = 10_000,
        maxConnectionsPerAddress: Int = 64,
        maxLingerBytes: Int = 1024 * 1024
    ) {
        self.maxRequestLineBytes = maxRequestLineBytes
        self.maxHeaderBytes = maxHeaderBytes
        self.maxHeaderFieldBytes = maxHeaderFieldBytes
        self.maxHeaderCount = maxHeaderCount
        self.maxBodyBytes = maxBodyBytes
        self.maxConnections = maxConnections
        self.maxConnectionsPerAddress = maxConnectionsPerAddress
        self.maxLingerBytes = maxLingerBytes
    }
}
