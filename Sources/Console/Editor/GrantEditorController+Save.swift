import Foundation
import AccountsAPI
import GrantModel
import HTTPApp
import HTTPServer

extension GrantEditorController {
    /// "Confirm save": everything is checked again (the posted fields are as
    /// untrusted as the first time), then the one-time token is claimed, the
    /// grant re-read to refuse lost updates, the audit record begun, the one
    /// upstream write made and the record completed.
    func confirm(_ input: GrantEditorInput, pid: String, target: GrantTarget?, rooms: [String],
                 context: ConsoleContext) async throws -> HTTPResponse {
        let (scope, errors) = input.scope()
        let (expiresAt, expiryErrors) = expiry(input, target: target)
        let granteeErrors = (target == nil ? input.granteeErrors() : [:]).merging(expiryErrors) { first, _ in first }
        guard errors.isEmpty, granteeErrors.isEmpty else {
            return render(input, pid: pid, target: target, rooms: rooms, errors: errors, granteeErrors: granteeErrors,
                          status: .unprocessableContent, context: context)
        }
        guard let session = context.session, !input.token.isEmpty else {
            throw HTTPError(.forbidden, message: "Please sign in again.")
        }
        switch try await ledger.claim(session: session.idHash, token: input.token) {
        case .claimed:
            break
        case .already(.done(let location, let message)):
            try await services.sessions.setFlash(.info("This form was already submitted: \(message) Nothing was changed a second time."), for: session)
            return Redirect.to(path: location)
        case .already(.inFlight):
            return render(input, pid: pid, target: target, rooms: rooms,
                          notice: "This form is already being saved. Wait a moment and open the grant to see the result.",
                          status: .conflict, context: context)
        }
        do {
            let outcome = try await save(scope, input: input, pid: pid, target: target, rooms: rooms, expiresAt: expiresAt,
                                         context: context)
            if let done = outcome.done {
                try await ledger.finish(session: session.idHash, token: input.token, location: done.location, message: done.message)
                try await services.sessions.setFlash(.success(done.message), for: session)
                return Redirect.to(path: done.location)
            }
            try await ledger.release(session: session.idHash, token: input.token)
            return outcome.response ?? render(input, pid: pid, target: target, rooms: rooms, context: context)
        } catch {
            try await ledger.release(session: session.idHash, token: input.token)
            throw error
        }
    }

    /// What a save attempt ended with: a change made (where to go next), or a
    /// page to show instead (nothing changed).
    struct SaveOutcome {
        var done: (location: String, message: String)?
        var response: HTTPResponse?
    }

