public import Foundation

/// Identifies one audited change from `begin` to `complete`.
public struct AuditEntryID: Sendable, Hashable, CustomStringConvertible {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public var description: String { rawValue }
}

/// How an audited change ended.
public enum AuditOutcome: Sendable, Hashable {
    case succeeded
    /// The change failed; the reason is safe to show (no internal error text).
    case failed(String)

    var text: String {
        switch self {
        case .succeeded: "succeeded"
        case .failed(let reason): "failed: \(reason)"
        }
    }
}

/// What a change was aimed at. `project` lets the audit page filter by
/// project; `resource` is a readable description such as `grant lobby / alice`.
public struct AuditTarget: Sendable, Hashable {
    public var project: String?
    public var resource: String

    public init(project: String?, resource: String) {
        self.project = project
        self.resource = resource
    }

    /// A room is named by name and, once known, id (`room lobby [id r1]`):
    /// a name can look like another room's id, so the name alone is not proof
    /// of which room a change reached.
    public static func grant(pid: String, room: String, roomID: String? = nil, userID: String) -> AuditTarget {
        AuditTarget(project: pid, resource: "grant \(roomText(room, roomID)) / \(userID)")
    }

    public static func room(pid: String, room: String, roomID: String? = nil) -> AuditTarget {
        AuditTarget(project: pid, resource: "room \(roomText(room, roomID))")
    }

    private static func roomText(_ name: String, _ id: String?) -> String {
        id.map { "\(name) [id \($0)]" } ?? name
    }

    public static func member(pid: String, userID: String) -> AuditTarget {
        AuditTarget(project: pid, resource: "member \(userID)")
    }

    public static func oauthClient(pid: String, clientID: String) -> AuditTarget {
        AuditTarget(project: pid, resource: "oauth client \(clientID)")
    }

    /// A file or folder of the project's storage, by its path.
    public static func storage(pid: String, path: String) -> AuditTarget {
        AuditTarget(project: pid, resource: "storage \(path)")
    }
}

/// One audited action as the audit page shows it: the `begin` row merged
/// with its completion, or a `refused` row.
public struct AuditEntry: Sendable, Hashable {
    public var id: AuditEntryID
    /// Position in the log (the `seq` of its first row); newer is larger.
    public var sequence: Int64
    public var time: Date
    public var actor: String
    public var role: String
    public var requestID: String
    public var project: String?
    public var action: String
    public var target: String
    public var before: String?
    public var after: String?
    /// `pending`, `succeeded`, `failed: …`, `refused: …` or
    /// `interrupted (outcome unknown)`.
    public var outcome: String
    public var completedAt: Date?
}

/// The result of checking the hash chain.
public enum AuditVerification: Sendable, Hashable {
    case intact(rows: Int)
    /// The first row (by `seq`) where the chain breaks, and why.
    case broken(sequence: Int64, reason: String)

    public var isIntact: Bool {
        if case .intact = self { return true }
        return false
    }
}
