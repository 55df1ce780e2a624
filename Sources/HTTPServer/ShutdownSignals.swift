import Dispatch
import Synchronization
public import Transport
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The write end of the pipe that the signal handler writes one byte to.
private let signalPipe = Atomic<Int32>(-1)

/// SIGTERM and SIGINT (and, when asked, SIGHUP), caught from the moment
/// this is created until the process ends. Create it (once per process)
/// before telling anyone the process is ready, such as the banner a
/// supervisor or test waits for.
///
/// A plain `sigaction` handler writes to a pipe (the self-pipe pattern): the
/// handler is in place as soon as `init` returns, and a signal that arrives
/// before anyone waits stays in the pipe. Dispatch signal sources are not
/// used: on Linux they drop a signal that arrives before their asynchronous
/// registration completes, which made `serve` ignore an early SIGTERM.
public final class ShutdownSignals: Sendable {
    private struct State {
        var received = false
        var waiter: CheckedContinuation<Void, Never>?
        var hangUp: (@Sendable () -> Void)?
        /// A SIGHUP came before anyone asked for them.
        var pendingHangUp = false
        /// Never cancelled, so never released while suspended.
        var reader: ReadSourceBox?
    }

    private let state = Mutex(State())
    private let queue = DispatchQueue(label: "grantdesk.signals")

    /// - Parameter catchHangUp: also catch SIGHUP, for ``onHangUp(_:)``
    ///   (a reload request); until a handler is set, a SIGHUP is ignored
    ///   rather than ending the process.
    public init(catchHangUp: Bool = false) throws(SystemError) {
        var ends: [Int32] = [-1, -1]
        guard pipe(&ends) == 0 else { throw SystemError(call: "pipe", errno: errno) }
        let (readEnd, writeEnd) = (ends[0], ends[1])
        for end in ends {
            // Non-blocking both ways: the handler must never block on a full pipe.
            guard fcntl(end, F_SETFD, FD_CLOEXEC) == 0, fcntl(end, F_SETFL, O_NONBLOCK) == 0 else {
                throw SystemError(call: "fcntl", errno: errno)
            }
        }
        signalPipe.store(writeEnd, ordering: .sequentiallyConsistent)

        let reader = DispatchSource.makeReadSource(fileDescriptor: readEnd, queue: queue)
        reader.setEventHandler { [weak self] in
            var bytes = [UInt8](repeating: 0, count: 16)
            var signals: [UInt8] = []
            while true {
                let count = bytes.withUnsafeMutableBytes { read(readEnd, $0.baseAddress, $0.count) }
                guard count > 0 else { break }
                signals += bytes.prefix(count)
            }
            guard let self else { return }
            if signals.contains(UInt8(SIGHUP)) {
                let hangUp = state.withLock { state in
                    if state.hangUp == nil { state.pendingHangUp = true }
                    return state.hangUp
                }
                hangUp?()
            }
            guard signals.contains(where: { $0 != UInt8(SIGHUP) }) else { return }
            // SIGTERM and SIGINT may both arrive; the waiter resumes once.
            let waiter = state.withLock { state in
                state.received = true
                defer { state.waiter = nil }
                return state.waiter
            }
            waiter?.resume()
        }
        reader.activate()
        state.withLock { $0.reader = ReadSourceBox(source: reader) }

        var action = sigaction()
        action.__sigaction_handler.sa_handler = { signalNumber in
            // Async-signal-safe: one write(2), errno left as it was.
            let saved = errno
            var byte = UInt8(truncatingIfNeeded: signalNumber)
            let fd = signalPipe.load(ordering: .sequentiallyConsistent)
            if fd >= 0 { _ = write(fd, &byte, 1) }
            errno = saved
        }
        sigemptyset(&action.sa_mask)
        action.sa_flags = SA_RESTART
        for signalNumber in [SIGTERM, SIGINT] + (catchHangUp ? [SIGHUP] : []) {
            guard sigaction(signalNumber, &action, nil) == 0 else { throw SystemError(call: "sigaction", errno: errno) }
        }
    }

    /// Calls `handler` (on a private queue) for every SIGHUP from now on,
    /// and once at once if one came before; needs `catchHangUp` at creation.
    public func onHangUp(_ handler: @escaping @Sendable () -> Void) {
        let pending = state.withLock { state in
            state.hangUp = handler
            defer { state.pendingHangUp = false }
            return state.pendingHangUp
        }
        if pending { queue.async(execute: handler) }
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
struct ReadSourceBox: @unchecked Sendable {
    let source: any DispatchSourceRead
}
