import Dispatch
import Logging
import Transport

/// The socket edge of one connection: moves bytes between the socket (and
/// TLS, when configured) and a ``ConnectionStateMachine``, and carries out
/// the actions the machine returns.
///
/// `@unchecked Sendable`: every mutable property is touched only on its
/// loop's `queue` (readiness, the timer and responder completions all run
/// there).
final class Connection: @unchecked Sendable {
    let id: UInt64
    private let fd: Int32
    private let loop: ConnectionLoop
    private let timer: DispatchSourceTimer
    private let responder: any HTTPResponder
    private let clock: any ServerClock
    private let logger: Logger
    private let onClose: @Sendable (UInt64) -> Void
    private let statistics: ServerStatistics

    private var machine: ConnectionStateMachine
    private var tls: TLSConnection?
    private var output: [UInt8] = []
    private var outputOffset = 0
    /// Reading paused: bytes arrived that the machine did not want yet.
    private var readPaused = false
    /// Output waits for the socket to take more.
    private var writeBlocked = false
    /// What the loop's poll watches for this socket; nil while it is not
    /// watched at all (before ``start()``, and after a hang-up nobody was
    /// waiting for).
    private var watched: EventPoll.Events?
    private var isClosed = false
    private var scheduledDeadline: ContinuousClock.Instant?
    /// The streamed body being sent, and how many of its bytes are still due.
    private var responseStream: (stream: HTTPBodyStream, remaining: Int)?
    /// The streamed request body being read, if any.
    private var requestStream: HTTPRequestBody?
    /// The responder's task for the request being answered, cancelled when
    /// the machine says the work may stop (``ConnectionStateMachine/Action/abandon``).
    private var responderTask: Task<Void, Never>?
    /// The peer closed (or reset) while the current request was answered; counted once.
    private var closedEarly = false
    /// Unread bytes of a streamed request body above which reading pauses.
    private static let streamedBodyBuffer = 1 << 20

    /// Largest single read; the bytes go straight into the parser, so idle
    /// connections keep no read buffer of their own.
    private static let readChunk = 16 * 1024

    init(
        id: UInt64, fd: Int32, remoteAddress: String, configuration: ServerConfiguration, loop: ConnectionLoop,
        responder: any HTTPResponder, clock: any ServerClock, logger: Logger,
        onClose: @escaping @Sendable (UInt64) -> Void
    ) throws {
        self.id = id
        self.fd = fd
        self.responder = responder
        self.clock = clock
        self.logger = logger
        self.onClose = onClose
        self.statistics = configuration.statistics
        self.loop = loop
        self.tls = try configuration.tls.map { try TLSConnection(server: $0) }
        let info = ConnectionInfo(remoteAddress: remoteAddress, isSecure: configuration.tls != nil, id: id)
        self.machine = ConnectionStateMachine(
            info: info, limits: configuration.limits, timeouts: configuration.timeouts, clock: clock,
            errorResponse: configuration.errorResponse, bodyLimit: configuration.bodyLimit,
            streamedBody: configuration.streamedBody
        )
        self.timer = DispatchSource.makeTimerSource(queue: loop.queue)
    }

    /// The loop's queue, where everything of this connection runs.
    private var queue: DispatchQueue { loop.queue }
    /// Runs responders on `queue` (see ``QueueTaskExecutor``).
    private var executor: QueueTaskExecutor { loop.executor }

    /// Starts reading; the loop keeps the connection alive until it closes.
    func start() {
        queue.async { [self] in
            timer.setEventHandler { [self] in
                // Forget the schedule so an early firing (leeway) re-arms for the same deadline.
                scheduledDeadline = nil
                perform(machine.tick())
            }
            timer.activate()
            loop.register(self)
            updateWatch()
            guard !isClosed else { return }
            rescheduleTimer()
        }
    }

