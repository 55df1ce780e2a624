/// The life of one connection as a pure state machine: bytes, responses,
/// write completions, ticks of the clock and shutdown go in; writes,
/// requests for the responder and closes come out. No sockets, no threads.
///
/// One request is handled at a time: bytes of pipelined requests stay in the
/// parser until the current response has been written, so responses go out
/// in order and nothing behind a rejected request ever reaches the responder.
public struct ConnectionStateMachine: Sendable {
    /// What the edge must do next, in order.
    public enum Action: Sendable {
        /// Send these bytes (queued after any still unsent).
        case write([UInt8])
        /// Hand this request to the responder and report its response with
        /// ``ConnectionStateMachine/responseReady(_:)``.
        case dispatch(HTTPRequest)
        /// Stop sending (half-close) but keep reading and discarding, so the
        /// peer reads the final response instead of a connection reset.
        case shutdownWrite
        /// Close the connection now.
        case close
        /// A streamed body's events (only for requests ``ServerConfiguration/streamedBody`` picks).
        case stream(StreamEvent)
        /// The peer has gone (closed its side, nothing pipelined) while a safe
        /// request (GET, HEAD, OPTIONS) is answered: its responder may stop.
        /// A response it still gives is written, since a peer that only
        /// half-closed can read it. Unsafe requests are never abandoned: a
        /// change the client sent finishes (and is recorded) whether or not
        /// anyone reads the answer.
        case abandon
    }

    /// What happens to a request whose body is streamed to the responder.
    public enum StreamEvent: Sendable {
        /// Hand this request, its body still to come, to the responder, and
        /// report its response with ``ConnectionStateMachine/responseReady(_:)``.
        case dispatch(HTTPRequest)
        /// The next piece of the body.
        case piece([UInt8])
        /// The body is complete.
        case end
        /// The body will not be completed (the server answered with this
        /// status, or nil: the connection closed or the answer came first).
        case failed(HTTPStatus?)
    }

    /// Where the connection is in its life.
    public enum Phase: Sendable, Equatable {
        case handshaking
        case awaitingHead
        case readingBody
        case responding
        case writingResponse(closeAfter: Bool)
        case lingering
        case closed
    }

    /// The current phase.
    public private(set) var phase: Phase
    private var parser: RequestParser
    private let limits: ServerLimits
    private let timeouts: ServerTimeouts
    private let clock: any ServerClock
    private let serializer: ResponseSerializer
    private let errorResponse: (@Sendable (HTTPStatus) -> HTTPResponse)?
    private let bodyLimit: BodyLimitPolicy?
    private let streamedBody: (@Sendable (RequestHead) -> Bool)?
    /// The current request's body goes to the responder as it arrives.
    private var streaming = false
    /// The responder fell behind: reading waits until ``bodyDemandResumed()``.
    private var streamPaused = false
    private var streamedBytes = 0
    private var pausedSince: ContinuousClock.Instant?
    private var pausedTotal: Duration = .zero
    private let info: ConnectionInfo

    /// When the current phase (or, awaiting a head, the current wait) began.
    private var phaseStart: ContinuousClock.Instant
    /// Whether no request has been received yet on this connection.
    private var isFresh = true
    private var head: RequestHead?
    private var body: [UInt8] = []
    private var outputPending = false
    private var lastWriteProgress: ContinuousClock.Instant
    private var lingerBytes = 0
    /// The peer half-closed: answer what is in flight, then close.
    private var peerClosed = false
    /// The server is shutting down: answer what is in flight with `Connection: close`.
    private var draining = false

