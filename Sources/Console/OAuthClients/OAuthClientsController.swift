import AccountsAPI
import GrantModel
import HTTPApp
import HTTPServer

/// The project's OAuth clients: list and detail for everyone signed in;
/// create, edit and delete for admins. The secret is shown exactly once, in
/// the answer to the create form; it is never stored, logged or audited here.
struct OAuthClientsController: ConsoleController {
    static let templates = ["oauth-clients/index", "oauth-clients/show", "oauth-clients/form", "oauth-clients/fields", "oauth-clients/details",
                            "oauth-clients/created", "oauth-clients/delete"]

    let services: ConsoleServices
    let accounts: AccountsClient
    let ledger: SubmissionLedger

    init(services: ConsoleServices, ledger: SubmissionLedger? = nil) {
        self.services = services
        self.accounts = services.accounts
        self.ledger = ledger ?? services.ledger
    }

    func register(on router: inout Router<ConsoleContext>) {
        router.get(.oauthClients) { _, context in try await list(try await named(context)) }
        // Registered before the `:client_id` routes, which would otherwise take `new` for an id.
        router.get(.oauthClientNew) { _, context in
            try await formPage(try await admin(context), form: OAuthClientForm(client: nil), clientID: nil,
                               token: SubmissionLedger.newToken(), loaded: "")
        }
        router.post(.oauthClientNew) { request, context in try await create(request, try await admin(context)) }
        router.get(.oauthClient) { _, context in try await show(try await named(context)) }
        router.get(.oauthClientEdit) { _, context in try await editForm(try await admin(context)) }
        router.post(.oauthClientEdit) { request, context in try await save(request, try await admin(context)) }
        router.get(.oauthClientDelete) { _, context in try await deleteForm(try await admin(context)) }
        router.post(.oauthClientDelete) { _, context in try await delete(try await admin(context)) }
    }

    private func named(_ context: ConsoleContext) async throws -> ConsoleContext {
        try await context.withProjectName(from: accounts)
    }

    /// The forms are for admins only: a reviewer is refused before any upstream call.
    private func admin(_ context: ConsoleContext) async throws -> ConsoleContext {
        try context.requireAdmin()
        return try await named(context)
    }

    private func chrome(_ context: ConsoleContext, _ pid: String, _ title: String, _ trail: [Breadcrumb] = []) -> Chrome {
        let list = Breadcrumb("OAuth clients", .oauthClients(pid))
        return AdminChange.chrome(context, pid: pid, title: title, trail: title == "OAuth clients" ? [] : [list] + trail)
    }

    private func load(_ pid: String, _ clientID: String) async throws -> OAuthClient {
        try await accounts.load("the OAuth client “\(clientID)”") { accounts throws(UpstreamError) in
            try await accounts.oauthClient(projectID: pid, clientID: clientID)
        }.withoutSecret
    }

    // MARK: - Read

    private func list(_ context: ConsoleContext) async throws -> HTTPResponse {
        let pid = try context.parameters.require("pid")
        let page = try await accounts.load("the project's OAuth clients") { accounts throws(UpstreamError) in
            try await accounts.oauthClients(projectID: pid, count: 500)
        }
        let rows = page.clients.map { client in
            OAuthClientRow(clientID: client.clientID, grantTypes: client.grantTypes.joined(separator: ", "),
                           redirectURIs: client.redirectURIs, scope: client.scope, official: client.official,
                           viewURL: SiteURL.oauthClient(pid: pid, clientID: client.clientID).path)
        }
        let model = OAuthClientsPage(clients: rows, hasClients: !rows.isEmpty, total: page.total,
                                     isTruncated: page.total > rows.count, canEdit: context.user?.isAdmin == true,
                                     newURL: SiteURL.oauthClientNew(pid).path)
        return services.renderer.page("oauth-clients/index", model, chrome: chrome(context, pid, "OAuth clients"))
    }

    private func show(_ context: ConsoleContext) async throws -> HTTPResponse {
        let pid = try context.parameters.require("pid")
        let client = try await load(pid, try context.parameters.require("client_id"))
        let model = OAuthClientShowPage(
            client: OAuthClientDetails(client), canEdit: context.user?.isAdmin == true,
            editURL: SiteURL.oauthClientEdit(pid: pid, clientID: client.clientID).path,
            deleteURL: SiteURL.oauthClientDelete(pid: pid, clientID: client.clientID).path,
            listURL: SiteURL.oauthClients(pid).path
        )
        return services.renderer.page("oauth-clients/show", model, chrome: chrome(context, pid, client.clientID))
    }

