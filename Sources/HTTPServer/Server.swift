import Dispatch
import Foundation
public import Logging
import Synchronization
import Transport

/// A Dispatch-based HTTP/1.1 server (optionally over TLS) that hands every
/// complete request to an ``HTTPResponder``.
///
/// Non-blocking sockets; one accept source per listening socket; one
/// ``ConnectionLoop`` per core, each serving its connections' sockets from
/// one poll on one serial queue. Protocol logic lives in
/// ``ConnectionStateMachine``.
public final class Server: Sendable {
    private let configuration: ServerConfiguration
    private let responder: any HTTPResponder
    private let logger: Logger
    private let clock: any ServerClock
    private let state: Mutex<ServerState>
    private let acceptQueue = DispatchQueue(label: "grantdesk.accept")

    /// Creates a server; nothing happens until ``start()``.
    public init(configuration: ServerConfiguration, responder: any HTTPResponder, logger: Logger) {
        self.configuration = configuration
        self.responder = responder
        self.logger = logger
        self.clock = SystemServerClock()
        self.state = Mutex(ServerState(admission: ConnectionAdmission(limits: configuration.limits)))
    }

    /// Binds and starts accepting. Returns the bound port (useful with port 0).
    public func start() throws -> Int {
        Posix.ignoreSIGPIPE()
        try state.withLock { state in
            if state.loops.isEmpty {
                state.loops = try (0..<Posix.processorCount).map { try ConnectionLoop(index: $0, logger: logger) }
            }
        }
        let (fd, port) = try Posix.makeListeningSocket(host: configuration.host, port: configuration.port)
        let source = DispatchSource.makeReadSource(fileDescriptor: fd, queue: acceptQueue)
        source.setEventHandler { [self] in
            if !acceptPending(listener: fd) { pauseAccepting(source) }
        }
        // Weak: a handler must not keep a server nobody else holds alive.
        source.setCancelHandler { [weak self] in
            Posix.close(fd)
            self?.state.withLock { $0.openListeners -= 1 }
        }
        state.withLock {
            $0.listeners.append(ListenerBox(source: source))
            $0.openListeners += 1
        }
        source.activate()
        logger.info("listening", metadata: [
            "server.host": "\(configuration.host)", "server.port": "\(port)", "server.tls": "\(configuration.tls != nil)",
        ])
        return port
    }

    /// Stops accepting, lets requests in flight finish (their responses carry
    /// `Connection: close`), closes idle connections at once, and force-closes
    /// whatever is left after `gracePeriod`.
    public func shutdown(gracePeriod: Duration = .seconds(10)) async {
        let (listeners, connections) = state.withLock { state -> ([ListenerBox], [Connection]) in
            state.isShuttingDown = true
            defer { state.listeners = [] }
            return (state.listeners, Array(state.connections.values))
        }
        for listener in listeners { listener.source.cancel() }
        for connection in connections { connection.requestShutdown() }
        let deadline = ContinuousClock.now + gracePeriod
        // Listening sockets close in their cancel handlers; once this returns
        // no new connection can even complete a TCP handshake.
        while state.withLock({ $0.openListeners > 0 }) {
            try? await Task.sleep(for: .milliseconds(5))
        }
        while ContinuousClock.now < deadline && state.withLock({ !$0.connections.isEmpty }) {
            try? await Task.sleep(for: .milliseconds(10))
        }
        let remaining = state.withLock { Array($0.connections.values) }
        for connection in remaining { connection.forceClose() }
        while state.withLock({ !$0.connections.isEmpty }) {
            try? await Task.sleep(for: .milliseconds(5))
        }
        logger.info("server stopped", metadata: ["server.forced": "\(remaining.count)"])
    }

    /// Serves until SIGTERM or SIGINT, then shuts down gracefully and returns.
    /// Pass signals created before the process said it was ready.
    public func runUntilSignalled(_ signals: ShutdownSignals) async {
        await signals.wait()
        logger.info("signal received, shutting down")
        await shutdown()
    }

    /// The number of open connections (for tests and metrics).
    public var connectionCount: Int { state.withLock { $0.connections.count } }

    /// The counts kept for metrics (``ServerConfiguration/statistics``).
    public var statistics: ServerStatistics { configuration.statistics }

    // MARK: - Accepting

    /// Accepts until the backlog is empty; false when accept failed (e.g.
    /// out of descriptors), which would make the source fire in a busy loop.
    private func acceptPending(listener: Int32) -> Bool {
        while true {
            let accepted: (fd: Int32, remoteAddress: String)
            do {
                guard case .processed(let value) = try Posix.accept(listener) else { return true }
                accepted = value
            } catch {
                logger.warning("accept failed", metadata: ["error": "\(error)"])
                return false
            }
            admit(fd: accepted.fd, remoteAddress: accepted.remoteAddress)
        }
    }

    /// Stops accepting for a moment. The resume is always scheduled, and the
    /// closure keeps the source alive until then: a suspended source must
    /// never be released.
    private func pauseAccepting(_ source: any DispatchSourceRead) {
        source.suspend()
        let box = ListenerBox(source: source)
        acceptQueue.asyncAfter(deadline: .now() + .milliseconds(100)) { box.source.resume() }
    }

    private func admit(fd: Int32, remoteAddress: String) {
        let admitted: (id: UInt64, loop: ConnectionLoop)? = state.withLock { state in
            guard !state.isShuttingDown, state.admission.admit(remoteAddress) else { return nil }
            state.nextID += 1
            return (state.nextID, state.loops[Int(state.nextID % UInt64(state.loops.count))])
        }
        guard let (id, loop) = admitted else {
            // Over a cap (or stopping): close at once rather than queue work we cannot serve.
            configuration.statistics.connectionRefused()
            Posix.close(fd)
            return
        }
        let connection: Connection
        do {
            connection = try Connection(
                id: id, fd: fd, remoteAddress: remoteAddress, configuration: configuration, loop: loop,
                responder: responder, clock: clock, logger: logger,
                onClose: { [weak self] id in
                    self?.state.withLock {
                        _ = $0.connections.removeValue(forKey: id)
                        $0.admission.release(remoteAddress)
                    }
                }
            )
        } catch {
            logger.error("could not set up connection", metadata: ["error": "\(error)"])
            state.withLock { $0.admission.release(remoteAddress) }
            Posix.close(fd)
            return
        }
        state.withLock { $0.connections[id] = connection }
        configuration.statistics.connectionAccepted()
        connection.start()
    }
}

/// Mutable server bookkeeping, guarded by the server's lock.
struct ServerState {
    var listeners: [ListenerBox] = []
    var connections: [UInt64: Connection] = [:]
    /// One per core, made by the first ``Server/start()``; connections take turns.
    var loops: [ConnectionLoop] = []
    /// The connection caps; counts every admitted connection until it closes.
    var admission: ConnectionAdmission
    /// Listening sockets not yet closed by their cancel handlers.
    var openListeners = 0
    var nextID: UInt64 = 0
    var isShuttingDown = false
}

/// Dispatch sources are thread-safe objects that Swift does not mark Sendable.
struct ListenerBox: @unchecked Sendable {
    let source: any DispatchSourceRead
}