    /// Creates the machine for a just-accepted connection.
    public init(
        info: ConnectionInfo, limits: ServerLimits, timeouts: ServerTimeouts, clock: any ServerClock,
        errorResponse: (@Sendable (HTTPStatus) -> HTTPResponse)? = nil,
        bodyLimit: BodyLimitPolicy? = nil,
        streamedBody: (@Sendable (RequestHead) -> Bool)? = nil
    ) {
        self.info = info
        self.bodyLimit = bodyLimit
        self.streamedBody = streamedBody
        self.limits = limits
        self.timeouts = timeouts
        self.clock = clock
        self.errorResponse = errorResponse
        self.parser = RequestParser(limits: limits, bodyLimit: bodyLimit)
        self.serializer = ResponseSerializer(isSecure: info.isSecure)
        self.phase = info.isSecure ? .handshaking : .awaitingHead
        self.phaseStart = clock.now()
        self.lastWriteProgress = phaseStart
    }

    /// Whether the edge should be reading from the peer. Reading pauses while
    /// a request is being answered, so a pipelining client is throttled.
    public var wantsRead: Bool {
        switch phase {
        case .readingBody: return !streamPaused
        case .handshaking, .awaitingHead, .lingering: return true
        case .responding, .writingResponse, .closed: return false
        }
    }

    /// Bytes of buffer storage the parser holds (for memory tests).
    var bufferedCapacity: Int { parser.buffer.capacity }

    /// Whether a response from the responder is awaited (a streamed body's
    /// responder may answer before the body is complete).
    public var isAwaitingResponse: Bool {
        phase == .responding || (phase == .readingBody && streaming)
    }

    /// Whether a safe request (``HTTPMethod/isSafe``) is with the responder:
    /// work that may stop when nobody is left to read the answer.
    public var isAnsweringSafeRequest: Bool {
        phase == .responding && head?.method.isSafe == true
    }

    // MARK: - Events

    /// The responder holds more of a streamed body than it should: stop reading.
    public mutating func bodyDemandPaused() {
        guard streaming, !streamPaused else { return }
        streamPaused = true
        pausedSince = clock.now()
    }

    /// The responder caught up with a streamed body: read again.
    public mutating func bodyDemandResumed() {
        guard streamPaused else { return }
        streamPaused = false
        if let pausedSince { pausedTotal += pausedSince.duration(to: clock.now()) }
        pausedSince = nil
    }

    /// The TLS handshake finished; HTTP starts now.
    public mutating func handshakeCompleted() -> [Action] {
        guard phase == .handshaking else { return [] }
        enterAwaitingHead()
        isFresh = true
        return []
    }

    /// Plaintext bytes arrived from the peer.
    public mutating func received<Bytes: Collection>(_ bytes: Bytes) -> [Action] where Bytes.Element == UInt8 {
        switch phase {
        case .lingering:
            lingerBytes += bytes.count
            return lingerBytes > limits.maxLingerBytes ? close() : []
        case .closed, .handshaking:
            return []
        case .awaitingHead where !parser.hasPartialRequest && !isFresh:
            // The idle wait ends; the whole-head deadline starts with this byte.
            phaseStart = clock.now()
        default:
            break
        }
        parser.feed(bytes)
        return process()
    }

    /// The responder answered the request last dispatched.
    public mutating func responseReady(_ response: HTTPResponse) -> [Action] {
        if phase == .readingBody && streaming {
            // Answered before the whole body was read: the rest is not
            // waited for (lingering discards it), and the connection closes.
            let context = ResponseSerializer.Context(method: head?.method, version: head?.version ?? .http11, keepAlive: false)
            endStream()
            head = nil
            return [.stream(.failed(nil))]
                + startWriting(serializer.serialize(response, context: context, date: clock.httpDate()), closeAfter: true)
        }
        guard phase == .responding, let head else { return [] }
        let responderCloses = response.headers.values("Connection").flatMap(HTTPSyntax.listElements).contains("close")
        let keepAlive = head.keepAlive && !peerClosed && !draining && !responderCloses
        let context = ResponseSerializer.Context(method: head.method, version: head.version, keepAlive: keepAlive)
        self.head = nil
        return startWriting(serializer.serialize(response, context: context, date: clock.httpDate()), closeAfter: !keepAlive)
    }

