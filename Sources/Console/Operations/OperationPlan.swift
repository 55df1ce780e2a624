public import Foundation
public import GrantModel

/// Identifies one operation (and every audit record it wrote: the id is in
/// each record's target, so the audit page's target filter finds them all).
public struct OperationID: Sendable, Hashable, CustomStringConvertible {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public var description: String { rawValue }
}

/// Who an operation acts for: the admin who started it, or `system` (the
/// expiry sweeper). Its audit records carry this actor, role and request id.
public struct OperationActor: Sendable, Hashable {
    public var name: String
    public var role: String
    public var requestID: String

    public init(name: String, role: String, requestID: String) {
        self.name = name
        self.role = role
        self.requestID = requestID
    }

    /// The signed-in user of `context`.
    public init(_ context: ConsoleContext) {
        self.init(name: context.user?.name ?? "-", role: context.user?.role.rawValue ?? "-", requestID: context.requestID)
    }

    /// GrantDesk itself (expiries).
    public static func system(requestID: String) -> OperationActor {
        OperationActor(name: "system", role: "system", requestID: requestID)
    }
}

/// What to do when the grant an item would write already exists.
public enum ExistingGrantPolicy: String, Sendable, Hashable, CaseIterable {
    /// Leave it as it is; the item is skipped.
    case skip
    /// Replace its scope.
    case overwrite
}

/// One change of an operation, against the upstream.
public enum OperationAction: Sendable, Hashable {
    /// Gives `scope` to the user in the room (create, or replace per `existing`).
    /// `expected` is the grant the preview showed (nil: none), so a grant
    /// changed since then is skipped, not overwritten unseen.
    case put(scope: JSONValue, existing: ExistingGrantPolicy, expected: JSONValue?, expiresAt: Date?)
    /// Deletes the grant, if it is still `expected` (nil: whatever it is).
    case delete(expected: JSONValue?)
    /// Removes the user's project membership (room and room id are empty).
    case removeMember

    var name: String {
        switch self {
        case .put: "put"
        case .delete: "delete"
        case .removeMember: "remove_member"
        }
    }
}

/// One item of an operation: the change and its words for people.
public struct OperationItem: Sendable, Hashable {
    public var action: OperationAction
    public var room: String
    public var roomID: String
    public var userID: String
    /// For people: "Ada Lovelace <ada@example.com> in room lobby".
    public var description: String
    /// The change in plain words, one line each, and whether any line gives more access.
    public var change: [String]
    public var widens: Bool

    public init(action: OperationAction, room: String, roomID: String, userID: String, description: String,
                change: [String] = [], widens: Bool = false) {
        self.action = action
        self.room = room
        self.roomID = roomID
        self.userID = userID
        self.description = description
        self.change = change
        self.widens = widens
    }
}

/// An operation before it runs: what it is for people, and its items in order.
public struct OperationPlan: Sendable, Hashable {
    public var project: String
    /// A stable kind: `offboard`, `bulk-grant`, `copy-room`, `review`, `expiry`.
    public var kind: String
    /// For people: "Offboard Ada Lovelace".
    public var label: String
    /// What else the operation belongs to (a review campaign's id); written into every audit record.
    public var tag: String?
    public var items: [OperationItem]

    public init(project: String, kind: String, label: String, tag: String? = nil, items: [OperationItem]) {
        self.project = project
        self.kind = kind
        self.label = label
        self.tag = tag
        self.items = items
    }
}

/// How one item ended (or that it has not yet).
public enum OperationItemStatus: String, Sendable, Hashable, CaseIterable {
    case pending, running, done, failed, skipped
    /// The process running it stopped before the item ended (a restart):
    /// not done, retryable; a write in flight may or may not have been applied.
    case interrupted

    /// Whether "retry failed items" takes it.
    var isRetryable: Bool { self == .failed || self == .interrupted || self == .pending }
}
