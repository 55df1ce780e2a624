import Foundation
import AccountsAPI
import GrantModel
import HTTPApp
import HTTPServer

/// The grant editor: create (`/projects/{pid}/grants/new`), edit
/// (`…/grants/{room}/{user_id}/edit`) and delete (`…/delete`).
///
/// Every step is a POST of the whole form, so the editor works without
/// script: presets, switching between the form and the JSON tab, and adding
/// rows all come back as the same form refilled. Saving takes two posts:
/// "Review changes" shows the difference in plain words, "Confirm save"
/// re-checks everything, refuses lost updates and makes one upstream change.
struct GrantEditorController: ConsoleController {
    static let templates = [
        "editor/grant", "editor/confirm", "editor/conflict", "editor/delete",
        "editor/scope-form", "editor/list", "editor/rows",
    ]

    let services: ConsoleServices
    let accounts: AccountsClient
    let ledger: SubmissionLedger

    init(services: ConsoleServices, ledger: SubmissionLedger? = nil) {
        self.services = services
        self.accounts = services.accounts
        self.ledger = ledger ?? services.ledger
    }

    func register(on router: inout Router<ConsoleContext>) {
        router.get(.newGrant) { request, context in try await newForm(request, try await named(context)) }
        router.post(.newGrant) { request, context in try await submit(request, try await named(context), target: nil) }
        router.get(.grantEdit) { _, context in try await editForm(try await named(context)) }
        router.post(.grantEdit) { request, context in
            try await submit(request, try await named(context), target: try GrantTarget(context))
        }
        router.get(.grantDelete) { _, context in try await deleteForm(try await named(context)) }
        router.post(.grantDelete) { request, context in try await delete(request, try await named(context)) }
    }

    /// The context with the project's name for the breadcrumb, as every
    /// other page shows it. Admins only (every editor route is), so a
    /// reviewer costs no upstream call.
    private func named(_ context: ConsoleContext) async throws -> ConsoleContext {
        try context.requireAdmin()
        return try await context.withProjectName(from: accounts)
    }

    // MARK: - Showing the form

    private func newForm(_ request: HTTPRequest, _ context: ConsoleContext) async throws -> HTTPResponse {
        try context.requireAdmin()
        let pid = try context.parameters.require("pid")
        let query = try URLEncodedForm(query: request)
        var form = ScopeFormWriter.blank()
        form.set("room", query["room"] ?? "")
        form.set("user_id", query["user"] ?? "")
        form.set(GrantEditorInput.tokenName, SubmissionLedger.newToken())
        let input = GrantEditorInput(form: form)
        let rooms = try await roomNames(pid)
        return render(input, pid: pid, target: nil, rooms: rooms, context: context)
    }

    private func editForm(_ context: ConsoleContext) async throws -> HTTPResponse {
        try context.requireAdmin()
        let target = try GrantTarget(context)
        let grant = try await loadGrant(target)
        let scope = grant.permissions.objectValue ?? JSONObject()
        let written = ScopeFormWriter.write(scope)
        var form = written.values
        form.set(GrantEditorInput.loadedName, JSONValue.object(scope).serialized())
        form.set(GrantEditorInput.tokenName, SubmissionLedger.newToken())
        if let expiry = try? await services.expiries.expiry(project: target.pid, roomID: grant.room.id, userID: target.userID) {
            form.set(ExpiryField.name, ExpiryField.text(expiry.expiresAt))
        }
        if !written.errors.isEmpty {
            // The form cannot show a scope whose types are wrong; open the JSON tab on it instead.
            form.set(ScopeFormNames.view, GrantEditorInput.View.json.rawValue)
            form.set(ScopeFormNames.json, JSONValue.object(scope).serialized(pretty: true))
        }
        return render(GrantEditorInput(form: form), pid: target.pid, target: target, errors: written.errors, context: context)
    }

    // MARK: - Posts

