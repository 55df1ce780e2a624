/// A request the store cannot carry out, with a message safe to show the caller.
public enum AccountsStoreError: Error, Sendable, Hashable {
    /// The project, room, user, member or grant does not exist.
    case notFound(String)
    /// A room of that name, or that grant or member, already exists.
    case conflict(String)
    /// The request is well-formed JSON but not acceptable (e.g. an empty room name).
    case invalid(String)
}
