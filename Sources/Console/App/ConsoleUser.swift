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
    /// Set for a first admin whose password was generated: every page leads
    /// to the change-password page until the password is changed.
    public var mustChangePassword: Bool
    /// For a user signed in through the identity provider: its subject,
    /// issuer and email, which the audit log records with the name.
    public var identity: String?

    public init(name: String, role: ConsoleRole, mustChangePassword: Bool = false, identity: String? = nil) {
        self.name = name
        self.role = role
        self.mustChangePassword = mustChangePassword
        self.identity = identity
    }

    /// Who the audit log says acted: the name, and the provider identity if any.
    public var auditActor: String {
        identity.map { "\(name) (\($0))" } ?? name
    }

    public var isAdmin: Bool { role == .admin }
}