    /// What the loop's poll saw on the socket.
    func handle(_ events: EventPoll.Events) {
        guard !isClosed else { return }
        if events.contains(.writable) || (writeBlocked && events.contains(.hangUp)) { flush() }
        if events.contains(.readable) || events.contains(.hangUp) { handleReadable() }
        // A hang-up is reported whatever is watched: with nothing watched it
        // would come back on every poll, so stop watching until the machine
        // wants bytes again (re-adding reports it then).
        if !isClosed && events.contains(.hangUp) && watched == [] {
            loop.unwatch(fd)
            watched = nil
        }
    }

    /// Graceful shutdown: idle connections close, busy ones finish first.
    func requestShutdown() {
        queue.async { [self] in perform(machine.shutdownRequested()) }
    }

    /// Forced close at the end of the grace period.
    func forceClose() {
        queue.async { [self] in closeNow() }
    }

    // MARK: - Reading

    private func handleReadable() {
        guard !isClosed else { return }
        // Bytes the machine does not want yet (a pipelined request, or a
        // streamed body over its buffer): stop listening until it does.
        guard machine.wantsRead else {
            // Nothing is read while a request is answered, but a peer that
            // has gone is noticed, so work it no longer waits for can stop.
            if machine.phase == .responding {
                do {
                    if try Posix.peerHasClosed(fd) {
                        noteClosedEarly()
                        perform(machine.peerClosedInput())
                    }
                } catch {
                    // Reset by the peer.
                    logger.debug("peek failed", metadata: ["connection.id": "\(id)", "error": "\(error)"])
                    noteClosedEarly()
                    return closeNow()
                }
                guard !isClosed else { return }
            }
            readPaused = true
            return updateWatch()
        }
        do {
            try withUnsafeTemporaryAllocation(byteCount: Self.readChunk, alignment: 1) { buffer in
                guard case .processed(let count) = try Posix.read(fd, into: buffer) else { return }
                let bytes = UnsafeRawBufferPointer(rebasing: buffer[0..<count])
                if count == 0 {
                    perform(machine.peerClosedInput())
                } else if let tls {
                    try tls.feed(bytes)
                    handleCiphertext()
                } else {
                    // The parser copies what it keeps; the stack buffer is reused next time.
                    perform(machine.received(bytes))
                }
            }
        } catch {
            logger.debug("read failed", metadata: ["connection.id": "\(id)", "error": "\(error)"])
            closeNow()
        }
    }

    private func handleCiphertext() {
        guard let tls, !isClosed else { return }
        do {
            if !tls.isHandshakeComplete {
                let done = try tls.handshake()
                sendCiphertext()
                guard done else { return }
                statistics.handshakeCompleted()
                perform(machine.handshakeCompleted())
            }
            try withUnsafeTemporaryAllocation(byteCount: Self.readChunk, alignment: 1) { buffer in
                while !isClosed && machine.wantsRead {
                    switch try tls.read(into: buffer) {
                    case .bytes(let count): perform(machine.received(buffer[0..<count]))
                    case .wantMore: return
                    case .closed: return perform(machine.peerClosedInput())
                    }
                }
            }
        } catch {
            logger.debug("TLS failed", metadata: ["connection.id": "\(id)", "error": "\(error)"])
            if !tls.isHandshakeComplete { statistics.handshakeFailed() }
            sendCiphertext()
            closeNow()
        }
    }

    // MARK: - Actions

    private func perform(_ actions: [ConnectionStateMachine.Action]) {
        for action in actions {
            guard !isClosed else { return }
            switch action {
            case .write(let bytes):
                enqueue(bytes)
            case .dispatch(let request):
                dispatch(request)
            case .shutdownWrite:
                tls?.close()
                sendCiphertext()
                if output.count == outputOffset { Posix.shutdownWrite(fd) }
            case .close:
                closeNow()
            case .stream(let event):
                handle(event)
            case .abandon:
                responderTask?.cancel()
            }
        }
        guard !isClosed else { return }
        updateReadInterest()
        rescheduleTimer()
        if let tls, machine.wantsRead, tls.hasBufferedInput {
            // Records decrypted-but-unread while a request was answered would
            // otherwise wait for the next socket event, which may never come.
            queue.async { [self] in handleCiphertext() }
        }
    }

