/// Size and count limits the server enforces on every connection.
public struct ServerLimits: Sendable, Equatable {
    /// Longest request line accepted; longer → 414.
    public var maxRequestLineBytes: Int
    /// Largest header section (all field lines, CRLFs included); larger → 431.
    public var maxHeaderBytes: Int
    /// Most header fields accepted; more → 431.
    public var maxHeaderCount: Int
    /// Largest request body; larger → 413, refused before it is read.
    public var maxBodyBytes: Int
    /// Most connections open at once; further connections are closed at accept.
    public var maxConnections: Int
    /// Most bytes discarded while lingering before close after an error.
    public var maxLingerBytes: Int

    /// Creates limits; the defaults follow nginx/h2o practice.
    public init(
        maxRequestLineBytes: Int = 8 * 1024,
        maxHeaderBytes: Int = 32 * 1024,
        maxHeaderCount: Int = 100,
        maxBodyBytes: Int = 1024 * 1024,
        maxConnections: Int = 10_000,
        maxLingerBytes: Int = 1024 * 1024
    ) {
        self.maxRequestLineBytes = maxRequestLineBytes
        self.maxHeaderBytes = maxHeaderBytes
        self.maxHeaderCount = maxHeaderCount
        self.maxBodyBytes = maxBodyBytes
        self.maxConnections = maxConnections
        self.maxLingerBytes = maxLingerBytes
    }
}
