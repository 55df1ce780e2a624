import AccountsAPI
import GrantModel
import HTTPApp
import HTTPServer

/// An operation's progress page, its status endpoint (polled by
/// `operations.js`; the page works without it by reloading), and "retry
/// failed items". Any console user may watch; only admins retry.
struct OperationsController: ConsoleController {
    static let templates = ["operations/show", "operations/preview"]

    let services: ConsoleServices

    func register(on router: inout Router<ConsoleContext>) {
        router.get(.operation) { _, context in try await show(context) }
        router.get(.operationStatus) { _, context in try await statusJSON(context) }
        router.post(.operationRetry) { request, context in try await retry(request, context) }
    }

    private func load(_ context: ConsoleContext) async throws -> OperationStatus {
        let pid = try context.parameters.require("pid")
        let id = OperationID(rawValue: try context.parameters.require("operation"))
        guard let status = try await services.operations.status(id, project: pid) else {
            throw HTTPError(.notFound, message: "There is no operation \(id) in this project.")
        }
        return status
    }

    private func show(_ context: ConsoleContext) async throws -> HTTPResponse {
        let status = try await load(context)
        let context = try await context.withProjectName(from: services.accounts)
        let page = OperationPageModel(status, canRetry: context.user?.isAdmin == true,
                                      submission: OperationSubmission.newToken())
        return services.renderer.page("operations/show", page,
                                      chrome: Self.chrome(pid: status.project, title: page.label, context: context))
    }

    private func statusJSON(_ context: ConsoleContext) async throws -> HTTPResponse {
        let status = try await load(context)
        var response = HTTPResponse(status: .ok, contentType: "application/json; charset=utf-8",
                                    text: OperationPageModel.json(status).serialized())
        response.headers.set("Cache-Control", "no-store")
        return response
    }

    private func retry(_ request: HTTPRequest, _ context: ConsoleContext) async throws -> HTTPResponse {
        try context.requireAdmin()
        let status = try await load(context)
        let form = try URLEncodedForm(body: request)
        let submission = OperationSubmission.key(form, context)
        guard let id = try await services.operations.retry(status.id, project: status.project, actor: OperationActor(context),
                                                           submission: submission) else {
            if let session = context.session {
                try await services.sessions.setFlash(.info("Nothing to retry: every item of this operation ended without failing."), for: session)
            }
            return Redirect.to(.operation(pid: status.project, id: status.id.rawValue))
        }
        return Redirect.to(.operation(pid: status.project, id: id.rawValue))
    }

    /// The chrome of the operation pages: Projects › project › title.
    static func chrome(pid: String, title: String, extra: [Breadcrumb] = [], context: ConsoleContext) -> Chrome {
        let name = context.projectName ?? pid
        let crumbs = [Breadcrumb("Projects", .projects), Breadcrumb(name, .project(pid))] + extra + [Breadcrumb(label: title, url: nil)]
        return context.chrome(title: title, project: ChromeProject(id: pid, name: name), breadcrumbs: crumbs)
    }
}

/// The one-time token every form that starts an operation carries: the
/// database keeps it with the operation, so a double submit (from any
/// replica) starts one operation and shows it.
enum OperationSubmission {
    static let field = "submission"

    static func newToken() -> String { SubmissionLedger.newToken() }

    /// The form's token bound to the session, nil when the form has none.
    static func key(_ form: URLEncodedForm, _ context: ConsoleContext) -> String? {
        guard let token = form[field], !token.isEmpty, token.count <= 64 else { return nil }
        return (context.session?.idHash ?? "-") + ":" + token
    }
}
