import HTTPApp
import HTTPServer

/// Every URL pattern the console serves, defined once. The router registers
/// these patterns and `SiteURL` fills them to build links, so a link can never
/// point at a route that does not exist. Deep links are public API: rename
/// nothing without adding a redirect.
public enum SiteRoute: String, Sendable, CaseIterable {
    case root = "/"
    case healthz = "/healthz"
    case login = "/login"
    case logout = "/logout"
    case changePassword = "/account/password"
    case projects = "/projects"
    case project = "/projects/:pid"
    case rooms = "/projects/:pid/rooms"
    case room = "/projects/:pid/rooms/:room"
    case roomEdit = "/projects/:pid/rooms/:room/edit"
    case roomDelete = "/projects/:pid/rooms/:room/delete"
    case user = "/projects/:pid/users/:user_id"
    case newGrant = "/projects/:pid/grants/new"
    case grant = "/projects/:pid/grants/:room/:user_id"
    case grantEdit = "/projects/:pid/grants/:room/:user_id/edit"
    case grantDelete = "/projects/:pid/grants/:room/:user_id/delete"
    case members = "/projects/:pid/members"
    case member = "/projects/:pid/members/:user_id"
    case memberDelete = "/projects/:pid/members/:user_id/delete"
    case access = "/projects/:pid/access"
    case audit = "/projects/:pid/audit"
    case staticFile = "/static/*path"

    /// The router pattern: literal segments, `:name` captures, a final `*rest`.
    public var pattern: String { rawValue }

    /// Builds a path by putting `values`, percent-encoded, into the pattern's
    /// captures in order. A `*rest` value is split on `/` and each piece
    /// encoded, so it can never climb out of its prefix with `..` tricks
    /// beyond what the static file handler itself rejects.
    func path(filling values: [String]) -> String {
        var remaining = values[...]
        var out = ""
        for segment in pattern.split(separator: "/") {
            out += "/"
            if segment.hasPrefix(":") {
                out += (remaining.popFirst() ?? "").percentEncodedComponent()
            } else if segment.hasPrefix("*") {
                let rest = remaining.popFirst() ?? ""
                out += rest.split(separator: "/", omittingEmptySubsequences: false)
                    .map { String($0).percentEncodedComponent() }
                    .joined(separator: "/")
            } else {
                out += segment
            }
        }
        return out
    }
}

extension Router where Context == ConsoleContext {
    /// Registers `handler` for `method` on a console route.
    public mutating func on(_ method: HTTPMethod, _ route: SiteRoute, use handler: @escaping Responder<ConsoleContext>) {
        on(method, route.pattern, use: handler)
    }

    /// Registers a GET (and so HEAD) handler on a console route.
    public mutating func get(_ route: SiteRoute, use handler: @escaping Responder<ConsoleContext>) {
        on(.get, route.pattern, use: handler)
    }

    /// Registers a POST handler on a console route.
    public mutating func post(_ route: SiteRoute, use handler: @escaping Responder<ConsoleContext>) {
        on(.post, route.pattern, use: handler)
    }
}
