import AccountsAPI
import Foundation
import GrantModel
import HTTPApp
import HTTPServer

/// Bulk grant (`/projects/{pid}/bulk`): one scope (a preset, a copy of an
/// existing grant, or JSON) to many users in one or more rooms. The form
/// posts "Preview" (items with the widening warning per item), then "Run"
/// (the same fields again, refused if the preview's fingerprint no longer
/// matches), then the operation's progress page.
struct BulkGrantController: ConsoleController {
    static let templates = ["operations/bulk"]

    let services: ConsoleServices

    func register(on router: inout Router<ConsoleContext>) {
        router.get(.bulk) { request, context in
            try context.requireAdmin()
            var form = URLEncodedForm()
            let query = try URLEncodedForm(query: request)
            if let room = query["room"] { form.set("room", room) }
            if let user = query["user"] { form.set("users", user) }
            form.set(OperationSubmission.field, OperationSubmission.newToken())
            return try await renderForm(BulkGrantInput(form: form), context: try await context.withProjectName(from: services.accounts))
        }
        router.post(.bulk) { request, context in try await submit(request, context) }
    }

    private func submit(_ request: HTTPRequest, _ context: ConsoleContext) async throws -> HTTPResponse {
        try context.requireAdmin()
        let context = try await context.withProjectName(from: services.accounts)
        let pid = try context.parameters.require("pid")
        let input = BulkGrantInput(form: try URLEncodedForm(body: request))
        let action = input.form["action"] ?? "preview"
        if action == "back" { return try await renderForm(input, context: context) }
        if action == "run", let earlier = try await services.operations.started(bySubmission: OperationSubmission.key(input.form, context)) {
            return Redirect.to(.operation(pid: pid, id: earlier.rawValue))
        }
        let (plan, notes, errors) = try await buildPlan(input, pid: pid, now: services.clock.now)
        guard let plan, errors.isEmpty else {
            return try await renderForm(input, errors: errors, status: .unprocessableContent, context: context)
        }
        if action == "run" {
            if input.form[OperationFingerprint.field] == OperationFingerprint.of(plan) {
                let id = try await services.operations.start(plan, actor: OperationActor(context),
                                                             submission: OperationSubmission.key(input.form, context))
                return Redirect.to(.operation(pid: pid, id: id.rawValue))
            }
            return preview(input, plan: plan, notes: notes, pid: pid,
                           notice: "Nothing was changed: the grants changed since the preview was shown. Check the items below and run again.",
                           status: .conflict, context: context)
        }
        return preview(input, plan: plan, notes: notes, pid: pid, context: context)
    }

    private func preview(_ input: BulkGrantInput, plan: OperationPlan, notes: [String?], pid: String, notice: String? = nil,
                         status: HTTPStatus = .ok, context: ConsoleContext) -> HTTPResponse {
        let carried = input.form.removing(["csrf", "action", OperationFingerprint.field]).fields
            .map { HiddenField(name: $0.name, value: $0.value) }
        var page = OperationPreviewPage(
            heading: "Bulk grant: preview",
            intro: "Each item gives the scope to one person in one room. Existing grants are \(input.existing == .skip ? "skipped (left as they are)" : "overwritten").",
            action: SiteURL.bulk(pid).path, hidden: carried, plan: plan, notes: notes,
            emptyText: "There is nothing to grant.", runLabel: "Run the bulk grant", backLabel: "Back to the form",
            cancelURL: SiteURL.project(pid).path)
        page.notice = notice
        return services.renderer.page("operations/preview", page,
                                      chrome: OperationsController.chrome(pid: pid, title: "Bulk grant", context: context),
                                      status: status)
    }