    private func submit(_ request: HTTPRequest, _ context: ConsoleContext, target: GrantTarget?) async throws -> HTTPResponse {
        try context.requireAdmin()
        let pid = try context.parameters.require("pid")
        var input = GrantEditorInput(form: try URLEncodedForm(body: request))
        if input.token.isEmpty { input.form.set(GrantEditorInput.tokenName, SubmissionLedger.newToken()) }
        let rooms = target == nil ? try await roomNames(pid) : []

        if let preset = input.preset {
            return applyPreset(preset, input: input, pid: pid, target: target, rooms: rooms, context: context)
        }
        switch input.action {
        case "view-json", "view-form":
            return switchView(input, pid: pid, target: target, rooms: rooms, context: context)
        case "review":
            return review(input, pid: pid, target: target, rooms: rooms, context: context)
        case "confirm":
            return try await confirm(input, pid: pid, target: target, rooms: rooms, context: context)
        default:
            // "back", "add-rows" or nothing: the same form again, with new blank rows.
            return render(input, pid: pid, target: target, rooms: rooms, context: context)
        }
    }

    private func applyPreset(_ preset: ScopePreset, input: GrantEditorInput, pid: String, target: GrantTarget?,
                             rooms: [String], context: ConsoleContext) -> HTTPResponse {
        let current = input.scope().scope
        var form = input.form.removing(Self.scopeFieldNames(in: input.form))
        for (name, value) in ScopeFormWriter.write(preset.applied(to: current)).values.fields { form.set(name, value) }
        if input.view == .json {
            form.set(ScopeFormNames.json, JSONValue.object(preset.applied(to: current)).serialized(pretty: true))
        }
        let notice = "Preset “\(preset.label)” applied. Nothing is saved until you review and confirm."
        return render(GrantEditorInput(form: form), pid: pid, target: target, rooms: rooms, notice: notice, context: context)
    }

    private func switchView(_ input: GrantEditorInput, pid: String, target: GrantTarget?, rooms: [String],
                            context: ConsoleContext) -> HTTPResponse {
        let wanted: GrantEditorInput.View = input.action == "view-json" ? .json : .form
        guard wanted != input.view else { return render(input, pid: pid, target: target, rooms: rooms, context: context) }
        let (scope, errors) = input.scope()
        guard errors.isEmpty else {
            return render(input, pid: pid, target: target, rooms: rooms, errors: errors, status: .unprocessableContent,
                          context: context)
        }
        var form = input.form.removing(Self.scopeFieldNames(in: input.form).union([ScopeFormNames.json]))
        if wanted == .json {
            form.set(ScopeFormNames.json, JSONValue.object(scope).serialized(pretty: true))
        } else {
            for (name, value) in ScopeFormWriter.write(scope).values.fields { form.set(name, value) }
        }
        form.set(ScopeFormNames.view, wanted.rawValue)
        return render(GrantEditorInput(form: form), pid: pid, target: target, rooms: rooms, context: context)
    }

    private func review(_ input: GrantEditorInput, pid: String, target: GrantTarget?, rooms: [String],
                        context: ConsoleContext) -> HTTPResponse {
        let (scope, errors) = input.scope()
        let (expiresAt, expiryErrors) = expiry(input, target: target)
        let granteeErrors = (target == nil ? input.granteeErrors() : [:]).merging(expiryErrors) { first, _ in first }
        guard errors.isEmpty, granteeErrors.isEmpty else {
            return render(input, pid: pid, target: target, rooms: rooms, errors: errors, granteeErrors: granteeErrors,
                          status: .unprocessableContent, context: context)
        }
        let before = input.loaded ?? JSONObject()
        let summary = ScopeChangeSummary.between(before, scope)
        let page = GrantConfirmPage(
            heading: target == nil ? "Review the new grant" : "Review your changes",
            target: describe(input, target: target),
            action: Self.formAction(pid: pid, target: target),
            hidden: input.carried, lines: summary.lines, widens: summary.widens, verdict: summary.verdict, noChanges: summary.isEmpty && target != nil,
            beforeJSON: target == nil ? "(no grant yet)" : JSONValue.object(before).serialized(pretty: true),
            afterJSON: JSONValue.object(scope).serialized(pretty: true),
            expiry: expiresAt.map { "Expires \(ExpiryField.display($0)): GrantDesk then revokes it." })
        return services.renderer.page("editor/confirm", page, chrome: chrome(pid: pid, target: target, title: page.heading, context: context))
    }

