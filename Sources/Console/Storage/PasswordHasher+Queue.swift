import Dispatch

extension PasswordHasher {
    /// One serial queue for every scrypt computation. Hashing is deliberately
    /// slow (tenths of a second) and memory-hard (16 MiB): run on Swift's
    /// cooperative pool, which has one thread per core, two sign-ins would
    /// stall every other request; run concurrently, a sign-in burst would
    /// multiply the memory. Serialised here, neither happens, and the login
    /// throttle keeps the queue short.
    private static let queue = DispatchQueue(label: "grantdesk.password-hashing", qos: .userInitiated)

    /// `hash(_:)`, off the cooperative pool.
    func hashOffPool(_ password: String) async throws -> String {
        try await withCheckedThrowingContinuation { continuation in
            Self.queue.async { continuation.resume(with: Result { try self.hash(password) }) }
        }
    }

    /// `verify(_:against:)`, off the cooperative pool.
    func verifyOffPool(_ password: String, against encoded: String) async -> Bool {
        await withCheckedContinuation { continuation in
            Self.queue.async { continuation.resume(returning: self.verify(password, against: encoded)) }
        }
    }

    /// `burnEquivalentWork(_:)`, off the cooperative pool.
    func burnEquivalentWorkOffPool(_ password: String) async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            Self.queue.async {
                self.burnEquivalentWork(password)
                continuation.resume()
            }
        }
    }
}
