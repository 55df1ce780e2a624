/// A request method. Only the methods GrantDesk serves are known; anything
/// else is answered `501 Not Implemented` by the parser.
public enum HTTPMethod: String, Sendable, Hashable, CaseIterable {
    case get = "GET"
    case head = "HEAD"
    case post = "POST"
    case put = "PUT"
    case delete = "DELETE"
    case patch = "PATCH"
    case options = "OPTIONS"

    /// Safe in RFC 9110's sense (9.2.1): the client asks for no change, so
    /// work for it may stop once nobody waits for the answer.
    public var isSafe: Bool {
        switch self {
        case .get, .head, .options: true
        case .post, .put, .delete, .patch: false
        }
    }
}
