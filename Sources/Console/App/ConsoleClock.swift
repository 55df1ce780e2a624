public import Foundation

/// The console's source of the current time, replaceable in tests so session
/// expiry and throttling can be checked without waiting.
public struct ConsoleClock: Sendable {
    private let read: @Sendable () -> Date

    public init(_ read: @escaping @Sendable () -> Date) {
        self.read = read
    }

    /// The wall clock.
    public static let system = ConsoleClock { Date() }

    public var now: Date { read() }
}