    // MARK: - Create

    private func formPage(_ context: ConsoleContext, form: OAuthClientForm, clientID: String?, token: String, loaded: String,
                          failure: String? = nil, current: OAuthClient? = nil, status: HTTPStatus = .ok) async throws -> HTTPResponse {
        let pid = try context.parameters.require("pid")
        let model = OAuthClientFormPage(
            isNew: clientID == nil, clientID: clientID, form: form,
            action: clientID.map { SiteURL.oauthClientEdit(pid: pid, clientID: $0).path } ?? SiteURL.oauthClientNew(pid).path,
            token: token, loaded: loaded,
            cancelURL: clientID.map { SiteURL.oauthClient(pid: pid, clientID: $0).path } ?? SiteURL.oauthClients(pid).path,
            deleteURL: clientID.map { SiteURL.oauthClientDelete(pid: pid, clientID: $0).path },
            failure: failure, currentJSON: current.map { $0.json.serialized(pretty: true) }
        )
        let title = clientID == nil ? "New OAuth client" : "Edit OAuth client"
        let trail = clientID.map { [Breadcrumb($0, .oauthClient(pid: pid, clientID: $0))] } ?? []
        return services.renderer.page("oauth-clients/form", model, chrome: chrome(context, pid, title, trail), status: status)
    }

    private func create(_ request: HTTPRequest, _ context: ConsoleContext) async throws -> HTTPResponse {
        try context.requireAdmin()
        let pid = try context.parameters.require("pid")
        let posted = try URLEncodedForm(body: request)
        let token = posted["token"] ?? ""
        var form = OAuthClientForm(form: posted)
        guard let settings = form.validate() else {
            return try await formPage(context, form: form, clientID: nil, token: token, loaded: "", status: .unprocessableContent)
        }
        let change = AdminChange(services: services, context: context)
        if let earlier = try await change.claim(token, ledger: ledger) { return earlier }
        let body = settings.createRequest
        let (created, failure) = try await change.run(
            action: "oauth-client.create", target: .oauthClient(pid: pid, clientID: "(new)"), doing: "creating the OAuth client",
            before: nil, after: body.json.serialized(), recording: { (client: OAuthClient) in client.withoutSecret.json.serialized() }
        ) { () throws(UpstreamError) in
            try await accounts.createOAuthClient(projectID: pid, body)
        }
        guard let created else {
            try await change.release(token, ledger: ledger)
            let problem = failure!
            return problem.decorate(try await formPage(context, form: form, clientID: nil, token: token, loaded: "",
                                                       failure: problem.message, status: problem.status))
        }
        let location = SiteURL.oauthClient(pid: pid, clientID: created.clientID)
        try await change.finish(token, ledger: ledger, location: location,
                            message: "OAuth client “\(created.clientID)” was created; its secret was shown once then.")
        guard !created.clientSecret.isEmpty else {
            return try await change.done("OAuth client “\(created.clientID)” created. The upstream sent no secret for it.", to: location)
        }
        // Answered directly, never by redirect: the secret must not pass through the session or a second request.
        let model = OAuthClientCreatedPage(client: OAuthClientDetails(created), secret: created.clientSecret,
                                           viewURL: location.path, listURL: SiteURL.oauthClients(pid).path)
        return services.renderer.page("oauth-clients/created", model,
                                      chrome: chrome(context, pid, "OAuth client created"), status: .created)
    }

    // MARK: - Edit

    private func editForm(_ context: ConsoleContext) async throws -> HTTPResponse {
        try context.requireAdmin()
        let pid = try context.parameters.require("pid")
        let client = try await load(pid, try context.parameters.require("client_id"))
        return try await formPage(context, form: OAuthClientForm(client: client), clientID: client.clientID,
                                  token: SubmissionLedger.newToken(), loaded: client.json.serialized())
    }

