import GrantModel

/// `/projects/{pid}/users/{user_id}`: the user's grants across rooms, one
/// page at a time (`?page=`), filtered by room name upstream (`?q=`).
struct UserPageModel: Sendable {
    static let pageSize = 50

    var userID: String
    var query: String
    var hasQuery: Bool
    var canEdit: Bool
    var userURL: String
    var csvURL: String
    var accessURL: String
    var newGrantURL: String
    var grantsTotal: Int
    var table: GrantTable
    var hasGrants: Bool
    var grantsNav: PageNav

    init(projectID pid: String, userID: String, query: String, grants: GrantPage, page: Int, canEdit: Bool) {
        self.userID = userID
        self.query = query
        hasQuery = !query.isEmpty
        self.canEdit = canEdit
        let url = SiteURL.user(pid: pid, userID: userID)
        userURL = url.path
        let filter: [(name: String, value: String)] = query.isEmpty ? [] : [("q", query)]
        csvURL = url.path(query: filter + [("format", "csv")])
        accessURL = SiteURL.access(pid).path(query: [("ask", "can"), ("user", userID)]) + "#can"
        newGrantURL = SiteURL.newGrant(pid: pid, room: nil, user: userID).path
        grantsTotal = grants.total
        let rows = grants.grants.map { GrantRow(grant: $0, projectID: pid, subject: .room) }
        table = GrantTable(firstColumn: "Room", grants: rows)
        hasGrants = !rows.isEmpty
        grantsNav = PageNav(label: "Grant pages", page: page, pageSize: Self.pageSize, total: grants.total, shown: rows.count) {
            url.path(query: filter + ($0 > 1 ? [("page", String($0))] : []))
        }
    }
}
