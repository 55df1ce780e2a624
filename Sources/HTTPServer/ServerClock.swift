#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// Where the server's state machines get the time; tests replace it.
public protocol ServerClock: Sendable {
    /// The current monotonic instant, for deadlines.
    func now() -> ContinuousClock.Instant
    /// The current time as an IMF-fixdate for the `Date` header.
    func httpDate() -> String
}

/// The real clock, with the `Date` value formatted at most once per second.
public final class SystemServerClock: ServerClock, @unchecked Sendable {
    // Guarded by `lock`; the cache is shared by all connection queues.
    private let lock = NSLock()
    private var cachedSecond = 0
    private var cachedDate = ""

    /// Creates a clock.
    public init() {}

    /// `ContinuousClock.now`.
    public func now() -> ContinuousClock.Instant { .now }

    /// The current second as an IMF-fixdate, formatted once per second.
    public func httpDate() -> String {
        let second = time(nil)
        lock.lock()
        defer { lock.unlock() }
        if second != cachedSecond || cachedDate.isEmpty {
            cachedSecond = second
            cachedDate = Self.imfFixdate(second)
        }
        return cachedDate
    }

    /// `Sun, 06 Nov 1994 08:49:37 GMT` for the given Unix time.
    static func imfFixdate(_ seconds: Int) -> String {
        var time = seconds
        var parts = tm()
        gmtime_r(&time, &parts)
        let days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        func two(_ value: Int32) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return "\(days[Int(parts.tm_wday)]), \(two(parts.tm_mday)) \(months[Int(parts.tm_mon)]) \(parts.tm_year + 1900) "
            + "\(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec)) GMT"
    }
}
