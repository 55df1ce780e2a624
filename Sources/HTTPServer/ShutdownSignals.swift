import Dispatch
import Synchronization
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// SIGTERM and SIGINT, caught from the moment this is created until the
/// process ends. Create it before telling anyone the process is ready (the
/// banner a supervisor or test waits for): a signal that arrives between
/// "ready" and the wait is then remembered, never lost or fatal.
public final class ShutdownSignals: Sendable {
    private struct State {
        var received = false
        var waiter: CheckedContinuation<Void, Never>?
        /// Never cancelled, so never released while suspended.
        var sources: [SignalSourceBox] = []
    }

    private let state = Mutex(State())
    private let queue = DispatchQueue(label: "grantdesk.signals")

    public init() {
        var sources: [SignalSourceBox] = []
        for signalNumber in [SIGTERM, SIGINT] {
            // Dispatch takes the signal from here on; the default action would end the process.
            signal(signalNumber, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: queue)
            source.setEventHandler { [weak self] in
                guard let self else { return }
                // SIGTERM and SIGINT may both arrive; the waiter resumes once.
                let waiter = state.withLock { state in
                    state.received = true
                    defer { state.waiter = nil }
                    return state.waiter
                }
                waiter?.resume()
            }
            source.activate()
            sources.append(SignalSourceBox(source: source))
        }
        state.withLock { $0.sources = sources }
        // Activation installs each source on `queue`; once this block has run
        // behind them, the handlers are in place.
        queue.sync {}
    }

    /// Returns once SIGTERM or SIGINT has arrived (at once if one already has).
    public func wait() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let already = state.withLock { state in
                if state.received { return true }
                state.waiter = continuation
                return false
            }
            if already { continuation.resume() }
        }
    }
}

/// Dispatch sources are thread-safe objects that Swift does not mark Sendable.
struct SignalSourceBox: @unchecked Sendable {
    let source: any DispatchSourceSignal
}
