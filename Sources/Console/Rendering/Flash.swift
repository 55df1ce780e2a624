/// A one-time message shown at the top of the next page.
public struct Flash: Sendable, Hashable {
    /// The message's tone; templates use it as a CSS modifier (`flash-success`).
    public enum Kind: String, Sendable, Hashable, CustomStringConvertible {
        case success, error, warning, info
        public var description: String { rawValue }
    }

    public var kind: Kind
    public var message: String
    /// Errors and warnings are announced at once (`role="alert"`), others
    /// politely. Stored because templates read models by reflection.
    public private(set) var isUrgent: Bool

    public init(kind: Kind, message: String) {
        self.kind = kind
        self.message = message
        self.isUrgent = kind == .error || kind == .warning
    }

    public static func success(_ message: String) -> Flash { Flash(kind: .success, message: message) }
    public static func error(_ message: String) -> Flash { Flash(kind: .error, message: message) }
    public static func warning(_ message: String) -> Flash { Flash(kind: .warning, message: message) }
    public static func info(_ message: String) -> Flash { Flash(kind: .info, message: message) }
}
