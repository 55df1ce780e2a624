/// Picks the largest body the server reads for one request, from its
/// validated head, before a byte of the body is read: a `Content-Length`
/// above it gets 413 at once, a chunked body 413 at the first chunk that
/// would cross it. The result is clamped to ``ServerLimits/maxBodyBytes``
/// (and to zero below), so a policy can only lower the server's limit.
///
/// Runs on the connection's queue for every request: keep it cheap and
/// synchronous (look at the path and headers, not at a database).
public typealias BodyLimitPolicy = @Sendable (RequestHead) -> Int
