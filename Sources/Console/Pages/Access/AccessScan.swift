import AccountsAPI
import GrantModel

/// The upstream side of the access page: reading the grants a question is
/// about and evaluating the check on each, always bounded.
enum AccessScan {
    /// How many grants "who can" reads per request (pages of `pageSize`).
    /// One page: reading and deciding 2,000 grants (about 1 MB of JSON) took
    /// some 200 ms, four times the page budget; the answer continues with `from=`.
    static let scanLimit = 500
    static let pageSize = 500
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
    static func plainReason(_ reason: String) -> String {
        var text = Substring(reason)
        for prefix in ["allowed: ", "denied: "] where text.hasPrefix(prefix) { text = text.dropFirst(prefix.count) }
        guard let first = text.first else { return reason }
        return visible(first.uppercased() + text.dropFirst())
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

    struct WhoResult: Sendable {
        var rows: [AccessPageModel.WhoRow]
        var scanned: Int
        var total: Int
        /// Where the next scan would start, when the limit stopped this one.
        var nextOffset: Int?
    }

    /// "Who can do X?": reads the project's grants page by page from
    /// `offset`, at most `scanLimit`, and keeps those that allow the check.
    static func who(
        client: AccountsClient, projectID pid: String, check: ScopeCheck, arguments: ScopeCheckArguments, offset: Int,
        people: PeopleDirectory = PeopleDirectory()
    ) async throws(UpstreamError) -> WhoResult {
        var rows: [AccessPageModel.WhoRow] = []
        var position = offset
        var total = 0
        var scanned = 0
        var decisions = DecisionCache()
        while scanned < scanLimit {
            let page = try await client.grants(projectID: pid, limit: pageSize, offset: position, orderBy: .roomName)
            total = page.total
            for grant in page.grants {
                let decision = decisions.decide(grant, check, arguments)
                guard decision.allowed else { continue }
                rows.append(AccessPageModel.WhoRow(
                    person: people.display(grant.userID),
                    userURL: SiteURL.user(pid: pid, userID: grant.userID).path,
                    room: visible(grant.room.name),
                    roomURL: SiteURL.room(pid: pid, room: grant.room.name).path,
                    grantURL: SiteURL.grant(pid: pid, room: grant.room.name, userID: grant.userID).path,
                    reason: plainReason(decision.reason)
                ))
            }
            scanned += page.grants.count
            position += page.grants.count
            if page.grants.isEmpty || position >= page.total { break }
        }
        return WhoResult(rows: rows, scanned: scanned, total: total, nextOffset: position < total ? position : nil)
    }

    /// Decisions already made in one request, by stored scope: grants very
    /// often share a scope (presets), and reading one is most of a decision's cost.
    struct DecisionCache {
        private var known: [JSONValue: ScopeDecision] = [:]

        mutating func decide(_ grant: RoomGrant, _ check: ScopeCheck, _ arguments: ScopeCheckArguments) -> ScopeDecision {
            if let decision = known[grant.permissions] { return decision }
            let decision = AccessScan.decide(grant, check, arguments)
            if known.count < 1_000 { known[grant.permissions] = decision }
            return decision
        }
    }
}
