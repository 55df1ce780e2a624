import AccountsAPI
import GrantModel

/// The upstream side of the access page: reading the grants a question is
/// about and evaluating the check on each ("who can" is `WhoCanAnswer`).
enum AccessScan {
    /// How many of one user's grants "can" reads when no room is given.
    static let userGrantLimit = 100

    /// One grant's answer. A stored scope that cannot be read is denied,
    /// with the reading problem as the reason.
    static func decide(_ grant: RoomGrant, _ check: ScopeCheck, _ arguments: ScopeCheckArguments) -> ScopeDecision {
        let scope: ApiScope
        do {
            scope = try ApiScope(json: grant.permissions, mode: .lenient)
        } catch {
            let first = error.errors.first?.description ?? "unreadable"
            return ScopeDecision(allowed: false, reason: "cannot evaluate: the stored scope is invalid (\(first))")
        }
        do {
            return try scope.evaluate(check, arguments)
        } catch {
            return ScopeDecision(allowed: false, reason: "cannot evaluate: \(error)")
        }
    }

    /// The reason without its leading "allowed: " or "denied: ", which the
    /// page already says in the headline; the first letter capitalised.
    static func plainReason(_ reason: String) -> String { visible(downloadReason(reason)) }

    /// `plainReason` before it is made visible for a page: what downloads carry.
    static func downloadReason(_ reason: String) -> String {
        var text = Substring(reason)
        for prefix in ["allowed: ", "denied: "] where text.hasPrefix(prefix) { text = text.dropFirst(prefix.count) }
        guard let first = text.first else { return reason }
        return first.uppercased() + text.dropFirst()
    }

    /// "Can this user do X?": in one room, or in each room the user holds a grant in.
    static func can(
        client: AccountsClient, projectID pid: String, userID: String, room: String,
        check: ScopeCheck, arguments: ScopeCheckArguments
    ) async throws(UpstreamError) -> (answers: [AccessPageModel.Answer], more: Int) {
        let grants: [RoomGrant]
        var more = 0
        if room.isEmpty {
            let page = try await client.grants(projectID: pid, userID: userID, limit: userGrantLimit, offset: 0)
            grants = page.grants
            more = max(0, page.total - page.grants.count)
        } else {
            do {
                grants = [try await client.grant(projectID: pid, roomName: room, userID: userID)]
            } catch .notFound(_) {
                grants = []
            }
        }
        var decisions = DecisionCache()
        let answers = grants.map { grant in
            let decision = decisions.decide(grant, check, arguments)
            return AccessPageModel.Answer(
                allowed: decision.allowed,
                headline: decision.allowed ? "Allowed" : "Denied",
                cssClass: decision.allowed ? "decision-allowed" : "decision-denied",
                room: visible(grant.room.name),
                roomURL: SiteURL.room(pid: pid, room: grant.room.name).path,
                grantURL: SiteURL.grant(pid: pid, room: grant.room.name, userID: grant.userID).path,
                reason: plainReason(decision.reason)
            )
        }
        return (answers, more)
    }

    /// Decisions already made in one request or scan, by stored scope.
    struct DecisionCache {
        private var memo = ScopeMemo<ScopeDecision>()

        mutating func decide(_ grant: RoomGrant, _ check: ScopeCheck, _ arguments: ScopeCheckArguments) -> ScopeDecision {
            memo.value(for: grant.permissions) { _ in AccessScan.decide(grant, check, arguments) }
        }
    }
}
