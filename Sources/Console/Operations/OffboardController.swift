import AccountsAPI
import GrantModel
import HTTPApp
import HTTPServer

/// Offboarding (`/projects/{pid}/users/{user_id}/offboard`): every grant the
/// user holds in the project (all pages), revoked as one operation, and
/// optionally their project membership as the final item.
struct OffboardController: ConsoleController {
    static let removeMembership = "remove_membership"

    let services: ConsoleServices

    func register(on router: inout Router<ConsoleContext>) {
        router.get(.offboard) { _, context in try await preview(context) }
        router.post(.offboard) { request, context in try await run(request, context) }
    }

    private func plan(pid: String, userID: String, removeMembership: Bool) async throws(UpstreamProblem) -> (OperationPlan, PersonDisplay) {
        let grants = try await services.accounts.load("the user's grants") { client throws(UpstreamError) in try await client.allGrants(projectID: pid, userID: userID) }
        let person = await PeopleDirectory.load(services.accounts, projectID: pid, userID: userID).display(userID)
        var items = grants.sorted { $0.room.name < $1.room.name }.map { grant in
            let (lines, _) = OperationChange.lines(from: grant.permissions.objectValue, to: nil)
            return OperationItem(action: .delete(expected: grant.permissions), room: grant.room.name, roomID: grant.room.id,
                                 userID: userID, description: "\(person.sentence) in room \(grant.room.name)",
                                 change: lines, widens: false)
        }
        if removeMembership {
            items.append(OperationItem(action: .removeMember, room: "", roomID: "", userID: userID,
                                       description: "\(person.sentence): project membership",
                                       change: ["Removed from the project's members."], widens: false))
        }
        return (OperationPlan(project: pid, kind: "offboard", label: "Offboard \(person.sentence)", items: items), person)
    }

    private func preview(_ context: ConsoleContext, removeMembership: Bool = false, notice: String? = nil,
                         status: HTTPStatus = .ok) async throws -> HTTPResponse {
        try context.requireAdmin()
        let context = try await context.withProjectName(from: services.accounts)
        let pid = try context.parameters.require("pid")
        let userID = try context.parameters.require("user_id")
        let (plan, person) = try await plan(pid: pid, userID: userID, removeMembership: false)
        var page = OperationPreviewPage(
            heading: "Offboard \(person.label)",
            intro: "Every grant \(person.sentence) holds in this project is revoked, one item each. Nothing changes until you run it.",
            action: SiteURL.offboard(pid: pid, userID: userID).path,
            hidden: [HiddenField(name: OperationSubmission.field, value: OperationSubmission.newToken())], plan: plan,
            emptyText: "This person holds no grants in this project.", runLabel: "Revoke every grant",
            cancelURL: SiteURL.user(pid: pid, userID: userID).path)
        page.options = [.init(name: Self.removeMembership, label: "Also remove the project membership (after every grant is revoked)",
                              checked: removeMembership)]
        page.notice = notice
        return services.renderer.page("operations/preview", page, chrome: OperationsController.chrome(
            pid: pid, title: "Offboard \(person.label)", extra: [Breadcrumb(person.label, .user(pid: pid, userID: userID))],
            context: context), status: status)
    }

    private func run(_ request: HTTPRequest, _ context: ConsoleContext) async throws -> HTTPResponse {
        try context.requireAdmin()
        let pid = try context.parameters.require("pid")
        let userID = try context.parameters.require("user_id")
        let form = try URLEncodedForm(body: request)
        let removeMembership = form[Self.removeMembership] == "on"
        if let earlier = try await services.operations.started(bySubmission: OperationSubmission.key(form, context)) {
            return Redirect.to(.operation(pid: pid, id: earlier.rawValue))
        }
        let full: OperationPlan
        do {
            full = try await plan(pid: pid, userID: userID, removeMembership: removeMembership).0
        } catch {
            throw error.asPartOfWrite
        }
        // The preview's fingerprint covers the grants; the checkbox adds the membership item.
        var grantsOnly = full
        grantsOnly.items.removeAll { $0.action == .removeMember }
        guard form[OperationFingerprint.field] == OperationFingerprint.of(grantsOnly) else {
            return try await preview(context, removeMembership: removeMembership,
                                     notice: "Nothing was revoked: the user's grants changed since the preview was shown. Check the list below and run it again.",
                                     status: .conflict)
        }
        let id = try await services.operations.start(full, actor: OperationActor(context),
                                                     submission: OperationSubmission.key(form, context))
        return Redirect.to(.operation(pid: pid, id: id.rawValue))
    }
}
