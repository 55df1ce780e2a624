import Foundation
import AccountsAPI
import GrantModel

/// Applies one item against the upstream: re-reads the grant first (so a
/// grant changed since the preview is skipped, not overwritten unseen),
/// audits the write under the operation's id, and says how it ended in words.
struct OperationItemRunner: Sendable {
    let accounts: AccountsClient
    let audit: AuditLog
    let expiries: GrantExpiryStore

    struct Context: Sendable {
        var id: OperationID
        var project: String
        var kind: String
        var tag: String?
        var actor: OperationActor
    }

    func run(_ item: OperationItem, in operation: Context) async throws -> (OperationItemStatus, String?) {
        switch item.action {
        case .put(let scope, let policy, let expected, let expiresAt):
            return try await put(item, scope: scope, policy: policy, expected: expected, expiresAt: expiresAt, in: operation)
        case .delete(let expected):
            return try await delete(item, expected: expected, in: operation)
        case .removeMember:
            return try await removeMember(item, in: operation)
        }
    }

    private func target(_ item: OperationItem, _ operation: Context) -> AuditTarget {
        var target = AuditTarget.grant(pid: operation.project, room: item.room, roomID: item.roomID, userID: item.userID)
        if case .removeMember = item.action { target = .member(pid: operation.project, userID: item.userID) }
        target.resource += " (operation \(operation.id)\(operation.tag.map { ", \(operation.kind) \($0)" } ?? ""))"
        return target
    }

    private func begin(_ action: String, _ item: OperationItem, _ operation: Context, before: String?) async throws -> AuditEntryID {
        try await audit.begin(actor: operation.actor.name, role: operation.actor.role, requestID: operation.actor.requestID,
                              action: action, target: target(item, operation), before: before)
    }

    /// A lost update refused, audited as the editor audits one.
    private func refuse(_ action: String, _ item: OperationItem, _ operation: Context) async throws {
        try await audit.refused(actor: operation.actor.name, role: operation.actor.role, requestID: operation.actor.requestID,
                                action: action, target: target(item, operation),
                                reason: "the grant changed since the preview was shown")
    }

    /// The grant as it is now; nil when there is none.
    private func current(_ item: OperationItem, _ operation: Context) async throws(UpstreamError) -> RoomGrant? {
        do {
            return try await accounts.grant(projectID: operation.project, roomID: item.roomID, userID: item.userID)
        } catch .notFound {
            return nil
        }
    }

    private func put(_ item: OperationItem, scope: JSONValue, policy: ExistingGrantPolicy, expected: JSONValue?,
                     expiresAt: Date?, in operation: Context) async throws -> (OperationItemStatus, String?) {
        let existing: RoomGrant?
        do {
            existing = try await current(item, operation)
        } catch {
            return (.failed, UpstreamProblem(error, .beforeWrite("checking for an existing grant")).message)
        }
        if let existing {
            if EditorCanonical.same(existing.permissions, scope) {
                return (.skipped, "The grant already has exactly this scope; nothing to change.")
            }
            if policy == .skip { return (.skipped, "A grant already exists here and was left as it is (existing grants are skipped).") }
            guard let expected, EditorCanonical.same(existing.permissions, expected) else {
                try await refuse("grant.update", item, operation)
                return (.skipped, "The grant changed after the preview was shown, so it was left as it is. Preview again to overwrite it.")
            }
        }
        let action = existing == nil ? "grant.create" : "grant.update"
        let auditID = try await begin(action, item, operation, before: existing?.permissions.serialized())
        do {
            if existing == nil {
                try await accounts.createGrant(projectID: operation.project, roomID: item.roomID, userID: item.userID, permissions: scope)
            } else {
                try await accounts.updateGrant(projectID: operation.project, roomID: item.roomID, userID: item.userID, permissions: scope)
            }
        } catch {
            try await audit.complete(auditID, outcome: .failed(error.summary), after: scope.serialized())
            return (.failed, UpstreamProblem(error, .write(existing == nil ? "creating the grant" : "replacing the grant")).message)
        }
        try await audit.complete(auditID, outcome: .succeeded, after: scope.serialized())
        if let expiresAt {
            try await expiries.set(project: operation.project, room: item.room, roomID: item.roomID, userID: item.userID,
                                   expiresAt: expiresAt, scope: scope, createdBy: operation.actor.name)
        } else {
            try await expiries.clear(project: operation.project, roomID: item.roomID, userID: item.userID)
        }
        return (.done, nil)
    }

    private func delete(_ item: OperationItem, expected: JSONValue?, in operation: Context) async throws -> (OperationItemStatus, String?) {
        let existing: RoomGrant?
        do {
            existing = try await current(item, operation)
        } catch {
            return (.failed, UpstreamProblem(error, .beforeWrite("checking the grant before deleting it")).message)
        }
        guard let existing else { return (.skipped, "The grant no longer exists; nothing to delete.") }
        if let expected, !EditorCanonical.same(existing.permissions, expected) {
            try await refuse("grant.delete", item, operation)
            return (.skipped, "The grant changed after the preview was shown, so it was not deleted. Preview again to delete it.")
        }
        let auditID = try await begin("grant.delete", item, operation, before: existing.permissions.serialized())
        do {
            try await accounts.deleteGrant(projectID: operation.project, roomID: item.roomID, userID: item.userID)
        } catch .notFound {
            try await audit.complete(auditID, outcome: .failed("not found"), after: nil)
            return (.skipped, "The grant was deleted meanwhile; nothing to delete.")
        } catch {
            try await audit.complete(auditID, outcome: .failed(error.summary), after: nil)
            return (.failed, UpstreamProblem(error, .write("deleting the grant")).message)
        }
        try await audit.complete(auditID, outcome: .succeeded, after: nil)
        try await expiries.clear(project: operation.project, roomID: item.roomID, userID: item.userID)
        return (.done, nil)
    }

    private func removeMember(_ item: OperationItem, in operation: Context) async throws -> (OperationItemStatus, String?) {
        let auditID = try await begin("member.remove", item, operation, before: nil)
        do {
            try await accounts.removeMember(projectID: operation.project, userID: item.userID)
        } catch .notFound {
            try await audit.complete(auditID, outcome: .failed("not found"), after: nil)
            return (.skipped, "The person is no longer a member of the project.")
        } catch {
            try await audit.complete(auditID, outcome: .failed(error.summary), after: nil)
            return (.failed, UpstreamProblem(error, .write("removing the project membership")).message)
        }
        try await audit.complete(auditID, outcome: .succeeded, after: nil)
        return (.done, nil)
    }
}
