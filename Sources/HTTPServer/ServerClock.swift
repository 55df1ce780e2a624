#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

/// Where the server's state machines get the time; tests replace it.
public protocol ServerClock: Sendable {
    /// The current monotonic instant, for deadlines.
    func now() -> ContinuousClock.Instant
    /// The current time as an IMF-fixdate for the `Date` header.
    func httpDate() -> String
}

/// The real clock, with the `Date` value formatted at most once per second.
public final class SystemServerClock: ServerClock, Sendable {
    // The last second formatted and its text, shared by all connection queues.
    private let cache = Mutex<(second: Int, date: String)>((0, ""))

    /// Creates a clock.
    public init() {}

    /// `ContinuousClock.now`.
    public func now() -> ContinuousClock.Instant { .now }

    /// The current second as an IMF-fixdate, formatted once per second.
    public func httpDate() -> String {
        let second = time(nil)
        return cache.withLock { cache in
            if second != cache.second || cache.date.isEmpty {
                cache = (second, HTTPDateFormat.format(Int64(second)))
            }
            return cache.date
        }
    }
}