    /// Resolves the users, reads each room's grants and builds one item per
    /// (room, user); nil with errors by field when the form is not usable.
    private func buildPlan(_ input: BulkGrantInput, pid: String, now: Date) async throws
        -> (OperationPlan?, [String?], [String: String]) {
        var errors: [String: String] = [:]
        let accounts = services.accounts
        let (scope, scopeErrors) = try await input.scope(accounts: accounts, pid: pid)
        errors.merge(scopeErrors) { first, _ in first }
        var expiresAt: Date?
        switch ExpiryField.parse(input.expiresText, now: now) {
        case .success(let date): expiresAt = date
        case .failure(let error): errors[ExpiryField.name] = error.message
        }
        if input.userLines.isEmpty { errors["users"] = "Enter at least one user: an id, an email or a name, one a line." }
        if input.rooms.isEmpty { errors["room"] = "Choose at least one room." }
        if input.userLines.count * input.rooms.count > BulkGrantInput.maximumItems {
            errors["users"] = "At most \(BulkGrantInput.maximumItems) grants in one operation: choose fewer users or rooms."
        }
        let people = await PeopleDirectory.load(accounts, projectID: pid)
        var users: [(id: String, display: PersonDisplay)] = []
        var problems: [String] = []
        for line in input.userLines where errors["users"] == nil {
            let pick: AccessUserPick
            do {
                pick = try await AccessUserPick.resolve(line, exactID: false, people: people, client: accounts, projectID: pid)
            } catch {
                throw UpstreamProblem(error, .beforeWrite("looking up the users"))
            }
            switch pick {
            case .user(let id, let person, _):
                if !users.contains(where: { $0.id == id }) { users.append((id, PersonDisplay(id: id, person: person))) }
            case .noSuchEmail(let email):
                problems.append("No member has the email “\(email)”.")
            case .several(let found, _):
                problems.append("“\(line)” matches several members (\(found.prefix(5).map(\.pickerLabel).joined(separator: "; "))): enter an id or email.")
            }
        }
        if !problems.isEmpty { errors["users"] = problems.joined(separator: " ") }
        var rooms: [Room] = []
        for name in input.rooms where errors["room"] == nil {
            do {
                rooms.append(try await accounts.room(projectID: pid, name: name))
            } catch .notFound {
                errors["room"] = "There is no room called “\(name)”."
            } catch {
                throw UpstreamProblem(error, .beforeWrite("checking the rooms"))
            }
        }
        guard errors.isEmpty, let scope else { return (nil, [], errors) }
        var items: [OperationItem] = []
        var notes: [String?] = []
        for room in rooms {
            let existing: [String: RoomGrant]
            do {
                existing = Dictionary(try await accounts.allGrants(projectID: pid, room: room).map { ($0.userID, $0) }) { first, _ in first }
            } catch {
                throw UpstreamProblem(error, .beforeWrite("reading the room's grants"))
            }
            for user in users {
                let current = existing[user.id]
                let item = Self.item(scope: .object(scope), room: room, user: user, current: current,
                                     policy: input.existing, expiresAt: expiresAt)
                items.append(item.item)
                notes.append(item.note)
            }
        }
        let label = "Bulk grant to \(users.count) \(users.count == 1 ? "person" : "people") in \(rooms.count) \(rooms.count == 1 ? "room" : "rooms")"
        return (OperationPlan(project: pid, kind: "bulk-grant", label: label, items: items), notes, [:])
    }

    /// One put item with its change against the grant there now, and a note for the preview.
    static func item(scope: JSONValue, room: Room, user: (id: String, display: PersonDisplay), current: RoomGrant?,
                     policy: ExistingGrantPolicy, expiresAt: Date?) -> (item: OperationItem, note: String?) {
        let description = "\(user.display.sentence) in room \(room.name)"
        var note: String?
        var lines: [String] = []
        var widens = false
        if let current, EditorCanonical.same(current.permissions, scope) {
            note = "Already has exactly this scope: skipped."
        } else if current != nil, policy == .skip {
            note = "Has a grant here already: skipped (left as it is)."
        } else {
            (lines, widens) = OperationChange.lines(from: current?.permissions.objectValue, to: scope.objectValue)
            note = current == nil ? "New grant." : "Replaces the existing grant."
        }
        if let expiresAt, note?.hasSuffix("skipped.") != true, note?.hasSuffix("(left as it is).") != true {
            note = (note ?? "") + " Expires \(ExpiryField.display(expiresAt))."
        }
        let item = OperationItem(action: .put(scope: scope, existing: policy, expected: current?.permissions, expiresAt: expiresAt),
                                 room: room.name, roomID: room.id, userID: user.id, description: description,
                                 change: lines, widens: widens)
        return (item, note)
    }
}
