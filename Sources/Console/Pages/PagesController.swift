import AccountsAPI
import GrantModel
import HTTPApp
import HTTPServer

/// The read side of the console: every page that shows projects, rooms,
/// users, grants, access answers and the audit log, and their CSV exports.
/// Nothing here changes state; every handler is a GET.
struct PagesController: ConsoleController {
    static let templates = [
        "projects/index", "projects/overview", "rooms/show", "users/show", "grants/show", "access/index", "audit/index",
        "risks/index", "matrix/index",
    ]

    let services: ConsoleServices
    var accounts: AccountsClient { services.accounts }

    func register(on router: inout Router<ConsoleContext>) {
        router.get(.projects) { request, context in try await projects(request, context) }
        router.get(.project) { request, context in try await overview(request, context) }
        router.get(.room) { request, context in try await room(request, context) }
        router.get(.user) { request, context in try await user(request, context) }
        router.get(.grant) { request, context in try await grant(request, context) }
        router.get(.access) { request, context in try await access(request, context) }
        router.get(.audit) { request, context in try await audit(request, context) }
        router.get(.progress) { request, context in try await progress(request, context) }
        router.get(.risks) { request, context in try await risks(request, context) }
        router.get(.matrix) { request, context in try await matrix(request, context) }
    }

    // MARK: - Shared

    /// The project's name for the header and breadcrumbs. A project the
    /// token cannot see is a 404 for every page under it.
    func project(_ pid: String) async throws(UpstreamProblem) -> Project {
        try await accounts.load("the project") { client throws(UpstreamError) in try await client.project(pid) }
    }

    func chrome(_ context: ConsoleContext, title: String, project: Project?, trail: [Breadcrumb]) -> Chrome {
        var crumbs = [Breadcrumb("Projects", .projects)]
        if let project {
            crumbs.append(Breadcrumb(label: visible(project.displayName), url: trail.isEmpty ? nil : SiteURL.project(project.id).path))
        }
        crumbs += trail
        return context.chrome(
            title: title, project: project.map { ChromeProject(id: $0.id, name: visible($0.displayName)) }, breadcrumbs: crumbs
        )
    }

    func render<P: Sendable>(_ template: String, _ page: P, chrome: Chrome) -> HTTPResponse {
        services.renderer.page(template, page, chrome: chrome)
    }

    static func isCSV(_ query: URLEncodedForm) -> Bool { query["format"] == "csv" }
}

extension Project {
    /// The name, or the id when the upstream gave no name.
    var displayName: String { name.isEmpty ? id : name }
}

extension ConsoleContext {
    /// Whether this request may see edit controls.
    var canEdit: Bool { user?.isAdmin ?? false }
}
