import Synchronization

/// Lets at most `limit` exchanges run at once; the others wait their turn,
/// first come first served.
///
/// Without it a console under load opened a connection per concurrent
/// upstream call: 64 busy page loads, each reading a few pages of grants at
/// once, went past the embedded API's 64 connections per address, and the
/// refused calls turned into error pages and retried reads.
final class ExchangeGate: Sendable {
    private struct State {
        var available: Int
        var waiting: [CheckedContinuation<Void, Never>] = []
    }

    private let state: Mutex<State>

    init(limit: Int) {
        state = Mutex(State(available: max(1, limit)))
    }

    /// Waits for a free slot; pair with ``leave()``.
    func enter() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let admitted = state.withLock { state in
                guard state.available > 0 else {
                    state.waiting.append(continuation)
                    return false
                }
                state.available -= 1
                return true
            }
            if admitted { continuation.resume() }
        }
    }

    /// Frees a slot, handing it straight to the longest waiter if any.
    func leave() {
        let next = state.withLock { state -> CheckedContinuation<Void, Never>? in
            guard !state.waiting.isEmpty else {
                state.available += 1
                return nil
            }
            return state.waiting.removeFirst()
        }
        next?.resume()
    }
}