    private func save(_ scope: JSONObject, input: GrantEditorInput, pid: String, target: GrantTarget?,
                      rooms: [String], expiresAt: Date?, context: ConsoleContext) async throws -> SaveOutcome {
        let permissions = JSONValue.object(scope)
        // Every upstream failure shows the form again as posted, with the one mapping's words and status.
        let fail = { (error: UpstreamError, call: UpstreamProblem.Call) in
            let problem = UpstreamErrorMiddleware.logged(UpstreamProblem(error, call), context)
            return SaveOutcome(response: problem.decorate(render(input, pid: pid, target: target, rooms: rooms,
                                                                 failure: problem.message, status: problem.status,
                                                                 context: context)))
        }
        if let target {
            // Lost updates: the upstream has no version, so compare with what the editor loaded.
            let current: RoomGrant?
            do {
                current = try await accounts.grant(projectID: pid, roomName: target.room, userID: target.userID)
            } catch .notFound {
                current = nil
            } catch {
                return fail(error, .beforeWrite("checking the grant before saving"))
            }
            guard let current, let loaded = input.loaded,
                  EditorCanonical.same(current.permissions, .object(loaded))
            else {
                try await services.audit.refused(context: context, action: "grant.update",
                                                 target: .grant(pid: pid, room: target.room, roomID: current?.room.id, userID: target.userID),
                                                 reason: "the grant changed since the editor loaded it")
                return SaveOutcome(response: conflict(theirs: current, yours: scope, input: input, pid: pid, target: target, context: context))
            }
            let auditID = try await services.audit.begin(
                context: context, action: "grant.update",
                target: .grant(pid: pid, room: target.room, roomID: current.room.id, userID: target.userID),
                before: current.permissions.serialized())
            do {
                try await accounts.updateGrant(projectID: pid, roomID: current.room.id, userID: target.userID, permissions: permissions)
            } catch {
                try await services.audit.complete(auditID, outcome: .failed(error.summary), after: permissions.serialized())
                if case .conflict(let answer) = error,
                   let theirs = try? await accounts.grant(projectID: pid, roomID: target.room, userID: target.userID) {
                    return SaveOutcome(response: conflict(theirs: theirs, yours: scope, input: input, pid: pid, target: target,
                                                          explanation: Self.upstreamConflict(answer), context: context))
                }
                return fail(error, .write("saving the grant"))
            }
            try await services.audit.complete(auditID, outcome: .succeeded, after: permissions.serialized())
            try await recordExpiry(expiresAt, pid: pid, room: current.room, userID: target.userID, scope: permissions, context: context)
            return SaveOutcome(done: (SiteURL.grant(pid: pid, room: target.room, userID: target.userID).path,
                                      "Grant saved for \(target.userID) in room \(target.room)."))
        }
        return try await create(permissions, input: input, pid: pid, rooms: rooms, expiresAt: expiresAt, context: context, fail: fail)
    }

    /// Sets the saved grant's expiry, or forgets an earlier one when the form has none.
    private func recordExpiry(_ expiresAt: Date?, pid: String, room: Room, userID: String, scope: JSONValue,
                              context: ConsoleContext) async throws {
        if let expiresAt {
            try await services.expiries.set(project: pid, room: room.name, roomID: room.id, userID: userID, expiresAt: expiresAt,
                                            scope: scope, createdBy: context.user?.name ?? "-")
        } else {
            try await services.expiries.clear(project: pid, roomID: room.id, userID: userID)
        }
    }

    private func create(_ permissions: JSONValue, input: GrantEditorInput, pid: String, rooms: [String], expiresAt: Date?,
                        context: ConsoleContext, fail: (UpstreamError, UpstreamProblem.Call) -> SaveOutcome) async throws -> SaveOutcome {
        let room: Room
        do {
            room = try await accounts.room(projectID: pid, name: input.room)
        } catch .notFound {
            return SaveOutcome(response: render(input, pid: pid, target: nil, rooms: rooms,
                                                granteeErrors: ["room": "There is no room called “\(input.room)”."],
                                                status: .unprocessableContent, context: context))
        } catch {
            return fail(error, .beforeWrite("checking the room before creating the grant"))
        }
        let grantee = input.byUser ? input.userID : input.email
        let auditTarget = AuditTarget.grant(pid: pid, room: room.name, roomID: room.id, userID: grantee)
        if input.byUser {
            // A grant for this pair made meanwhile (or by an earlier attempt) is not overwritten.
            let existing: RoomGrant?
            do {
                existing = try await accounts.grant(projectID: pid, room: room, userID: input.userID)
            } catch .notFound {
                existing = nil
            } catch {
                return fail(error, .beforeWrite("checking for an existing grant"))
            }
            if let existing {
                try await services.audit.refused(context: context, action: "grant.create", target: auditTarget,
                                                 reason: "a grant for this user in this room already exists")
                let target = GrantTarget(pid: pid, room: room.name, userID: input.userID)
                return SaveOutcome(response: conflict(theirs: existing, yours: permissions.objectValue ?? JSONObject(),
                                                      input: input, pid: pid, target: target, creating: true, context: context))
            }
        }
        let auditID = try await services.audit.begin(context: context, action: "grant.create", target: auditTarget,
                                                      before: nil)
        do {
            if input.byUser {
                try await accounts.createGrant(projectID: pid, roomID: room.id, userID: input.userID, permissions: permissions)
            } else {
                try await accounts.createGrant(projectID: pid, roomID: room.id, email: input.email, permissions: permissions)
            }
        } catch {
            try await services.audit.complete(auditID, outcome: .failed(error.summary), after: permissions.serialized())
            if case .conflict(let answer) = error, input.byUser,
               let theirs = try? await accounts.grant(projectID: pid, roomID: room.id, userID: input.userID) {
                let target = GrantTarget(pid: pid, room: room.name, userID: input.userID)
                return SaveOutcome(response: conflict(theirs: theirs, yours: permissions.objectValue ?? JSONObject(), input: input,
                                                      pid: pid, target: target, creating: true,
                                                      explanation: Self.upstreamConflict(answer), context: context))
            }
            return fail(error, .write(input.byUser ? "creating the grant" : "sending the invitation"))
        }
        try await services.audit.complete(auditID, outcome: .succeeded, after: permissions.serialized())
        if input.byUser {
            try await recordExpiry(expiresAt, pid: pid, room: room, userID: input.userID, scope: permissions, context: context)
            return SaveOutcome(done: (SiteURL.grant(pid: pid, room: room.name, userID: input.userID).path,
                                      "Grant created for \(input.userID) in room \(room.name)."))
        }
        return SaveOutcome(done: (SiteURL.room(pid: pid, room: room.name).path,
                                  "Invitation sent to \(input.email) for room \(room.name)."))
    }

