import Dispatch
import Logging
import Transport

/// One serial queue serving many connections, as an event loop does: their
/// sockets in one ``EventPoll``, that poll watched by one Dispatch read
/// source, and the executor their responders run on. The server keeps one
/// loop per core.
///
/// While sockets keep becoming ready the loop drains the poll again from
/// its own queue, behind the responder jobs queued meanwhile, and the
/// source stays suspended: Dispatch's manager thread is involved once per
/// busy spell, not once per request. Measured on 2 cores, `/healthz` over
/// 64 keep-alive connections: a source per socket cost two manager
/// wake-ups (the event, then the re-arm) and 1.3 context switches per
/// request.
///
/// `@unchecked Sendable`: the poll, the table and the source's state are
/// touched only on `queue`.
final class ConnectionLoop: @unchecked Sendable {
    let queue: DispatchQueue
    /// Runs responders on `queue`.
    let executor: QueueTaskExecutor
    private let poll: EventPoll
    private let source: DispatchSourceRead
    private let logger: Logger
    private var connections: [UInt64: Connection] = [:]
    private var sourceSuspended = false
    /// Connections with a response queued but not yet written, and the
    /// list being written (kept, with its storage, for the next turn).
    private var unflushed: [Connection] = []
    private var flushing: [Connection] = []
    private var flushQueued = false
    /// The loop's recurring jobs, made once: a closure passed to `async`
    /// is otherwise copied into a new block on every call.
    private lazy var drainJob: @Sendable @convention(block) () -> Void = { [unowned self] in drain() }
    private lazy var flushJob: @Sendable @convention(block) () -> Void = { [unowned self] in
        flushQueued = false
        flushAll()
    }

    init(index: Int, logger: Logger) throws {
        queue = DispatchQueue(label: "grantdesk.loop.\(index)", target: .global())
        executor = QueueTaskExecutor(queue: queue)
        poll = try EventPoll()
        self.logger = logger
        source = DispatchSource.makeReadSource(fileDescriptor: poll.descriptor, queue: queue)
        source.setEventHandler { [weak self] in
            guard let self else { return }
            sourceSuspended = true
            source.suspend()
            drain()
        }
        // The poll's descriptor closes only once Dispatch has let go of it.
        source.setCancelHandler { [poll] in withExtendedLifetime(poll) {} }
        source.activate()
    }

    deinit {
        source.cancel()
        // A source released while suspended crashes.
        if sourceSuspended { source.resume() }
    }

    // MARK: - Called on `queue` by connections

    /// Takes a connection: its readiness is delivered to it from now on.
    func register(_ connection: Connection) {
        connections[connection.id] = connection
    }

    /// Watches `fd` for `events`: adds it when `isNew` (first time, or after
    /// ``unwatch``), otherwise changes what it is watched for.
    func watch(_ fd: Int32, id: UInt64, events: EventPoll.Events, isNew: Bool) throws {
        if isNew {
            try poll.add(fd, token: id, events: events)
        } else {
            try poll.modify(fd, token: id, events: events)
        }
    }

    /// Stops watching `fd` but keeps the connection (after a hang-up, which
    /// is reported whatever is watched).
    func unwatch(_ fd: Int32) {
        poll.remove(fd)
    }

    /// Forgets a registered connection; its descriptor must not be watched any more.
    func remove(id: UInt64) {
        connections[id] = nil
    }

    /// Writes `connection`'s output at the end of this turn, after the
    /// responders already queued: a batch's responses go out back to back
    /// instead of one between each pair of responders. A peer asleep waiting
    /// for them is woken once per batch, not once per response, and finds
    /// several ready; measured on 2 cores with wrk on `/healthz`, wrk slept
    /// 0.46 times per request when each response was written as soon as it
    /// was ready.
    func flushSoon(_ connection: Connection) {
        unflushed.append(connection)
        guard !flushQueued else { return }
        flushQueued = true
        queue.async(execute: flushJob)
    }

    private func flushAll() {
        guard !unflushed.isEmpty else { return }
        // Writing may queue more (a pipelined request's error reply): into the other list.
        swap(&unflushed, &flushing)
        for connection in flushing { connection.flush() }
        flushing.removeAll(keepingCapacity: true)
    }

    // MARK: - Draining

    private func drain() {
        // Responses of the last batch first: their peers are waiting.
        flushAll()
        let batch: [EventPoll.Ready]
        do {
            batch = try poll.ready()
        } catch {
            logger.error("event poll failed", metadata: ["error": "\(error)"])
            batch = []
        }
        guard !batch.isEmpty else {
            sourceSuspended = false
            return source.resume()
        }
        for ready in batch {
            connections[ready.token]?.handle(ready.events)
        }
        queue.async(execute: drainJob)
    }
}
