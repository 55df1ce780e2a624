import Dispatch
import Synchronization

/// The one serial queue for every scrypt computation, with a bound on how
/// many may wait. Hashing is deliberately slow (tenths of a second) and
/// memory-hard (16 MiB): run on Swift's cooperative pool, which has one
/// thread per core, two sign-ins would stall every other request; run
/// concurrently, a sign-in burst would multiply the memory. Serialised here,
/// neither happens. The bound keeps a burst from queueing every later
/// sign-in behind minutes of hashing: past `maximumWaiting` hashes waiting
/// behind the running one, work is refused at once with `Busy`.
public final class PasswordQueue: Sendable {
    /// The queue is full; nothing was computed.
    public struct Busy: Error, Equatable {}

    /// Hashes allowed to wait behind the one running.
    public let maximumWaiting: Int
    let queue = DispatchQueue(label: "grantdesk.password-hashing", qos: .userInitiated)
    /// Running plus waiting.
    private let admitted = Mutex(0)

    public init(maximumWaiting: Int = 4) {
        self.maximumWaiting = maximumWaiting
    }

    /// Enqueues `work` when there is room and reports whether it did.
    /// Synchronous, so the caller knows on return whether the work holds a
    /// place in the queue.
    func submit(_ work: @escaping @Sendable () -> Void) -> Bool {
        let taken = admitted.withLock { count in
            guard count <= maximumWaiting else { return false }
            count += 1
            return true
        }
        guard taken else { return false }
        queue.async {
            work()
            self.admitted.withLock { $0 -= 1 }
        }
        return true
    }

    /// Runs `work` on the queue and returns its result, or throws `Busy`.
    func run<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            let taken = submit { continuation.resume(with: Result { try work() }) }
            if !taken { continuation.resume(throwing: Busy()) }
        }
    }
}