    // MARK: - Helpers

    /// The form's expiry, or the error for its field. An invitation by
    /// email has no user id yet to attach an expiry to.
    func expiry(_ input: GrantEditorInput, target: GrantTarget?) -> (Date?, [String: String]) {
        switch ExpiryField.parse(input.form[ExpiryField.name] ?? "", now: services.clock.now) {
        case .success(let date):
            if date != nil, target == nil, !input.byUser {
                return (nil, [ExpiryField.name: "An expiry needs a grant to an existing user (by id), not an invitation by email."])
            }
            return (date, [:])
        case .failure(let error):
            return (nil, [ExpiryField.name: error.message])
        }
    }


    /// Names of every field that describes the scope (not the editor's own fields).
    static func scopeFieldNames(in form: URLEncodedForm) -> Set<String> {
        let own: Set<String> = ["csrf", "action", "preset", "room", "grantee", "user_id", "email", ExpiryField.name,
                                GrantEditorInput.loadedName, GrantEditorInput.tokenName, ScopeFormNames.view]
        return Set(form.fields.map(\.name).filter { !own.contains($0) })
    }

    static func formAction(pid: String, target: GrantTarget?) -> String {
        if let target { return SiteURL.grantEdit(pid: pid, room: target.room, userID: target.userID).path }
        return SiteURL.newGrant(pid: pid, room: nil, user: nil).path
    }

    func describe(_ input: GrantEditorInput, target: GrantTarget?) -> String {
        if let target { return "User \(target.userID) in room \(target.room)" }
        return input.byUser ? "User \(input.userID) in room \(input.room)" : "Invitation to \(input.email) for room \(input.room)"
    }

    func chrome(pid: String, target: GrantTarget?, title: String, context: ConsoleContext) -> Chrome {
        let name = context.projectName ?? pid
        var crumbs = [Breadcrumb("Projects", .projects), Breadcrumb(name, .project(pid))]
        if let target {
            crumbs.append(Breadcrumb(target.room, .room(pid: pid, room: target.room)))
            crumbs.append(Breadcrumb(target.userID, .grant(pid: pid, room: target.room, userID: target.userID)))
        }
        crumbs.append(Breadcrumb(label: title, url: nil))
        return context.chrome(title: title, project: ChromeProject(id: pid, name: name), breadcrumbs: crumbs)
    }

    private func roomNames(_ pid: String) async throws -> [String] {
        do {
            return try await accounts.rooms(projectID: pid, limit: 500).rooms.map(\.name)
        } catch {
            throw UpstreamProblem(error, .page("the project's rooms"))
        }
    }

    func loadGrant(_ target: GrantTarget) async throws -> RoomGrant {
        do {
            return try await accounts.grant(projectID: target.pid, roomName: target.room, userID: target.userID)
        } catch {
            throw UpstreamProblem(error, .page("the grant for user \(target.userID) in room \(target.room)"))
        }
    }
}

/// The (project, room, user) a grant URL names.
struct GrantTarget: Sendable, Hashable {
    let pid: String
    let room: String
    let userID: String

    init(pid: String, room: String, userID: String) {
        self.pid = pid
        self.room = room
        self.userID = userID
    }

    init(_ context: ConsoleContext) throws {
        pid = try context.parameters.require("pid")
        room = try context.parameters.require("room")
        userID = try context.parameters.require("user_id")
    }
}