    /// Why the conflict page is shown when MeshAgent itself answered 409 (the
    /// grant it holds is then shown as theirs).
    static func upstreamConflict(_ answer: UpstreamFailure) -> String {
        "MeshAgent's accounts API reports a conflict (HTTP 409). MeshAgent said: “\(answer.message)”. The grant as it is now is shown as theirs."
    }

    /// The page shown when the grant is not what the editor loaded: both
    /// versions, the difference from theirs to yours, and a way to review
    /// yours against theirs (which makes theirs the new starting point).
    private func conflict(theirs: RoomGrant?, yours: JSONObject, input: GrantEditorInput, pid: String,
                          target: GrantTarget, creating: Bool = false, explanation given: String? = nil,
                          context: ConsoleContext) -> HTTPResponse {
        let theirsScope = theirs?.permissions.objectValue ?? JSONObject()
        let summary = ScopeChangeSummary.between(theirsScope, yours)
        var carried = GrantEditorInput(form: input.form)
        carried.form.set(GrantEditorInput.loadedName, theirs.map { $0.permissions.serialized() })
        let explanation: String
        if let given {
            explanation = given
        } else if creating {
            explanation = "A grant for this user in this room already exists. Edit that grant instead, or review yours against it."
        } else if theirs == nil {
            explanation = "The grant was deleted after you opened the editor."
        } else {
            explanation = "Someone changed this grant after you opened the editor. Your version would undo their change."
        }
        let page = GrantConflictPage(
            target: "User \(target.userID) in room \(target.room)", explanation: explanation,
            action: SiteURL.grantEdit(pid: pid, room: target.room, userID: target.userID).path,
            hidden: carried.carried.filter { !creating || $0.name != "room" },
            lines: summary.lines, noChanges: summary.isEmpty,
            theirsJSON: theirs.map { $0.permissions.serialized(pretty: true) } ?? "(deleted)",
            yoursJSON: JSONValue.object(yours).serialized(pretty: true),
            canOverride: theirs != nil,
            reloadURL: theirs == nil ? SiteURL.newGrant(pid: pid, room: target.room, user: target.userID).path
                : SiteURL.grantEdit(pid: pid, room: target.room, userID: target.userID).path)
        return services.renderer.page("editor/conflict", page,
                                      chrome: chrome(pid: pid, target: target, title: "Not saved: the grant changed", context: context),
                                      status: .conflict)
    }
}
