import AccountsAPI
import GrantModel
import HTTPApp
import HTTPServer

extension PagesController {
    /// `/projects/{pid}/matrix?rooms_q=&users_q=&rooms_page=&users_page=`.
    func matrix(_ request: HTTPRequest, _ context: ConsoleContext) async throws -> HTTPResponse {
        let pid = try context.parameters.require("pid")
        let query = try URLEncodedForm(query: request)
        let roomsQuery = query.text("rooms_q")
        let usersQuery = query.text("users_q")
        let roomsPage = query.page("rooms_page")
        let usersPage = query.page("users_page")
        let project = try await project(pid)
        let client = accounts
        let matrix: AccessMatrix
        do {
            matrix = try await AccessMatrix.load(
                client, projectID: pid, roomsQuery: roomsQuery, usersQuery: usersQuery,
                roomsPage: roomsPage, usersPage: usersPage)
        } catch let error as UpstreamError {
            throw UpstreamProblem(error, .page("the project's grants"))
        }

        let filters = Self.matrixItems(rooms: roomsQuery, users: usersQuery)
        let pageItems: (Int, Int) -> [(name: String, value: String)] = { rooms, users in
            filters + (rooms > 1 ? [("rooms_page", String(rooms))] : []) + (users > 1 ? [("users_page", String(users))] : [])
        }
        let roomsNav = PageNav(label: "Room pages", page: roomsPage, pageSize: AccessMatrix.roomsPerPage,
                               total: matrix.roomsTotal, shown: matrix.rooms.count) { number in
            SiteURL.matrix(pid).path(query: pageItems(number, usersPage))
        }
        let usersNav = PageNav(label: "User pages", page: usersPage, pageSize: AccessMatrix.usersPerPage,
                               total: matrix.usersTotal, shown: matrix.users.count) { number in
            SiteURL.matrix(pid).path(query: pageItems(roomsPage, number))
        }
        let rows = matrix.users.map { user -> MatrixPageModel.Row in
            let person = PersonDisplay(id: user.userID, person: PeopleDirectory.Person(user))
            let cells = matrix.rooms.map { room -> MatrixPageModel.Cell in
                guard let cell = matrix.cells[room.id]?[user.userID] else {
                    return MatrixPageModel.Cell(hasGrant: false, code: "", url: "", title: "", cssClass: "cell-empty")
                }
                let assessment = matrix.assessments[cell.assessment]
                let flags = assessment.flags.map { RisksPageModel.badge($0).label }
                let title = "\(visible(room.name)) · \(person.label): \(assessment.title)"
                    + (flags.isEmpty ? "" : "; " + flags.joined(separator: ", "))
                return MatrixPageModel.Cell(
                    hasGrant: true, code: MatrixPageModel.code(assessment.label),
                    url: SiteURL.grant(pid: pid, room: room.name, userID: user.userID).path,
                    title: title, cssClass: "cell-\(assessment.level)")
            }
            return MatrixPageModel.Row(person: person, userURL: SiteURL.user(pid: pid, userID: user.userID).path, cells: cells)
        }
        let model = MatrixPageModel(
            actionURL: SiteURL.matrix(pid).path, roomsQuery: roomsQuery, usersQuery: usersQuery,
            columns: matrix.rooms.map { MatrixPageModel.Column(room: visible($0.name), roomURL: SiteURL.room(pid: pid, room: $0.name).path) },
            rows: rows, hasCells: !rows.isEmpty && !matrix.rooms.isEmpty,
            summary: "Rooms \(roomsNav.info) × users \(usersNav.info)",
            roomsNav: roomsNav.isNeeded ? roomsNav : nil, usersNav: usersNav.isNeeded ? usersNav : nil,
            codes: MatrixPageModel.codeLegend, levels: MatrixPageModel.levelLegend,
            risksURL: SiteURL.risks(pid).path(query: roomsQuery.isEmpty ? [] : [("room", roomsQuery)]),
            isFiltered: !filters.isEmpty, clearURL: SiteURL.matrix(pid).path)
        let trail = [Breadcrumb(label: "Access matrix", url: nil)]
        return render("matrix/index", model, chrome: chrome(context, title: "Access matrix", project: project, trail: trail))
    }
}
