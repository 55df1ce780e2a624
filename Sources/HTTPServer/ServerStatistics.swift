import Synchronization

/// Counts the server keeps for metrics: connections accepted and refused at
/// the caps, TLS handshakes completed and failed, requests whose client
/// closed before the answer. Relaxed atomics: each is one add on a path that
/// runs at most once per connection or per such request, never for every request.
public final class ServerStatistics: Sendable {
    private let accepted = Atomic<Int>(0)
    private let refused = Atomic<Int>(0)
    private let handshakes = Atomic<Int>(0)
    private let failedHandshakes = Atomic<Int>(0)
    private let closedEarly = Atomic<Int>(0)

    public init() {}

    /// Connections admitted since start.
    public var acceptedConnections: Int { accepted.load(ordering: .relaxed) }
    /// Connections closed at accept because a cap was reached.
    public var refusedConnections: Int { refused.load(ordering: .relaxed) }
    /// TLS handshakes that completed.
    public var tlsHandshakes: Int { handshakes.load(ordering: .relaxed) }
    /// TLS handshakes that failed (bad client hello, no shared cipher, timeout).
    public var failedTLSHandshakes: Int { failedHandshakes.load(ordering: .relaxed) }

    /// Requests whose client closed its side of the connection, or reset
    /// it, before their answer (see ``ConnectionStateMachine/Action/abandon``
    /// for which of them are cancelled).
    public var closedEarlyRequests: Int { closedEarly.load(ordering: .relaxed) }

    func connectionAccepted() { accepted.add(1, ordering: .relaxed) }
    func connectionRefused() { refused.add(1, ordering: .relaxed) }
    func handshakeCompleted() { handshakes.add(1, ordering: .relaxed) }
    func handshakeFailed() { failedHandshakes.add(1, ordering: .relaxed) }
    func requestClosedEarly() { closedEarly.add(1, ordering: .relaxed) }
}
