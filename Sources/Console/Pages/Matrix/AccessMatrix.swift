import AccountsAPI
import GrantModel

/// One window of the rooms × users matrix: up to `roomsPerPage` rooms and
/// `usersPerPage` users, and the grants between them. Only the window's grants
/// are read and kept, so a 2,000 × 5,000 project costs what 50 × 200 does.
struct AccessMatrix: Sendable {
    static let roomsPerPage = 50
    static let usersPerPage = 200

    struct Cell: Sendable {
        var assessment: Int
    }

    var rooms: [Room] = []
    var roomsTotal = 0
    var users: [UserGrantCount] = []
    var usersTotal = 0
    /// The assessed distinct scopes the cells point into.
    var assessments: [ScopeAssessment] = []
    /// By room id, then user id.
    var cells: [String: [String: Cell]] = [:]

    /// Reads the window: the rooms page (those with grants, or those whose
    /// name contains `roomsQuery`), the users page (those with grants whose
    /// email, name or id contains `usersQuery`), then the grants between them,
    /// room by room or user by user, whichever takes fewer upstream pages.
    static func load(
        _ client: AccountsClient, projectID pid: String, roomsQuery: String, usersQuery: String,
        roomsPage: Int, usersPage: Int
    ) async throws -> AccessMatrix {
        var matrix = AccessMatrix()
        async let usersTask = client.usersWithGrantCounts(
            projectID: pid, limit: usersPerPage, offset: (usersPage - 1) * usersPerPage, filter: usersQuery)
        var roomCounts: [String: Int]? = nil
        if roomsQuery.isEmpty {
            let page = try await client.roomsWithGrantCounts(
                projectID: pid, limit: roomsPerPage, offset: (roomsPage - 1) * roomsPerPage)
            (matrix.rooms, matrix.roomsTotal) = (page.rooms.map(\.room), page.total)
            roomCounts = Dictionary(page.rooms.map { ($0.room.id, $0.count) }, uniquingKeysWith: +)
        } else {
            let page = try await client.rooms(
                projectID: pid, limit: roomsPerPage, offset: (roomsPage - 1) * roomsPerPage, filter: roomsQuery)
            (matrix.rooms, matrix.roomsTotal) = (page.rooms, page.total)
        }
        let users = try await usersTask
        (matrix.users, matrix.usersTotal) = (users.users, users.total)
        guard !matrix.rooms.isEmpty, !matrix.users.isEmpty else { return matrix }

        let roomIDs = Set(matrix.rooms.map(\.id))
        let userIDs = Set(matrix.users.map(\.userID))
        let pages = { (count: Int) in max(1, (count + 499) / 500) }
        let byUser = matrix.users.reduce(0) { $0 + pages($1.count) }
        // A filtered room list has no counts: read by user only when that is surely fewer pages.
        let byRoom = roomCounts.map { counts in matrix.rooms.reduce(0) { $0 + pages(counts[$1.id] ?? 0) } }
        let sources = byUser < (byRoom ?? matrix.rooms.count * 2)
            ? matrix.users.map { GrantSource.user(client, projectID: pid, userID: $0.userID) }
            : matrix.rooms.map { GrantSource.room(client, projectID: pid, roomName: $0.name) }

        var memo = ScopeMemo<Int>()
        try await GrantScan.runAll(sources) { grants in
            for grant in grants where roomIDs.contains(grant.room.id) && userIDs.contains(grant.userID) {
                let index = memo.value(for: grant.permissions) { permissions in
                    matrix.assessments.append(ScopeAssessment(permissions: permissions))
                    return matrix.assessments.count - 1
                }
                matrix.cells[grant.room.id, default: [:]][grant.userID] = Cell(assessment: index)
            }
        }
        return matrix
    }
}