    private func handle(_ event: ConnectionStateMachine.StreamEvent) {
        switch event {
        case .dispatch(var request):
            let body = HTTPRequestBody(capacity: Self.streamedBodyBuffer) { [weak self] in
                guard let self else { return }
                queue.async { [self] in
                    guard !isClosed else { return }
                    machine.bodyDemandResumed()
                    updateReadInterest()
                    rescheduleTimer()
                }
            }
            requestStream = body
            request.bodyStream = body
            dispatch(request)
        case .piece(let bytes):
            if requestStream?.yield(bytes) == false { machine.bodyDemandPaused() }
        case .end:
            requestStream?.finish(.success(()))
            requestStream = nil
        case .failed(let status):
            requestStream?.finish(.failure(.incomplete(status)))
            requestStream = nil
        }
    }

    private func dispatch(_ request: HTTPRequest) {
        let responder = self.responder
        closedEarly = false
        // Set before the task can run: it starts on `queue`, after this job.
        responderTask = Task(executorPreference: executor) { [self] in
            let response = await responder.respond(to: request)
            // Still on `queue`: a nonisolated task with an executor preference
            // resumes on that executor, whatever the responder awaited.
            responderTask = nil
            guard !isClosed else { return response.bodyStream?.finished() ?? () }
            if let stream = response.bodyStream {
                if request.method != .head && response.status.allowsBody && machine.isAwaitingResponse {
                    // Set before the head is queued: its write may drain at once.
                    responseStream = (stream, stream.length)
                } else {
                    stream.finished()
                }
            }
            perform(machine.responseReady(response))
        }
    }

    // MARK: - Writing

    private func enqueue(_ bytes: [UInt8]) {
        if let tls {
            do {
                try tls.write(bytes)
            } catch {
                logger.debug("TLS write failed", metadata: ["connection.id": "\(id)", "error": "\(error)"])
                return closeNow()
            }
            sendCiphertext(now: false)
        } else {
            append(bytes)
        }
        // Written when the loop finishes its turn, with every other response
        // of the same batch (see ``ConnectionLoop/flushSoon(_:)``).
        if !writeBlocked { loop.flushSoon(self) }
    }

    /// Queues what TLS produced; with `now`, writes it at once (a handshake
    /// reply, an alert before closing).
    private func sendCiphertext(now: Bool = true) {
        guard let tls, tls.hasCiphertext else { return }
        append(tls.takeCiphertext())
        if now { flush() }
    }

    private func append(_ bytes: [UInt8]) {
        if outputOffset == output.count {
            output = bytes
            outputOffset = 0
        } else {
            output.append(contentsOf: bytes)
        }
    }

    /// Writes queued output until it is all sent or the socket is full.
    func flush() {
        guard !isClosed else { return }
        // A stray writable event with nothing queued must not report a
        // drained response that was never written.
        guard outputOffset < output.count else { return unblockWriting() }
        var progressed = false
        while outputOffset < output.count {
            let result: IOResult<Int>
            do {
                result = try output.withUnsafeBytes { try Posix.write(fd, UnsafeRawBufferPointer(rebasing: $0[outputOffset...])) }
            } catch {
                logger.debug("write failed", metadata: ["connection.id": "\(id)", "error": "\(error)"])
                return closeNow()
            }
            guard case .processed(let count) = result else { break }
            outputOffset += count
            progressed = true
        }
        if outputOffset < output.count {
            if progressed { machine.outputProgressed() }
            if !writeBlocked {
                writeBlocked = true
                updateWatch()
            }
            rescheduleTimer()
            return
        }
        output = []
        outputOffset = 0
        unblockWriting()
        if responseStream != nil { return pullResponseStream() }
        if case .lingering = machine.phase { Posix.shutdownWrite(fd) }
        perform(machine.outputDrained())
        if !isClosed, case .awaitingHead = machine.phase { tls?.releaseIdleBuffers() }
    }

