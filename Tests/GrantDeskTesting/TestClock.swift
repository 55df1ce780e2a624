public import Console
public import Foundation
public import HTTPServer
import Synchronization

/// The one clock tests move by hand. It serves both kinds of time the
/// product reads: the server's monotonic instants (deadlines) and the
/// console's wall-clock dates (sessions, throttles, audit records).
public final class TestClock: ServerClock, Sendable {
    private struct State {
        var elapsed: Duration = .zero
    }
    private let start = ContinuousClock.now
    private let startDate: Date
    private let state = Mutex(State())

    /// - Parameter date: the wall-clock time the clock starts at.
    public init(date: Date = Date(timeIntervalSince1970: 1_800_000_000)) {
        startDate = date
    }

    /// Moves both times forward.
    public func advance(by duration: Duration) {
        state.withLock { $0.elapsed += duration }
    }

    /// Moves both times forward by `seconds`.
    public func advance(_ seconds: TimeInterval) {
        advance(by: .milliseconds(Int64((seconds * 1000).rounded())))
    }

    /// The current wall-clock time.
    public var date: Date {
        let elapsed = state.withLock { $0.elapsed }
        let (seconds, attoseconds) = elapsed.components
        return startDate + TimeInterval(seconds) + TimeInterval(attoseconds) / 1e18
    }

    /// The console's view of this clock.
    public var consoleClock: ConsoleClock { ConsoleClock { [self] in date } }

    public func now() -> ContinuousClock.Instant { start + state.withLock { $0.elapsed } }

    /// A fixed IMF-fixdate, so serialised responses are byte-for-byte stable.
    public func httpDate() -> String { "Sun, 06 Nov 1994 08:49:37 GMT" }
}
