import AccountsAPI
import Foundation
import GrantModel
import HTTPApp
import HTTPServer

/// Copy a room's grants to another room (`/projects/{pid}/rooms/{room}/copy`):
/// every grant of the source room, given with the same scope in the target
/// room; existing grants there skipped or overwritten, chosen up front.
struct CopyRoomController: ConsoleController {
    static let templates = ["operations/copy"]

    let services: ConsoleServices

    func register(on router: inout Router<ConsoleContext>) {
        router.get(.roomCopy) { _, context in
            try context.requireAdmin()
            var form = URLEncodedForm()
            form.set(OperationSubmission.field, OperationSubmission.newToken())
            return try await renderForm(form, context: try await context.withProjectName(from: services.accounts))
        }
        router.post(.roomCopy) { request, context in try await submit(request, context) }
    }

    struct CopyPage: Sendable {
        var stylesheet = OperationAssets.stylesheet
        var script = OperationAssets.script
        var source: String
        var action: String
        var submission: String
        var targets: [BulkGrantPage.Choice]
        var existingSkip: Bool
        var expires: String
        var targetError: String?
        var expiresError: String?
        var cancelURL: String
    }

    private func renderForm(_ form: URLEncodedForm, errors: [String: String] = [:], status: HTTPStatus = .ok,
                            context: ConsoleContext) async throws -> HTTPResponse {
        let pid = try context.parameters.require("pid")
        let source = try context.parameters.require("room")
        let rooms = try await services.accounts.load("the project's rooms") { client throws(UpstreamError) in try await client.allRooms(projectID: pid) }
        let page = CopyPage(
            source: visible(source), action: SiteURL.roomCopy(pid: pid, room: source).path,
            submission: form[OperationSubmission.field] ?? OperationSubmission.newToken(),
            targets: rooms.filter { $0.name != source }.map { BulkGrantPage.Choice(value: $0.name, label: visible($0.name), selected: form["target"] == $0.name) },
            existingSkip: form["existing"] != ExistingGrantPolicy.overwrite.rawValue, expires: form[ExpiryField.name] ?? "",
            targetError: errors["target"], expiresError: errors[ExpiryField.name],
            cancelURL: SiteURL.room(pid: pid, room: source).path)
        return services.renderer.page("operations/copy", page, chrome: OperationsController.chrome(
            pid: pid, title: "Copy the grants of \(visible(source))", extra: [Breadcrumb(visible(source), .room(pid: pid, room: source))],
            context: context), status: status)
    }

    private func submit(_ request: HTTPRequest, _ context: ConsoleContext) async throws -> HTTPResponse {
        try context.requireAdmin()
        let context = try await context.withProjectName(from: services.accounts)
        let pid = try context.parameters.require("pid")
        let sourceName = try context.parameters.require("room")
        let form = try URLEncodedForm(body: request)
        let action = form["action"] ?? "preview"
        if action == "back" { return try await renderForm(form, context: context) }
        if action == "run", let earlier = try await services.operations.started(bySubmission: OperationSubmission.key(form, context)) {
            return Redirect.to(.operation(pid: pid, id: earlier.rawValue))
        }
        var errors: [String: String] = [:]
        let policy = form["existing"].flatMap(ExistingGrantPolicy.init(rawValue:)) ?? .skip
        var expiresAt: Date?
        switch ExpiryField.parse(form[ExpiryField.name] ?? "", now: services.clock.now) {
        case .success(let date): expiresAt = date
        case .failure(let error): errors[ExpiryField.name] = error.message
        }
        let targetName = form["target"] ?? ""
        if targetName.isEmpty { errors["target"] = "Choose the room to copy the grants to." }
        if targetName == sourceName { errors["target"] = "Choose another room than the one copied from." }
        let accounts = services.accounts
        var source: Room?
        var target: Room?
        do {
            source = try await accounts.room(projectID: pid, name: sourceName)
            if errors["target"] == nil { target = try await accounts.room(projectID: pid, name: targetName) }
        } catch .notFound {
            if source == nil { throw HTTPError(.notFound, message: "There is no room called “\(sourceName)”.") }
            errors["target"] = "There is no room called “\(targetName)”."
        } catch {
            throw UpstreamProblem(error, .beforeWrite("checking the rooms"))
        }
        guard errors.isEmpty, let source, let target else {
            return try await renderForm(form, errors: errors, status: .unprocessableContent, context: context)
        }
        let (plan, notes) = try await buildPlan(pid: pid, source: source, target: target, policy: policy, expiresAt: expiresAt)
        if action == "run" {
            if form[OperationFingerprint.field] == OperationFingerprint.of(plan) {
                let id = try await services.operations.start(plan, actor: OperationActor(context),
                                                             submission: OperationSubmission.key(form, context))
                return Redirect.to(.operation(pid: pid, id: id.rawValue))
            }
            return preview(form, plan: plan, notes: notes, pid: pid, source: source,
                           notice: "Nothing was copied: the grants changed since the preview was shown. Check the items below and run again.",
                           status: .conflict, context: context)
        }
        return preview(form, plan: plan, notes: notes, pid: pid, source: source, context: context)
    }

    private func buildPlan(pid: String, source: Room, target: Room, policy: ExistingGrantPolicy,
                           expiresAt: Date?) async throws -> (OperationPlan, [String?]) {
        let accounts = services.accounts
        let from: [RoomGrant]
        let there: [String: RoomGrant]
        do {
            from = try await accounts.allGrants(projectID: pid, room: source)
            there = Dictionary(try await accounts.allGrants(projectID: pid, room: target).map { ($0.userID, $0) }) { first, _ in first }
        } catch {
            throw UpstreamProblem(error, .beforeWrite("reading the rooms' grants"))
        }
        let people = await PeopleDirectory.load(accounts, projectID: pid)
        var items: [OperationItem] = []
        var notes: [String?] = []
        for grant in from.sorted(by: { $0.userID < $1.userID }) {
            let user = (id: grant.userID, display: people.display(grant.userID))
            let made = BulkGrantController.item(scope: grant.permissions, room: target, user: user, current: there[grant.userID],
                                                policy: policy, expiresAt: expiresAt)
            items.append(made.item)
            notes.append(made.note)
        }
        let label = "Copy the grants of \(source.name) to \(target.name)"
        return (OperationPlan(project: pid, kind: "copy-room", label: label, items: items), notes)
    }

    private func preview(_ form: URLEncodedForm, plan: OperationPlan, notes: [String?], pid: String, source: Room,
                         notice: String? = nil, status: HTTPStatus = .ok, context: ConsoleContext) -> HTTPResponse {
        let carried = form.removing(["csrf", "action", OperationFingerprint.field]).fields.map { HiddenField(name: $0.name, value: $0.value) }
        var page = OperationPreviewPage(
            heading: plan.label, intro: "Each item gives one person in the target room the scope they have in \(source.name).",
            action: SiteURL.roomCopy(pid: pid, room: source.name).path, hidden: carried, plan: plan, notes: notes,
            emptyText: "Room \(source.name) has no grants to copy.", runLabel: "Copy the grants", backLabel: "Back to the form",
            cancelURL: SiteURL.room(pid: pid, room: source.name).path)
        page.notice = notice
        return services.renderer.page("operations/preview", page, chrome: OperationsController.chrome(
            pid: pid, title: "Copy grants", extra: [Breadcrumb(visible(source.name), .room(pid: pid, room: source.name))],
            context: context), status: status)
    }
}
