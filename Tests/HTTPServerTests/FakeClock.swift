import Foundation
@testable import HTTPServer

/// A clock that only moves when a test says so.
final class FakeClock: ServerClock, @unchecked Sendable {
    private let lock = NSLock()
    private let start = ContinuousClock.now
    private var offset: Duration = .zero

    func now() -> ContinuousClock.Instant { lock.withLock { start + offset } }
    func httpDate() -> String { "Sun, 06 Nov 1994 08:49:37 GMT" }

    func advance(by duration: Duration) {
        lock.withLock { offset += duration }
    }
}
