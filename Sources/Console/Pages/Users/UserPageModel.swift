import GrantModel

/// `/projects/{pid}/users/{user_id}`: the user's grants across rooms, one
/// page at a time (`?page=`), filtered by room name upstream (`?q=`).
struct UserPageModel: Sendable {
    static let pageSize = 50

    var userID: String
    /// The person's name when the member list knows it, else the email, else the id.
    var displayName: String
    var showID: Bool
    var email: String?
    var grantsText: String
    var query: String
    var hasQuery: Bool
    var canEdit: Bool
    var userURL: String
    var csvURL: String
    var accessURL: String
    /// The user's risky grants and their row of the matrix.
    var risksURL: String
    var matrixURL: String
    var newGrantURL: String
    /// A new access review of this user's grants, pre-filled.
    var reviewURL: String
    var offboardURL: String
    var bulkURL: String
    var grantsTotal: Int
    var table: GrantTable
    var hasGrants: Bool
    var grantsNav: PageNav

    init(projectID pid: String, userID: String, person: PersonDisplay, query: String, grants: GrantList, page: Int, canEdit: Bool) {
        self.userID = visible(userID)
        displayName = person.primary
        showID = person.secondaryID != nil
        email = person.email
        grantsText = counted(grants.total, "grant") + (query.isEmpty ? "" : " matching")
        self.query = query
        hasQuery = !query.isEmpty
        self.canEdit = canEdit
        let url = SiteURL.user(pid: pid, userID: userID)
        userURL = url.path
        let filter: [(name: String, value: String)] = query.isEmpty ? [] : [("q", query)]
        csvURL = url.path(query: filter + [("format", "csv")])
        accessURL = SiteURL.access(pid).path(query: [("ask", "can"), ("user", userID)]) + "#can"
        newGrantURL = SiteURL.newGrant(pid: pid, room: nil, user: userID).path
        reviewURL = SiteURL.newReview(pid).path(query: [("scope", "users"), ("users", userID)])
        offboardURL = SiteURL.offboard(pid: pid, userID: userID).path
        bulkURL = SiteURL.bulk(pid).path(query: [("user", userID)])
        risksURL = SiteURL.risks(pid).path(query: [("user", userID)])
        matrixURL = SiteURL.matrix(pid).path(query: [("users_q", userID)])
        grantsTotal = grants.total
        let rows = GrantRow.rows(grants.grants, projectID: pid, subject: .room)
        table = GrantTable(firstColumn: "Room", grants: rows)
        hasGrants = !rows.isEmpty
        grantsNav = PageNav(label: "Grant pages", page: page, pageSize: Self.pageSize, total: grants.total, shown: rows.count) {
            url.path(query: filter + ($0 > 1 ? [("page", String($0))] : []))
        }
    }
}
