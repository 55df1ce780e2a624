/// A JSON payload of the accounts API that does not have the documented shape.
///
/// `path` names the offending field the way a reader would write it
/// (`room_grants[3].room.id`), so the message is useful in a log or an error
/// page without quoting the payload itself.
public struct PayloadError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Where the problem is, e.g. `room_grants[3].room.id`; empty for the top level.
    public var path: String
    /// What was wrong, e.g. `expected a string`.
    public var problem: String

    public init(path: String, problem: String) {
        self.path = path
        self.problem = problem
    }

    /// `room_grants[3].room.id: expected a string`.
    public var description: String { path.isEmpty ? problem : "\(path): \(problem)" }
}
