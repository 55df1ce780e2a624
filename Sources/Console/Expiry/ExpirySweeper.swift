public import AccountsAPI
import Foundation
import GrantModel
public import Logging

/// Revokes expired grants, as GrantDesk itself (audit actor `system`), with
/// the grant's last scope in the record. Runs once at start-up (for
/// expiries that passed while no console was running) and then every
/// `interval`. A grant changed or deleted outside GrantDesk since its expiry
/// was set is left alone, and the expiry records why.
public struct ExpirySweeper: Sendable {
    let expiries: GrantExpiryStore
    let accounts: AccountsClient
    let audit: AuditLog
    let logger: Logger

    public init(expiries: GrantExpiryStore, accounts: AccountsClient, audit: AuditLog, logger: Logger) {
        self.expiries = expiries
        self.accounts = accounts
        self.audit = audit
        self.logger = logger
    }

    /// What one sweep did.
    public struct Result: Sendable, Hashable {
        public var revoked = 0
        public var kept = 0
        public var failed = 0
    }

    /// One pass over every due expiry this sweeper could claim.
    @discardableResult
    public func sweep() async -> Result {
        var result = Result()
        let claimed: [GrantExpiry]
        do {
            claimed = try await expiries.claimDue()
        } catch {
            logger.error("could not read grant expiries", metadata: ["error": "\(error)"])
            return result
        }
        for expiry in claimed {
            do {
                switch try await revoke(expiry) {
                case .revoked: result.revoked += 1
                case .kept: result.kept += 1
                case .failed: result.failed += 1
                }
            } catch {
                result.failed += 1
                logger.error("could not record a grant expiry", metadata: ["error": "\(error)"])
            }
        }
        return result
    }

    private enum Ending { case revoked, kept, failed }

    private func revoke(_ expiry: GrantExpiry) async throws -> Ending {
        let target = AuditTarget.grant(pid: expiry.project, room: expiry.room, roomID: expiry.roomID, userID: expiry.userID)
        let current: RoomGrant
        do {
            current = try await accounts.grant(projectID: expiry.project, roomID: expiry.roomID, userID: expiry.userID)
        } catch .notFound {
            try await expiries.resolve(expiry, state: "kept", outcome: "Not revoked: the grant was already deleted outside GrantDesk.")
            return .kept
        } catch {
            let problem = UpstreamProblem(error, .beforeWrite("checking the grant before revoking it"))
            try await expiries.resolve(expiry, state: "active", outcome: "Not revoked yet: \(problem.message) GrantDesk tries again.")
            return .failed
        }
        guard GrantExpiry.hash(current.permissions) == expiry.scopeHash else {
            try await expiries.resolve(expiry, state: "kept",
                                       outcome: "Not revoked: the grant was changed outside GrantDesk after its expiry was set, so it is not the grant that was given to expire.")
            return .kept
        }
        let auditID = try await audit.begin(actor: "system", role: "system", requestID: "expiry",
                                            action: "grant.expire", target: target,
                                            before: current.permissions.serialized())
        do {
            try await accounts.deleteGrant(projectID: expiry.project, roomID: expiry.roomID, userID: expiry.userID)
        } catch {
            try await audit.complete(auditID, outcome: .failed(error.summary), after: nil)
            let problem = UpstreamProblem(error, .write("revoking the expired grant"))
            try await expiries.resolve(expiry, state: "active", outcome: "Not revoked yet: \(problem.message) GrantDesk tries again.")
            return .failed
        }
        try await audit.complete(auditID, outcome: .succeeded, after: nil)
        try await expiries.resolve(expiry, state: "revoked", outcome: "Revoked when it expired.")
        return .revoked
    }

    /// Sweeps now and then every `interval` until the task is cancelled.
    public func run(every interval: Duration = .seconds(30)) async {
        while !Task.isCancelled {
            await sweep()
            try? await Task.sleep(for: interval)
        }
    }
}
