import AccountsAPI
import GrantModel
import HTTPApp
import HTTPServer

extension GrantEditorController {
    func deleteForm(_ context: ConsoleContext) async throws -> HTTPResponse {
        try context.requireAdmin()
        let target = try GrantTarget(context)
        let grant = try await loadGrant(target)
        return deletePage(grant, target: target, context: context)
    }

    func deletePage(_ grant: RoomGrant, target: GrantTarget, failure: String? = nil, status: HTTPStatus = .ok,
                    context: ConsoleContext) -> HTTPResponse {
        let page = GrantDeletePage(
            target: "User \(target.userID) in room \(target.room)", room: target.room, userID: target.userID,
            action: SiteURL.grantDelete(pid: target.pid, room: target.room, userID: target.userID).path,
            cancelURL: SiteURL.grant(pid: target.pid, room: target.room, userID: target.userID).path,
            scopeJSON: grant.permissions.serialized(pretty: true), loaded: grant.permissions.serialized(), failure: failure)
        return services.renderer.page("editor/delete", page,
                                      chrome: chrome(pid: target.pid, target: target, title: "Delete grant", context: context),
                                      status: status)
    }

    /// Deletes after re-reading the grant: a grant already gone is reported,
    /// not deleted twice; a grant changed since the confirmation page was
    /// shown is shown again instead of being deleted unseen.
    func delete(_ request: HTTPRequest, _ context: ConsoleContext) async throws -> HTTPResponse {
        try context.requireAdmin()
        let target = try GrantTarget(context)
        let form = try URLEncodedForm(body: request)
        guard let session = context.session else { throw HTTPError(.forbidden, message: "Please sign in again.") }
        let roomURL = SiteURL.room(pid: target.pid, room: target.room).path
        let current: RoomGrant
        do {
            current = try await accounts.grant(projectID: target.pid, roomName: target.room, userID: target.userID)
        } catch .notFound {
            try await services.sessions.setFlash(.info("The grant for \(target.userID) in room \(target.room) no longer exists; nothing was deleted."), for: session)
            return Redirect.to(path: roomURL)
        } catch {
            throw UpstreamProblem(error, .beforeWrite("checking the grant before deleting it"))
        }
        let loaded = form[GrantEditorInput.loadedName].flatMap { try? JSONValue(parsing: $0) }
        guard let loaded, EditorCanonical.same(loaded, current.permissions) else {
            try await services.audit.refused(context: context, action: "grant.delete",
                                             target: .grant(pid: target.pid, room: target.room, roomID: current.room.id, userID: target.userID),
                                             reason: "the grant changed since the confirmation page was shown")
            return deletePage(current, target: target,
                              failure: "Nothing was deleted. The grant changed since this page was shown. Check the scope below and confirm again.",
                              status: .conflict, context: context)
        }
        let auditID = try await services.audit.begin(
            context: context, action: "grant.delete",
            target: .grant(pid: target.pid, room: target.room, roomID: current.room.id, userID: target.userID),
            before: current.permissions.serialized())
        do {
            try await accounts.deleteGrant(projectID: target.pid, roomID: current.room.id, userID: target.userID)
        } catch {
            try await services.audit.complete(auditID, outcome: .failed(error.summary), after: nil)
            let problem = UpstreamErrorMiddleware.logged(UpstreamProblem(error, .write("deleting the grant")), context)
            return problem.decorate(deletePage(current, target: target, failure: problem.message, status: problem.status,
                                               context: context))
        }
        try await services.audit.complete(auditID, outcome: .succeeded, after: nil)
        try await services.expiries.clear(project: target.pid, roomID: current.room.id, userID: target.userID)
        try await services.sessions.setFlash(.success("Grant deleted: \(target.userID) no longer has access to room \(target.room)."), for: session)
        return Redirect.to(path: roomURL)
    }
}