    /// Some queued bytes were sent but not all.
    public mutating func outputProgressed() {
        lastWriteProgress = clock.now()
    }

    /// Every queued byte has been sent.
    public mutating func outputDrained() -> [Action] {
        outputPending = false
        guard case .writingResponse(let closeAfter) = phase else { return [] }
        if peerClosed { return close() }
        if closeAfter {
            phase = .lingering
            phaseStart = clock.now()
            return [.shutdownWrite]
        }
        isFresh = false
        enterAwaitingHead()
        parser.releaseMemoryIfEmpty()
        return process()
    }

    /// The peer closed its sending side (read returned end-of-stream).
    public mutating func peerClosedInput() -> [Action] {
        switch phase {
        case .responding:
            // Requests pipelined behind this one show the peer still reads:
            // they are answered, and the end is read again after them.
            guard !parser.hasBufferedBytes else { return [] }
            peerClosed = true
            return isAnsweringSafeRequest ? [.abandon] : []
        case .writingResponse:
            peerClosed = true
            return []
        case .closed:
            return []
        case .readingBody where streaming:
            // The responder is waiting for this body; it will never complete.
            return [.stream(.failed(nil))] + close()
        default:
            return close()
        }
    }

    /// The server is shutting down: idle connections close now, busy ones
    /// after their current response (sent with `Connection: close`).
    public mutating func shutdownRequested() -> [Action] {
        draining = true
        switch phase {
        case .handshaking, .lingering:
            return close()
        case .awaitingHead where !parser.hasPartialRequest:
            return close()
        default:
            return []
        }
    }

    /// The clock moved; enforce whichever deadline applies.
    public mutating func tick() -> [Action] {
        guard let deadline = nextDeadline, clock.now() >= deadline.instant else { return [] }
        switch deadline.kind {
        case .silentClose: return close()
        case .requestTimeout: return fail(.requestTimeout)
        }
    }

    // MARK: - Deadlines

    enum DeadlineKind { case silentClose, requestTimeout }

    /// The earliest instant at which ``tick()`` will act, if any.
    ///
    /// A mutating read, though it changes nothing: the connection asks after
    /// every request, and a plain getter on the machine it keeps in a class
    /// was handed a copy of the whole machine (retaining and releasing every
    /// buffer in it, 1.3% of a `/healthz` request's samples).
    public var nextDeadlineInstant: ContinuousClock.Instant? {
        mutating get { nextDeadline?.instant }
    }

    var nextDeadline: (instant: ContinuousClock.Instant, kind: DeadlineKind)? {
        if outputPending {
            return (lastWriteProgress + timeouts.write, .silentClose)
        }
        switch phase {
        case .handshaking:
            return (phaseStart + timeouts.tlsHandshake, .silentClose)
        case .awaitingHead:
            if parser.hasPartialRequest { return (phaseStart + timeouts.header, .requestTimeout) }
            return (phaseStart + (isFresh ? timeouts.header : timeouts.idle), .silentClose)
        case .readingBody where streaming:
            // Only the client's own pace counts: time spent paused for the
            // responder is added back, and there is no absolute deadline
            // (a large upload is limited by its size and the minimum rate).
            guard pausedSince == nil else { return nil }
            let rate = Double(max(timeouts.minimumBodyBytesPerSecond, 1))
            return (phaseStart + pausedTotal + timeouts.bodyGrace + .seconds(Double(streamedBytes) / rate), .requestTimeout)
        case .readingBody:
            // Whichever comes first: falling below the minimum rate, or the
            // absolute deadline that a body trickling at exactly that rate meets.
            let rate = Double(max(timeouts.minimumBodyBytesPerSecond, 1))
            let earned = Duration.seconds(Double(body.count) / rate)
            return (min(phaseStart + timeouts.bodyGrace + earned, phaseStart + timeouts.body), .requestTimeout)
        case .lingering:
            return (phaseStart + timeouts.linger, .silentClose)
        case .responding, .writingResponse, .closed:
            return nil
        }
    }

