/// What a console user may do. Reviewers read everything and change nothing.
public enum ConsoleRole: String, Sendable, Hashable, CaseIterable, Codable {
    case admin
    case reviewer
}

/// A signed-in console user, as the request context carries it.
public struct ConsoleUser: Sendable, Hashable {
    /// The sign-in name, unique among console users.
    public var name: String
    public var role: ConsoleRole

    public init(name: String, role: ConsoleRole) {
        self.name = name
        self.role = role
    }

    public var isAdmin: Bool { role == .admin }
}
