import HTTPApp
import HTTPServer
import URLText

/// Every URL pattern the console serves, defined once. The router registers
/// these patterns and `SiteURL` fills them to build links, so a link can never
/// point at a route that does not exist. Deep links are public API: rename
/// nothing without adding a redirect.
public enum SiteRoute: String, Sendable, CaseIterable {
    case root = "/"
    case healthz = "/healthz"
    case readyz = "/readyz"
    case metrics = "/metrics"
    case login = "/login"
    case logout = "/logout"
    /// Starts a single sign-on at the identity provider (`?next=` kept).
    case ssoStart = "/login/sso"
    /// Where the identity provider sends the browser back.
    case ssoCallback = "/login/sso/callback"
    case changePassword = "/account/password"
    case projects = "/projects"
    case project = "/projects/:pid"
    case projectExportCSV = "/projects/:pid/export.csv"
    case projectExportJSONL = "/projects/:pid/export.jsonl"
    case rooms = "/projects/:pid/rooms"
    case room = "/projects/:pid/rooms/:room"
    case roomEdit = "/projects/:pid/rooms/:room/edit"
    case roomDelete = "/projects/:pid/rooms/:room/delete"
    case user = "/projects/:pid/users/:user_id"
    case newGrant = "/projects/:pid/grants/new"
    case grant = "/projects/:pid/grants/:room/:user_id"
    case grantEdit = "/projects/:pid/grants/:room/:user_id/edit"
    case grantDelete = "/projects/:pid/grants/:room/:user_id/delete"
    case grantToken = "/projects/:pid/grants/:room/:user_id/token"
    case members = "/projects/:pid/members"
    case member = "/projects/:pid/members/:user_id"
    case memberDelete = "/projects/:pid/members/:user_id/delete"
    case access = "/projects/:pid/access"
    case audit = "/projects/:pid/audit"
    case snapshots = "/projects/:pid/snapshots"
    case snapshotCompare = "/projects/:pid/snapshots/compare"
    case snapshot = "/projects/:pid/snapshots/:id"
    case reviews = "/projects/:pid/reviews"
    case newReview = "/projects/:pid/reviews/new"
    case review = "/projects/:pid/reviews/:id"
    /// A reviewer's decision on one item: the one route reviewers may post to
    /// besides signing out (see `RoleMiddleware`).
    case reviewItem = "/projects/:pid/reviews/:id/items/:item"
    case reviewApply = "/projects/:pid/reviews/:id/apply"
    case reviewClose = "/projects/:pid/reviews/:id/close"
    case reviewReport = "/projects/:pid/reviews/:id/report"
    case reviewReportCSV = "/projects/:pid/reviews/:id/report.csv"
    case reviewReportJSON = "/projects/:pid/reviews/:id/report.json"
    case risks = "/projects/:pid/risks"
    case matrix = "/projects/:pid/matrix"
    case progress = "/projects/:pid/progress"
    case offboard = "/projects/:pid/users/:user_id/offboard"
    case bulk = "/projects/:pid/bulk"
    case roomCopy = "/projects/:pid/rooms/:room/copy"
    case operation = "/projects/:pid/operations/:operation"
    case operationStatus = "/projects/:pid/operations/:operation/status"
    case operationRetry = "/projects/:pid/operations/:operation/retry"
    case tokenInspect = "/tokens/inspect"
    case oauthClients = "/projects/:pid/oauth-clients"
    case oauthClientNew = "/projects/:pid/oauth-clients/new"
    case oauthClient = "/projects/:pid/oauth-clients/:client_id"
    case oauthClientEdit = "/projects/:pid/oauth-clients/:client_id/edit"
    case oauthClientDelete = "/projects/:pid/oauth-clients/:client_id/delete"
    case storage = "/projects/:pid/storage"
    case storageDownload = "/projects/:pid/storage/download"
    case storageUpload = "/projects/:pid/storage/upload"
    case storageDelete = "/projects/:pid/storage/delete"
    case staticFile = "/static/*path"

    // Query-string forms of the routes whose room or user segment may be `.`
    // or `..`: browsers remove such segments from a path (also written
    // `%2E%2E`), so `SiteURL` links to these instead, with the name in the
    // query under the capture's own name (`?room=..&user_id=.`).
    case roomQuery = "/projects/:pid/room"
    case roomEditQuery = "/projects/:pid/room/edit"
    case roomDeleteQuery = "/projects/:pid/room/delete"
    case userQuery = "/projects/:pid/user"
    case grantQuery = "/projects/:pid/grant"
    case grantEditQuery = "/projects/:pid/grant/edit"
    case grantDeleteQuery = "/projects/:pid/grant/delete"
    case grantTokenQuery = "/projects/:pid/grant/token"
    case memberQuery = "/projects/:pid/member"
    case memberDeleteQuery = "/projects/:pid/member/delete"
    case offboardQuery = "/projects/:pid/user/offboard"
    case roomCopyQuery = "/projects/:pid/room/copy"

    /// The router pattern: literal segments, `:name` captures, a final `*rest`.
    public var pattern: String { rawValue }

    /// The query-string form of this route, for names that cannot be a path segment.
    var queryForm: SiteRoute? {
        switch self {
        case .room: .roomQuery
        case .roomEdit: .roomEditQuery
        case .roomDelete: .roomDeleteQuery
        case .user: .userQuery
        case .grant: .grantQuery
        case .grantEdit: .grantEditQuery
        case .grantDelete: .grantDeleteQuery
        case .grantToken: .grantTokenQuery
        case .member: .memberQuery
        case .memberDelete: .memberDeleteQuery
        case .offboard: .offboardQuery
        case .roomCopy: .roomCopyQuery
        default: nil
        }
    }

    /// Whether `path` (as received, percent-encoded) is an address of this route.
    func matches(path: String) -> Bool {
        let wanted = pattern.split(separator: "/")
        let given = path.split(separator: "/")
        guard wanted.count == given.count else { return false }
        return zip(wanted, given).allSatisfy { $0.hasPrefix(":") || $0 == $1 }
    }

    /// The names of the pattern's `:name` captures, in order.
    var captureNames: [String] {
        pattern.split(separator: "/").filter { $0.hasPrefix(":") }.map { String($0.dropFirst()) }
    }

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
    /// A route with a query-string form answers there too, with the same
    /// handler: the captures the short pattern lacks are read from the query.
    public mutating func on(_ method: HTTPMethod, _ route: SiteRoute, use handler: @escaping Responder<ConsoleContext>) {
        on(method, route.pattern, use: handler)
        guard let twin = route.queryForm else { return }
        let fromQuery = Array(route.captureNames.dropFirst(twin.captureNames.count))
        on(method, twin.pattern) { request, context in
            let query = try URLEncodedForm(query: request)
            var context = context
            for name in fromQuery {
                guard let value = query[name] else {
                    throw HTTPError(.notFound, message: "There is no page at this address (it needs ?\(name)=).")
                }
                context.parameters[name] = value
            }
            return try await handler(request, context)
        }
    }

    /// Registers a GET (and so HEAD) handler on a console route.
    public mutating func get(_ route: SiteRoute, use handler: @escaping Responder<ConsoleContext>) {
        on(.get, route, use: handler)
    }

    /// Registers a POST handler on a console route.
    public mutating func post(_ route: SiteRoute, use handler: @escaping Responder<ConsoleContext>) {
        on(.post, route, use: handler)
    }
}
