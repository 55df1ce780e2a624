import AccountsAPI
import GrantModel
import HTTPApp
import HTTPServer

/// Participant tokens: the token a grant would give (`…/grants/{room}/{user_id}/token`)
/// and the inspector (`/tokens/inspect`). Nothing here changes state; the
/// inspector's POST exists only so the pasted token and secret travel in a
/// body (never in a URL, a log line or the audit log) under the CSRF check.
struct TokensController: ConsoleController {
    static let templates = ["grants/token", "tokens/inspect"]

    let services: ConsoleServices
    var pages: PagesController { PagesController(services: services) }

    func register(on router: inout Router<ConsoleContext>) {
        router.get(.grantToken) { request, context in try await grantToken(request, context) }
        router.get(.tokenInspect) { _, context in inspector(TokenInspection(), context) }
        router.post(.tokenInspect) { request, context in
            let form = try URLEncodedForm(body: request)
            let inspection = TokenInspection(token: form["token"] ?? "", secret: form["secret"] ?? "", now: services.clock.now)
            return inspector(inspection, context, status: inspection.error == nil ? .ok : .unprocessableContent)
        }
    }

    private func grantToken(_ request: HTTPRequest, _ context: ConsoleContext) async throws -> HTTPResponse {
        let pid = try context.parameters.require("pid")
        let roomName = try context.parameters.require("room")
        let userID = try context.parameters.require("user_id")
        async let projectTask = pages.project(pid)
        async let grantTask = services.accounts.load("this grant") { client throws(UpstreamError) in
            try await client.grant(projectID: pid, roomName: roomName, userID: userID)
        }
        async let peopleTask = PeopleDirectory.load(services.accounts, projectID: pid, userID: userID)
        let project = try await projectTask
        let grant = try await grantTask
        let person = await peopleTask.display(grant.userID)
        let page = GrantTokenPageModel(projectID: pid, grant: grant, person: person)
        let trail = [
            Breadcrumb(label: visible(grant.room.name), url: SiteURL.room(pid: pid, room: grant.room.name).path),
            Breadcrumb(label: person.label, url: page.grantURL),
            Breadcrumb(label: "Participant token", url: nil),
        ]
        let title = "Participant token of \(person.label) in \(visible(grant.room.name))"
        return pages.render("grants/token", page, chrome: pages.chrome(context, title: title, project: project, trail: trail))
    }

    private func inspector(_ page: TokenInspection, _ context: ConsoleContext, status: HTTPStatus = .ok) -> HTTPResponse {
        let chrome = context.chrome(title: "Inspect a participant token", breadcrumbs: [Breadcrumb("Inspect a token", nil)])
        return services.renderer.page("tokens/inspect", page, chrome: chrome, status: status)
    }
}
