import HTTPApp
import URLText

/// A link to one console page. Templates never build URLs by hand: page models
/// carry `SiteURL(...).path` strings, so room names and user ids are always
/// percent-encoded and every link matches a registered route.
public enum SiteURL: Sendable, Hashable {
    case root
    case healthz
    case login(next: String?)
    case logout
    /// Sign in through the identity provider; `next` is where to land after.
    case ssoStart(next: String?)
    case ssoCallback
    /// The signed-in user's change-password page; `next` is where to land after.
    case changePassword(next: String?)
    case projects
    case project(String)
    case rooms(String)
    case room(pid: String, room: String)
    case roomEdit(pid: String, room: String)
    case roomDelete(pid: String, room: String)
    case user(pid: String, userID: String)
    case grant(pid: String, room: String, userID: String)
    case grantEdit(pid: String, room: String, userID: String)
    case grantDelete(pid: String, room: String, userID: String)
    case newGrant(pid: String, room: String?, user: String?)
    case members(String)
    case member(pid: String, userID: String)
    case memberDelete(pid: String, userID: String)
    case access(String)
    case audit(String)
    case `static`(String)

    /// The route this URL belongs to.
    public var route: SiteRoute {
        switch self {
        case .root: .root
        case .healthz: .healthz
        case .login: .login
        case .logout: .logout
        case .ssoStart: .ssoStart
        case .ssoCallback: .ssoCallback
        case .changePassword: .changePassword
        case .projects: .projects
        case .project: .project
        case .rooms: .rooms
        case .room: .room
        case .roomEdit: .roomEdit
        case .roomDelete: .roomDelete
        case .user: .user
        case .grant: .grant
        case .grantEdit: .grantEdit
        case .grantDelete: .grantDelete
        case .newGrant: .newGrant
        case .members: .members
        case .member: .member
        case .memberDelete: .memberDelete
        case .access: .access
        case .audit: .audit
        case .static: .staticFile
        }
    }

    private var captures: [String] {
        switch self {
        case .root, .healthz, .login, .logout, .ssoStart, .ssoCallback, .changePassword, .projects: []
        case .project(let pid), .rooms(let pid), .members(let pid), .access(let pid), .audit(let pid): [pid]
        case .newGrant(let pid, _, _): [pid]
        case .room(let pid, let room), .roomEdit(let pid, let room), .roomDelete(let pid, let room): [pid, room]
        case .user(let pid, let userID), .member(let pid, let userID), .memberDelete(let pid, let userID): [pid, userID]
        case .grant(let pid, let room, let userID), .grantEdit(let pid, let room, let userID),
             .grantDelete(let pid, let room, let userID):
            [pid, room, userID]
        case .static(let path): [path]
        }
    }

    private var queryItems: [(name: String, value: String)] {
        switch self {
        case .login(let next?), .changePassword(let next?), .ssoStart(let next?): [("next", next)]
        case .newGrant(_, let room, let user):
            [room.map { ("room", $0) }, user.map { ("user", $0) }].compactMap { $0 }
        default: []
        }
    }

    /// The percent-encoded path and query, e.g. `/projects/p1/rooms/a%20b`.
    /// A room or user named `.` or `..` goes into the query instead
    /// (`/projects/p1/room?room=..`): as a path segment, browsers remove it.
    public var path: String { path(query: []) }

    /// The path with extra query items appended (pagination, sorting, filters);
    /// names and values are percent-encoded.
    public func path(query extra: [(name: String, value: String)]) -> String {
        var values = captures
        var items = queryItems + extra
        var route = self.route
        if let twin = route.queryForm, values.dropFirst(twin.captureNames.count).contains(where: \.isDotSegment) {
            let kept = twin.captureNames.count
            items = zip(route.captureNames[kept...], values[kept...]).map { (name: $0, value: $1) } + items
            values = Array(values[..<kept])
            route = twin
        }
        let base = route.path(filling: values)
        guard !items.isEmpty else { return base }
        let query = items.map { "\($0.name.percentEncodedComponent())=\($0.value.percentEncodedComponent())" }
        return base + "?" + query.joined(separator: "&")
    }
}

extension SiteURL: CustomStringConvertible {
    public var description: String { path }
}