    /// Asks the streamed body for its next piece once everything before it
    /// is written, so at most one piece per connection waits in memory.
    private func pullResponseStream() {
        guard let (stream, remaining) = responseStream else { return }
        guard remaining > 0 else {
            responseStream = nil
            stream.finished()
            return perform(machine.outputDrained())
        }
        machine.outputProgressed()
        Task(executorPreference: executor) { [self] in
            let piece: [UInt8]?
            do {
                piece = try await stream.next()
            } catch {
                logger.debug("response stream failed", metadata: ["connection.id": "\(id)", "error": "\(error)"])
                piece = nil
            }
            queue.async { [self] in
                guard !isClosed else { return }
                // Short, long or failed: the declared length cannot be kept, so the peer sees a cut body.
                guard let piece, piece.count <= remaining else { return closeNow() }
                guard !piece.isEmpty else { return pullResponseStream() }
                responseStream = (stream, remaining - piece.count)
                machine.outputProgressed()
                enqueue(piece)
            }
        }
    }

    private func unblockWriting() {
        if writeBlocked {
            writeBlocked = false
            updateWatch()
        }
    }

    // MARK: - Interest and timers

    /// Resumes reading once the machine wants bytes again. Reading pauses
    /// only lazily, in ``handleReadable()``, when bytes arrive that the
    /// machine does not want: pausing after every request and resuming after
    /// its response would cost two system calls per keep-alive request,
    /// though the next one almost never arrives before the response is
    /// written.
    private func updateReadInterest() {
        if readPaused && machine.wantsRead {
            readPaused = false
            updateWatch()
        }
    }

    /// Tells the loop's poll what the socket is watched for now.
    private func updateWatch() {
        var wanted: EventPoll.Events = []
        if !readPaused { wanted.insert(.readable) }
        if writeBlocked { wanted.insert(.writable) }
        guard wanted != watched else { return }
        do {
            try loop.watch(fd, id: id, events: wanted, isNew: watched == nil)
            watched = wanted
        } catch {
            logger.warning("could not watch connection", metadata: ["connection.id": "\(id)", "error": "\(error)"])
            closeNow()
        }
    }

    private func rescheduleTimer() {
        let deadline = machine.nextDeadlineInstant
        guard deadline != scheduledDeadline else { return }
        // Every request pushes the idle deadline later, and re-arming costs
        // an eventfd write. A timer armed for an earlier instant is left
        // alone: it fires, the tick finds nothing due, and the handler
        // (which forgets the schedule) re-arms for the real deadline.
        if let scheduled = scheduledDeadline, deadline.map({ $0 >= scheduled }) ?? true { return }
        scheduledDeadline = deadline
        guard let deadline else {
            timer.schedule(deadline: .distantFuture)
            return
        }
        let delay = clock.now().duration(to: deadline)
        let nanoseconds = max(0, delay.components.seconds * 1_000_000_000 + delay.components.attoseconds / 1_000_000_000)
        // A little slack past the deadline so the tick sees it as passed.
        timer.schedule(deadline: .now() + .nanoseconds(Int(nanoseconds) + 1_000_000), leeway: .milliseconds(10))
    }

    // MARK: - Closing

    private func noteClosedEarly() {
        guard !closedEarly else { return }
        closedEarly = true
        statistics.requestClosedEarly()
    }

    private func closeNow() {
        guard !isClosed else { return }
        isClosed = true
        timer.cancel()
        if watched != nil { loop.unwatch(fd) }
        loop.remove(id: id)
        Posix.close(fd)
        output = []
        tls = nil
        responseStream?.stream.finished()
        responseStream = nil
        requestStream?.finish(.failure(.incomplete(nil)))
        requestStream = nil
        // Nobody can read the answer now; a change still finishes (see ``ConnectionStateMachine/Action/abandon``).
        if machine.isAnsweringSafeRequest { responderTask?.cancel() }
        responderTask = nil
        onClose(id)
    }
}
