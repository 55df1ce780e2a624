/// A strict, incremental HTTP/1.1 request parser.
///
/// Feed bytes with ``feed(_:)`` and pull events with ``next()`` until it
/// says ``ParserEvent/needMore``. After ``ParserEvent/end`` the parser is
/// ready for the next request on the same connection; bytes already fed for
/// it stay buffered. After ``ParserEvent/error(_:)`` it only repeats that
/// error: the connection must be answered and closed.
///
/// Strictness is deliberate (see TESTING.md): every line must end in CRLF,
/// no obs-fold, no whitespace before a colon, no control bytes, exactly one
/// valid `Host` on HTTP/1.1, `Content-Length` digits only and at most once,
/// `Transfer-Encoding` only as a lone `chunked` on HTTP/1.1 and never with
/// `Content-Length`.
public struct RequestParser: Sendable {
    enum State: Sendable {
        case requestLine
        case headerFields(PartialHead)
        case body(remaining: Int)
        case chunkSize
        case chunkData(remaining: Int)
        case chunkDataEnd
        case trailers(count: Int, bytes: Int)
        case failed(HTTPStatus)
    }

    /// The request line and fields read so far.
    struct PartialHead: Sendable {
        var method: HTTPMethod
        var target: String
        var version: HTTPVersion
        var headers = HTTPHeaders()
        var headerBytes = 0
    }

    /// Longest chunk-size line (size plus extensions) accepted.
    static let maxChunkLineBytes = 4096

    let limits: ServerLimits
    /// Chooses each request's body limit from its head (see
    /// ``ServerConfiguration/bodyLimit``); nil keeps `limits.maxBodyBytes`.
    let bodyLimitPolicy: BodyLimitPolicy?
    /// The current request's body limit, set when its head is complete.
    var bodyLimit: Int
    var state: State = .requestLine
    var buffer: [UInt8] = []
    /// Start of the unconsumed bytes in `buffer`.
    var readIndex = 0
    /// Where the search for the next LF resumes, so a line trickling in byte
    /// by byte is scanned once, not once per byte.
    var scanIndex = 0
    /// Body bytes announced so far for the current chunked request.
    var chunkedBodyBytes = 0

    /// Creates a parser enforcing `limits`, and per request the (lower)
    /// body limit that `bodyLimit` picks from the head.
    public init(limits: ServerLimits = ServerLimits(), bodyLimit: BodyLimitPolicy? = nil) {
        self.limits = limits
        self.bodyLimitPolicy = bodyLimit
        self.bodyLimit = limits.maxBodyBytes
    }

    /// Appends bytes received from the peer.
    public mutating func feed<Bytes: Collection>(_ bytes: Bytes) where Bytes.Element == UInt8 {
        compactIfWorthwhile()
        buffer.append(contentsOf: bytes)
    }

    /// Whether bytes are buffered that no event has consumed yet.
    public var hasBufferedBytes: Bool { readIndex < buffer.count }

    /// Whether any part of a request has been received and not yet
    /// completed (buffered bytes, or a head parsed part-way).
    public var hasPartialRequest: Bool {
        if case .requestLine = state { return hasBufferedBytes }
        return true
    }

    /// Drops the buffer's storage when it is empty, so idle keep-alive
    /// connections hold no memory.
    public mutating func releaseMemoryIfEmpty() {
        if readIndex == buffer.count && buffer.capacity > 0 {
            buffer = []
            readIndex = 0
            scanIndex = 0
        }
    }

    /// The next parsing event.
    public mutating func next() -> ParserEvent {
        switch state {
        case .failed(let status):
            return .error(status)
        case .requestLine:
            return parseRequestLine()
        case .headerFields(let partial):
            return parseHeaderFields(partial)
        case .body(let remaining):
            return takeBody(remaining: remaining) { .body(remaining: $0) }
        case .chunkSize:
            return parseChunkSize()
        case .chunkData(let remaining):
            return takeBody(remaining: remaining) { $0 == 0 ? .chunkDataEnd : .chunkData(remaining: $0) }
        case .chunkDataEnd:
            return parseChunkDataEnd()
        case .trailers(let count, let bytes):
            return parseTrailers(count: count, bytes: bytes)
        }
    }

    // MARK: - Shared machinery

    mutating func fail(_ status: HTTPStatus) -> ParserEvent {
        state = .failed(status)
        return .error(status)
    }

    enum LineResult {
        /// A complete line, CRLF excluded.
        case line(Range<Int>)
        /// No LF yet; this many bytes are pending.
        case incomplete(pending: Int)
        /// An LF without the CR before it.
        case bareLF
    }

    /// Finds the next CRLF-terminated line and consumes it.
    mutating func nextLine() -> LineResult {
        let start = readIndex
        var index = max(scanIndex, start)
        while index < buffer.count {
            if buffer[index] == HTTPSyntax.lf {
                guard index > start, buffer[index - 1] == HTTPSyntax.cr else { return .bareLF }
                readIndex = index + 1
                scanIndex = readIndex
                return .line(start..<(index - 1))
            }
            index += 1
        }
        scanIndex = index
        return .incomplete(pending: buffer.count - start)
    }

    /// Hands out up to `remaining` buffered body bytes.
    mutating func takeBody(remaining: Int, nextState: (Int) -> State) -> ParserEvent {
        let available = buffer.count - readIndex
        if remaining == 0 {
            finishMessage()
            return .end
        }
        guard available > 0 else { return .needMore }
        let count = min(available, remaining)
        let chunk = Array(buffer[readIndex..<(readIndex + count)])
        readIndex += count
        scanIndex = readIndex
        state = nextState(remaining - count)
        return .body(chunk)
    }

    mutating func finishMessage() {
        state = .requestLine
        chunkedBodyBytes = 0
    }

    /// Moves unconsumed bytes to the front once the consumed prefix is large,
    /// keeping the buffer bounded on long keep-alive connections.
    private mutating func compactIfWorthwhile() {
        guard readIndex > 0 else { return }
        if readIndex == buffer.count {
            buffer.removeAll(keepingCapacity: buffer.capacity <= 16 * 1024)
        } else if readIndex >= 4096 && readIndex * 2 >= buffer.count {
            buffer.removeSubrange(0..<readIndex)
        } else {
            return
        }
        scanIndex = max(scanIndex - readIndex, 0)
        readIndex = 0
    }
}
