import HTTPApp
import URLText

/// A link to one console page. Templates never build URLs by hand: page models
/// carry `SiteURL(...).path` strings, so room names and user ids are always
/// percent-encoded and every link matches a registered route.
public enum SiteURL: Sendable, Hashable {
    case root
    case healthz
    case readyz
    case metrics
    case login(next: String?)
    case logout
    /// Sign in through the identity provider; `next` is where to land after.
    case ssoStart(next: String?)
    case ssoCallback
    /// The signed-in user's change-password page; `next` is where to land after.
    case changePassword(next: String?)
    case projects
    case project(String)
    /// Every grant of the project as CSV / as JSON lines.
    case projectExportCSV(String)
    case projectExportJSONL(String)
    case rooms(String)
    case room(pid: String, room: String)
    case roomEdit(pid: String, room: String)
    case roomDelete(pid: String, room: String)
    case user(pid: String, userID: String)
    case grant(pid: String, room: String, userID: String)
    case grantEdit(pid: String, room: String, userID: String)
    case grantDelete(pid: String, room: String, userID: String)
    /// The participant token's `api` grant this grant would give on joining.
    case grantToken(pid: String, room: String, userID: String)
    case newGrant(pid: String, room: String?, user: String?)
    case members(String)
    case member(pid: String, userID: String)
    case memberDelete(pid: String, userID: String)
    case access(String)
    case audit(String)
    case snapshots(String)
    case snapshot(pid: String, id: Int64)
    /// `to` nil compares with the live project (`to=now`).
    case snapshotCompare(pid: String, from: Int64, to: Int64?)
    case reviews(String)
    case newReview(String)
    case review(pid: String, id: Int64)
    case reviewItem(pid: String, id: Int64, item: Int64)
    case reviewApply(pid: String, id: Int64)
    case reviewClose(pid: String, id: Int64)
    case reviewReport(pid: String, id: Int64)
    case reviewReportCSV(pid: String, id: Int64)
    case reviewReportJSON(pid: String, id: Int64)
    case risks(String)
    case matrix(String)
    /// The status a page's script polls while a whole-project scan runs.
    case progress(String)
    case offboard(pid: String, userID: String)
    case bulk(String)
    case roomCopy(pid: String, room: String)
    case operation(pid: String, id: String)
    case operationStatus(pid: String, id: String)
    case operationRetry(pid: String, id: String)
    /// The participant token inspector.
    case tokenInspect
    case oauthClients(String)
    case oauthClientNew(String)
    case oauthClient(pid: String, clientID: String)
    case oauthClientEdit(pid: String, clientID: String)
    case oauthClientDelete(pid: String, clientID: String)
    /// A storage folder (`""` or nil: the top); the path goes in `?path=`.
    case storage(pid: String, folder: String?)
    case storageDownload(pid: String, path: String)
    case storageUpload(pid: String, path: String?)
    case storageDelete(pid: String, path: String)
    case `static`(String)

