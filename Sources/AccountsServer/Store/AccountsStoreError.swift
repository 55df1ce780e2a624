/// A request the store cannot carry out, with a message safe to show the caller.
public enum AccountsStoreError: Error, Sendable, Hashable {
    /// The project, room, user, member or grant does not exist.
    case notFound(String)
    /// A room of that name, or that grant or member, already exists.
    case conflict(String)
    /// The caller may not do this (e.g. join a room without a grant in it).
    case forbidden(String)
    /// The request is well-formed JSON but not acceptable (e.g. an empty room name).
    case invalid(String)
}