    private func save(_ request: HTTPRequest, _ context: ConsoleContext) async throws -> HTTPResponse {
        try context.requireAdmin()
        let pid = try context.parameters.require("pid")
        let clientID = try context.parameters.require("client_id")
        let posted = try URLEncodedForm(body: request)
        let token = posted["token"] ?? ""
        let loaded = posted["loaded"] ?? ""
        var form = OAuthClientForm(form: posted)
        guard let settings = form.validate() else {
            return try await formPage(context, form: form, clientID: clientID, token: token, loaded: loaded, status: .unprocessableContent)
        }
        let change = AdminChange(services: services, context: context)
        if let earlier = try await change.claim(token, ledger: ledger) { return earlier }
        let current: OAuthClient
        do {
            current = try await accounts.oauthClient(projectID: pid, clientID: clientID).withoutSecret
        } catch {
            try await change.release(token, ledger: ledger)
            let problem = UpstreamProblem(error, .beforeWrite("checking the OAuth client before saving"))
            return problem.decorate(try await formPage(context, form: form, clientID: clientID, token: token, loaded: loaded,
                                                       failure: problem.message, status: problem.status))
        }
        let target = AuditTarget.oauthClient(pid: pid, clientID: clientID)
        guard let loadedValue = try? JSONValue(parsing: loaded), EditorCanonical.same(loadedValue, current.json) else {
            try await change.release(token, ledger: ledger)
            try await services.audit.refused(context: context, action: "oauth-client.update", target: target,
                                             reason: "the OAuth client changed since the form was loaded")
            return try await formPage(
                context, form: form, clientID: clientID, token: token, loaded: current.json.serialized(),
                failure: "Nothing was saved. Someone changed this OAuth client after you opened this page; its current settings are shown below. Your input is kept: save again to replace their change.",
                current: current, status: .conflict)
        }
        let body = settings.updateRequest
        let failure = try await change.run(action: "oauth-client.update", target: target, doing: "saving the OAuth client",
                                           before: current.json.serialized(), after: body.json.serialized()) { () throws(UpstreamError) in
            try await accounts.updateOAuthClient(projectID: pid, clientID: clientID, body)
        }
        if let failure {
            try await change.release(token, ledger: ledger)
            return failure.decorate(try await formPage(context, form: form, clientID: clientID, token: token, loaded: loaded,
                                                       failure: failure.message, status: failure.status))
        }
        let message = "OAuth client “\(clientID)” saved."
        try await change.finish(token, ledger: ledger, location: .oauthClient(pid: pid, clientID: clientID), message: message)
        return try await change.done(message, to: .oauthClient(pid: pid, clientID: clientID))
    }

    // MARK: - Delete

    private func deleteForm(_ context: ConsoleContext, failure: String? = nil, status: HTTPStatus = .ok) async throws -> HTTPResponse {
        try context.requireAdmin()
        let pid = try context.parameters.require("pid")
        let client = try await load(pid, try context.parameters.require("client_id"))
        let model = OAuthClientDeletePage(client: OAuthClientDetails(client),
                                          action: SiteURL.oauthClientDelete(pid: pid, clientID: client.clientID).path,
                                          cancelURL: SiteURL.oauthClient(pid: pid, clientID: client.clientID).path, failure: failure)
        let trail = [Breadcrumb(client.clientID, .oauthClient(pid: pid, clientID: client.clientID))]
        return services.renderer.page("oauth-clients/delete", model,
                                      chrome: chrome(context, pid, "Delete OAuth client", trail), status: status)
    }

    private func delete(_ context: ConsoleContext) async throws -> HTTPResponse {
        try context.requireAdmin()
        let pid = try context.parameters.require("pid")
        let clientID = try context.parameters.require("client_id")
        let change = AdminChange(services: services, context: context)
        let client: OAuthClient
        do {
            client = try await accounts.oauthClient(projectID: pid, clientID: clientID).withoutSecret
        } catch .notFound {
            if let session = context.session {
                try await services.sessions.setFlash(.info("The OAuth client “\(clientID)” no longer exists; nothing was deleted."),
                                                     for: session)
            }
            return Redirect.to(.oauthClients(pid))
        } catch {
            throw UpstreamProblem(error, .beforeWrite("checking the OAuth client before deleting it"))
        }
        let failure = try await change.run(action: "oauth-client.delete", target: .oauthClient(pid: pid, clientID: clientID),
                                           doing: "deleting the OAuth client", before: client.json.serialized(), after: nil) { () throws(UpstreamError) in
            try await accounts.deleteOAuthClient(projectID: pid, clientID: clientID)
        }
        if let failure {
            return try await failure.shown { try await deleteForm(context, failure: failure.message, status: failure.status) }
        }
        return try await change.done("OAuth client “\(clientID)” deleted. Applications using it can no longer sign in with it.",
                                     to: .oauthClients(pid))
    }
}