    /// The route this URL belongs to.
    public var route: SiteRoute {
        switch self {
        case .root: .root
        case .healthz: .healthz
        case .readyz: .readyz
        case .metrics: .metrics
        case .login: .login
        case .logout: .logout
        case .ssoStart: .ssoStart
        case .ssoCallback: .ssoCallback
        case .changePassword: .changePassword
        case .projects: .projects
        case .project: .project
        case .projectExportCSV: .projectExportCSV
        case .projectExportJSONL: .projectExportJSONL
        case .rooms: .rooms
        case .room: .room
        case .roomEdit: .roomEdit
        case .roomDelete: .roomDelete
        case .user: .user
        case .grant: .grant
        case .grantEdit: .grantEdit
        case .grantDelete: .grantDelete
        case .grantToken: .grantToken
        case .newGrant: .newGrant
        case .members: .members
        case .member: .member
        case .memberDelete: .memberDelete
        case .access: .access
        case .audit: .audit
        case .snapshots: .snapshots
        case .snapshot: .snapshot
        case .snapshotCompare: .snapshotCompare
        case .reviews: .reviews
        case .newReview: .newReview
        case .review: .review
        case .reviewItem: .reviewItem
        case .reviewApply: .reviewApply
        case .reviewClose: .reviewClose
        case .reviewReport: .reviewReport
        case .reviewReportCSV: .reviewReportCSV
        case .reviewReportJSON: .reviewReportJSON
        case .risks: .risks
        case .matrix: .matrix
        case .progress: .progress
        case .offboard: .offboard
        case .bulk: .bulk
        case .roomCopy: .roomCopy
        case .operation: .operation
        case .operationStatus: .operationStatus
        case .operationRetry: .operationRetry
        case .tokenInspect: .tokenInspect
        case .oauthClients: .oauthClients
        case .oauthClientNew: .oauthClientNew
        case .oauthClient: .oauthClient
        case .oauthClientEdit: .oauthClientEdit
        case .oauthClientDelete: .oauthClientDelete
        case .storage: .storage
        case .storageDownload: .storageDownload
        case .storageUpload: .storageUpload
        case .storageDelete: .storageDelete
        case .static: .staticFile
        }
    }

    private var captures: [String] {
        switch self {
        case .root, .healthz, .readyz, .metrics, .login, .logout, .ssoStart, .ssoCallback, .changePassword, .projects,
             .tokenInspect:
            []
        case .project(let pid), .rooms(let pid), .members(let pid), .access(let pid), .audit(let pid),
             .risks(let pid), .matrix(let pid), .progress(let pid), .bulk(let pid),
             .projectExportCSV(let pid), .projectExportJSONL(let pid):
            [pid]
        case .offboard(let pid, let userID): [pid, userID]
        case .roomCopy(let pid, let room): [pid, room]
        case .operation(let pid, let id), .operationStatus(let pid, let id), .operationRetry(let pid, let id): [pid, id]
        case .oauthClients(let pid), .oauthClientNew(let pid): [pid]
        case .storage(let pid, _), .storageDownload(let pid, _), .storageUpload(let pid, _), .storageDelete(let pid, _): [pid]
        case .oauthClient(let pid, let clientID), .oauthClientEdit(let pid, let clientID),
             .oauthClientDelete(let pid, let clientID):
            [pid, clientID]
        case .newGrant(let pid, _, _): [pid]
        case .room(let pid, let room), .roomEdit(let pid, let room), .roomDelete(let pid, let room): [pid, room]
        case .user(let pid, let userID), .member(let pid, let userID), .memberDelete(let pid, let userID): [pid, userID]
        case .grant(let pid, let room, let userID), .grantEdit(let pid, let room, let userID),
             .grantDelete(let pid, let room, let userID), .grantToken(let pid, let room, let userID):
            [pid, room, userID]
        case .snapshots(let pid), .reviews(let pid), .newReview(let pid), .snapshotCompare(let pid, _, _): [pid]
        case .snapshot(let pid, let id), .review(let pid, let id), .reviewApply(let pid, let id),
             .reviewClose(let pid, let id), .reviewReport(let pid, let id), .reviewReportCSV(let pid, let id),
             .reviewReportJSON(let pid, let id):
            [pid, String(id)]
        case .reviewItem(let pid, let id, let item): [pid, String(id), String(item)]
        case .static(let path): [path]
        }
    }

    private var queryItems: [(name: String, value: String)] {
        switch self {
        case .login(let next?), .changePassword(let next?), .ssoStart(let next?): [("next", next)]
        case .storage(_, let folder?) where !folder.isEmpty: [("path", folder)]
        case .storageDownload(_, let path), .storageDelete(_, let path), .storageUpload(_, let path?): [("path", path)]
        case .newGrant(_, let room, let user):
            [room.map { ("room", $0) }, user.map { ("user", $0) }].compactMap { $0 }
        case .snapshotCompare(_, let from, let to): [("from", String(from)), ("to", to.map { String($0) } ?? "now")]
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
