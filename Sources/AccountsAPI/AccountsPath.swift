import URLText

/// Builds request paths with every dynamic segment percent-encoded, so a room
/// called `team/alpha room` stays one segment (`team%2Falpha%20room`) and a
/// user called `..` stays a name (`%2E%2E`), never "the endpoint above".
struct AccountsPath {
    private(set) var text: String
    /// The path with every dynamic segment as `{}`: the operation's name in
    /// metrics, the same for every project, room and user.
    private(set) var template: String
    private var query: [(String, String)] = []

    init(_ literal: String) {
        text = literal
        template = literal
    }

    /// `/accounts/projects/{pid}` followed by `suffix`.
    static func project(_ projectID: String, _ suffix: String = "") -> AccountsPath {
        var path = AccountsPath("/accounts/projects/" + projectID.percentEncodedPathSegment() + suffix)
        path.template = "/accounts/projects/{}" + suffix
        return path
    }

    /// Appends `/segment`, percent-encoded.
    func appending(_ segment: String) -> AccountsPath {
        var copy = self
        copy.text += "/" + segment.percentEncodedPathSegment()
        copy.template += "/{}"
        return copy
    }

    /// Appends a literal suffix such as `/connect` (not encoded: never pass data).
    func appendingLiteral(_ suffix: StaticString) -> AccountsPath {
        var copy = self
        copy.text += "\(suffix)"
        return copy
    }

    /// Adds a query parameter; nil values are left out.
    func query(_ name: String, _ value: CustomStringConvertible?) -> AccountsPath {
        guard let value else { return self }
        var copy = self
        copy.query.append((name, value.description))
        return copy
    }

    /// The path with its query string.
    var pathAndQuery: String {
        guard !query.isEmpty else { return text }
        return text + "?" + query.map { "\($0.0.percentEncodedComponent())=\($0.1.percentEncodedComponent())" }.joined(separator: "&")
    }
}
