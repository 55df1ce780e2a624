public import AccountsAPI
import Foundation
import GrantModel
import HTTPServer
import Logging

/// Carries out a `GrantsPlan` against the upstream, one audited change per
/// step, as the console's editor would: `begin` before the call, `complete`
/// after it, the actor a console user named on the command line, and every
/// step of one run under one operation id (the audit record's request id).
public struct GrantsApplier: Sendable {
    public struct Outcome: Sendable {
        public var step: GrantsPlan.Step
        /// nil: done; else what failed, in words.
        public var failure: String?
    }

    let accounts: AccountsClient
    let audit: AuditLog
    let actor: ConsoleUser
    /// Shared by every audit record of this run.
    public let operationID: String

    public init(accounts: AccountsClient, audit: AuditLog, actor: ConsoleUser, operationID: String) {
        self.accounts = accounts
        self.audit = audit
        self.actor = actor
        self.operationID = operationID
    }

    /// Applies the steps in order, reporting each through `progress` as it
    /// ends; stops after the first failure unless `keepGoing`. Returns the
    /// outcome of every step attempted.
    public func apply(_ plan: GrantsPlan, keepGoing: Bool,
                      progress: (Int, Outcome) -> Void) async throws -> [Outcome] {
        var context = ConsoleContext(request: HTTPRequest(method: .post, target: "/grantdesk/apply"),
                                     requestID: operationID, logger: Logger(label: "grantdesk.apply") { _ in SwiftLogNoOpLogHandler() })
        context.user = actor
        var outcomes: [Outcome] = []
        for (index, step) in plan.steps.enumerated() {
            let target = AuditTarget.grant(pid: plan.project, room: step.room, roomID: step.roomID, userID: step.userID)
            let entry = try await audit.begin(context: context, action: "grant.\(Self.verb(step.action))", target: target,
                                              before: step.before?.serialized())
            var failure: String?
            do {
                switch step.action {
                case .create:
                    try await accounts.createGrant(projectID: plan.project, roomID: step.roomID, userID: step.userID,
                                                   permissions: step.after ?? .object(JSONObject()))
                case .change:
                    try await accounts.updateGrant(projectID: plan.project, roomID: step.roomID, userID: step.userID,
                                                   permissions: step.after ?? .object(JSONObject()))
                case .delete:
                    try await accounts.deleteGrant(projectID: plan.project, roomID: step.roomID, userID: step.userID)
                }
            } catch {
                failure = error.summary
            }
            try await audit.complete(entry, outcome: failure.map(AuditOutcome.failed) ?? .succeeded, after: step.after?.serialized())
            let outcome = Outcome(step: step, failure: failure)
            outcomes.append(outcome)
            progress(index, outcome)
            if failure != nil && !keepGoing { break }
        }
        return outcomes
    }

    /// The editor's audit action names.
    private static func verb(_ action: GrantsPlan.Action) -> String {
        switch action {
        case .create: "create"
        case .change: "update"
        case .delete: "delete"
        }
    }
}