    // MARK: - Internals

    private mutating func process() -> [Action] {
        var actions: [Action] = []
        while phase == .awaitingHead || phase == .readingBody {
            switch parser.next() {
            case .needMore:
                return actions
            case .head(let newHead):
                head = newHead
                body = []
                phase = .readingBody
                phaseStart = clock.now()
                if newHead.expectsContinue && newHead.framing != .none && !parser.hasBufferedBytes {
                    actions.append(contentsOf: queueWrite(ResponseSerializer.continueBytes))
                }
                if newHead.framing != .none, let streamedBody, streamedBody(newHead) {
                    streaming = true
                    streamedBytes = 0
                    pausedTotal = .zero
                    actions.append(.stream(.dispatch(HTTPRequest(
                        method: newHead.method, target: newHead.target, version: newHead.version,
                        headers: newHead.headers, connection: info
                    ))))
                }
            case .body(let bytes) where streaming:
                streamedBytes += bytes.count
                actions.append(.stream(.piece(bytes)))
            case .body(let bytes):
                body.append(contentsOf: bytes)
            case .end where streaming:
                endStream()
                phase = .responding
                actions.append(.stream(.end))
                // A paused stream's reads stop here anyway: the next request waits for the response.
                return actions
            case .end:
                guard let head else { return actions + fail(.badRequest) }
                let request = HTTPRequest(
                    method: head.method, target: head.target, version: head.version,
                    headers: head.headers, body: body, connection: info
                )
                body = []
                phase = .responding
                actions.append(.dispatch(request))
            case .error(let status):
                return actions + fail(status)
            }
        }
        return actions
    }

    /// Answers a protocol error and closes; nothing after it is parsed.
    private mutating func fail(_ status: HTTPStatus) -> [Action] {
        let failed: [Action] = streaming && phase == .readingBody ? [.stream(.failed(status))] : []
        endStream()
        let response = errorResponse.map { Self.hardened($0(status)) } ?? Self.defaultErrorResponse(status)
        let context = ResponseSerializer.Context(method: head?.method, version: head?.version ?? .http11, keepAlive: false)
        head = nil
        body = []
        return failed + startWriting(serializer.serialize(response, context: context, date: clock.httpDate()), closeAfter: true)
    }

    private mutating func endStream() {
        streaming = false
        streamPaused = false
        pausedSince = nil
    }

    private mutating func startWriting(_ bytes: [UInt8], closeAfter: Bool) -> [Action] {
        phase = .writingResponse(closeAfter: closeAfter)
        return queueWrite(bytes)
    }

    private mutating func queueWrite(_ bytes: [UInt8]) -> [Action] {
        if !outputPending {
            lastWriteProgress = clock.now()
        }
        outputPending = true
        return [.write(bytes)]
    }

    private mutating func enterAwaitingHead() {
        phase = .awaitingHead
        phaseStart = clock.now()
    }

    private mutating func close() -> [Action] {
        endStream()
        phase = .closed
        outputPending = false
        parser = RequestParser(limits: limits, bodyLimit: bodyLimit)
        body = []
        return [.close]
    }

    /// The server's own error page: plain text, and locked down because it
    /// bypasses the application's header middleware.
    static func defaultErrorResponse(_ status: HTTPStatus) -> HTTPResponse {
        var response = HTTPResponse(status: status, contentType: "text/plain; charset=utf-8", text: "\(status.code) \(status.reason)\n")
        response.headers.set("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'")
        response.headers.set("Cache-Control", "no-store")
        return hardened(response)
    }

    private static func hardened(_ response: HTTPResponse) -> HTTPResponse {
        var response = response
        if !response.headers.contains("X-Content-Type-Options") {
            response.headers.set("X-Content-Type-Options", "nosniff")
        }
        return response
    }
}
