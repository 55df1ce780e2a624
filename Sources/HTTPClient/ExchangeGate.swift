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
        var waiting: [(ticket: UInt64, continuation: CheckedContinuation<Bool, Never>)] = []
        var lastTicket: UInt64 = 0
    }

    private let state: Mutex<State>

    init(limit: Int) {
        state = Mutex(State(available: max(1, limit)))
    }

    /// Waits for a free slot: true once admitted (pair with ``leave()``),
    /// false when the task is cancelled before its turn (it holds no slot,
    /// and stops waiting at once: a page whose reader has gone does not keep
    /// its place in the line).
    func enter() async -> Bool {
        let ticket = state.withLock { state in
            state.lastTicket += 1
            return state.lastTicket
        }
        return await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Bool, Never>) in
                let admitted = state.withLock { state -> Bool? in
                    // Checked under the lock: a cancellation that came before
                    // this waiter was listed found nothing to take out.
                    if Task.isCancelled { return false }
                    guard state.available > 0 else {
                        state.waiting.append((ticket, continuation))
                        return nil
                    }
                    state.available -= 1
                    return true
                }
                if let admitted { continuation.resume(returning: admitted) }
            }
        } onCancel: {
            let leaving = state.withLock { state -> CheckedContinuation<Bool, Never>? in
                guard let index = state.waiting.firstIndex(where: { $0.ticket == ticket }) else { return nil }
                return state.waiting.remove(at: index).continuation
            }
            leaving?.resume(returning: false)
        }
    }

    /// Frees a slot, handing it straight to the longest waiter if any.
    func leave() {
        let next = state.withLock { state -> CheckedContinuation<Bool, Never>? in
            guard !state.waiting.isEmpty else {
                state.available += 1
                return nil
            }
            return state.waiting.removeFirst().continuation
        }
        next?.resume(returning: true)
    }
}
