import AccountsAPI
import Foundation
import GrantModel
import HTTPApp
import HTTPServer

extension ReviewsController {
    /// `GET …/apply`: the revocations the reviewers decided, each with its
    /// state (to do, revoked, failed with the reason), before and after applying.
    func applyPreview(_ request: HTTPRequest, _ context: ConsoleContext) async throws -> HTTPResponse {
        try context.requireAdmin()
        let campaign = try await campaign(context)
        return try await applyPage(campaign, context: context, outcome: nil)
    }

    func applyPage(_ campaign: Campaign, context: ConsoleContext, outcome: (text: String, failed: Bool)?,
                   status: HTTPStatus = .ok) async throws -> HTTPResponse {
        let pid = campaign.project
        async let peopleTask = PeopleDirectory.load(services.accounts, projectID: pid)
        let project = try await pages.project(pid)
        try await syncRevocations(campaign)
        let items = try await store.items(campaign.id, revokeOnly: true).items
        let people = await peopleTask
        let rows = items.map { item in
            let (state, stateClass): (String, String) = switch item.revocation {
            case nil: ("to revoke", "badge badge-warn")
            case .applying: ("in progress", "badge badge-info")
            case .applied: ("revoked", "badge badge-ok")
            case .gone: ("already gone", "badge badge-neutral")
            case .skipped: ("not revoked: changed since the snapshot", "badge badge-warn")
            case .failed: ("failed", "badge badge-risk")
            }
            return ReviewApplyPage.Row(
                room: visible(item.roomName), person: people.display(item.userID),
                decidedText: visible(item.decidedBy ?? "-"), comment: visible(item.comment ?? ""),
                state: state, stateClass: stateClass,
                detail: item.revocation == .failed || item.revocation == .skipped ? item.revocationDetail.map(visible) : nil)
        }
        let pending = items.count(where: \.needsRevoking)
        let done = items.count { $0.revocation == .applied || $0.revocation == .gone }
        let running = items.contains { $0.revocation == .applying }
        let failed = items.count { $0.revocation == .failed }
        let revoked = items.count { $0.revocation == .applied }
        let ended = items.contains { $0.revocation != nil && $0.revocation != .applying }
        let summary: (text: String, failed: Bool)? = outcome ?? (running
            ? ("Revoking… this page reloads by itself.", false)
            : !ended ? nil
            : failed == 0
            ? ("Revoked \(counted(revoked, "grant")). Every revocation is in the audit log under review #\(campaign.id).", false)
            : ("Revoked \(counted(revoked, "grant")); \(failed) failed and can be retried below.", true))
        let operations = Set(items.compactMap(\.operationID)).sorted()
        let page = ReviewApplyPage(
            name: visible(campaign.name), rows: rows, hasRows: !rows.isEmpty, pending: pending, hasPending: pending > 0,
            hasFailed: items.contains { $0.revocation == .failed },
            progress: ProgressBar(label: "Revoked", done: done, total: items.count, verb: "revoked"),
            actionURL: SiteURL.reviewApply(pid: pid, id: campaign.id).path,
            reviewURL: SiteURL.review(pid: pid, id: campaign.id).path,
            isOpen: campaign.status == .open || campaign.status == .closed,
            outcome: summary?.text, outcomeClass: summary?.failed == true ? "callout callout-danger" : "callout callout-success",
            operations: operations.map { ReviewApplyPage.Link(label: "Operation \($0)", url: SiteURL.operation(pid: pid, id: $0).path) })
        var chrome = pages.chrome(context, title: "Apply revocations", project: project, trail: [
            Breadcrumb("Access reviews", .reviews(pid)), Breadcrumb(label: visible(campaign.name), url: SiteURL.review(pid: pid, id: campaign.id).path),
            Breadcrumb(label: "Apply revocations", url: nil),
        ])
        if running { chrome.refresh = "2" }
        return services.renderer.page("reviews/apply", page, chrome: chrome, status: status)
    }

    /// `POST …/apply`: hands every grant decided "revoke" that is not
    /// revoked yet (failed ones again) to the operations engine as one
    /// operation tagged with the campaign, so each revocation is audited under
    /// it; the apply page then shows its progress and each item's outcome.
    func apply(_ request: HTTPRequest, _ context: ConsoleContext) async throws -> HTTPResponse {
        try context.requireAdmin()
        let campaign = try await campaign(context)
        guard campaign.status == .open || campaign.status == .closed else {
            return try await applyPage(campaign, context: context,
                                       outcome: ("This review has no decisions to apply yet. Nothing was changed.", true), status: .conflict)
        }
        let pid = campaign.project
        let pending = try await store.items(campaign.id, revokeOnly: true).items.filter(\.needsRevoking)
        var claimed: [CampaignItem] = []
        // A claim is one conditional update: a second submit (or replica) finds nothing left to claim.
        for item in pending where try await store.claimRevocation(item.id) { claimed.append(item) }
        guard !claimed.isEmpty else { return Redirect.to(.reviewApply(pid: pid, id: campaign.id)) }
        let people = await PeopleDirectory.load(services.accounts, projectID: pid)
        let items = claimed.map { item in
            let (lines, _) = OperationChange.lines(from: item.permissions.objectValue, to: nil)
            // `expected`: the scope the reviewer saw; a grant changed since is skipped, not revoked unseen.
            return OperationItem(action: .delete(expected: item.permissions), room: item.roomName, roomID: item.roomID,
                                 userID: item.userID, description: "\(people.display(item.userID).label) in room \(item.roomName)",
                                 change: lines, widens: false)
        }
        let plan = OperationPlan(project: pid, kind: "review", label: "Revocations of review “\(campaign.name)”",
                                 tag: "#\(campaign.id)", items: items)
        let operation: OperationID
        do {
            operation = try await services.operations.start(plan, actor: OperationActor(context))
        } catch {
            for item in claimed {
                try await store.recordRevocation(item.id, .failed, detail: "The operation could not be started; nothing was revoked.",
                                                 by: context.user?.name ?? "-")
            }
            throw error
        }
        for (position, item) in claimed.enumerated() {
            try await store.attach(item.id, operation: operation.rawValue, position: position)
        }
        return Redirect.to(.reviewApply(pid: pid, id: campaign.id))
    }

    /// Copies the outcome of each ended operation item onto its review item.
    func syncRevocations(_ campaign: Campaign) async throws {
        let applying = try await store.items(campaign.id, revokeOnly: true).items.filter { $0.revocation == .applying }
        let byOperation = Dictionary(grouping: applying.filter { $0.operationID != nil }, by: { $0.operationID ?? "" })
        for (operation, items) in byOperation {
            guard let status = try await services.operations.status(OperationID(rawValue: operation), project: campaign.project)
            else { continue }
            for item in items {
                guard let outcome = status.items.first(where: { $0.position == item.operationPosition }) else { continue }
                let actor = status.actor
                switch outcome.status {
                case .done: try await store.recordRevocation(item.id, .applied, detail: nil, by: actor)
                case .failed, .interrupted:
                    try await store.recordRevocation(item.id, .failed, detail: outcome.detail ?? "interrupted", by: actor)
                case .skipped:
                    let gone = outcome.detail?.contains("no longer exists") == true || outcome.detail?.contains("deleted meanwhile") == true
                    try await store.recordRevocation(item.id, gone ? .gone : .skipped, detail: outcome.detail, by: actor)
                case .pending, .running:
                    if !status.isRunning {
                        try await store.recordRevocation(item.id, .failed, detail: "The operation stopped before this item ran.", by: actor)
                    }
                }
            }
        }
    }

    func close(_ request: HTTPRequest, _ context: ConsoleContext) async throws -> HTTPResponse {
        try context.requireAdmin()
        let campaign = try await campaign(context)
        let audit = try await services.audit.begin(context: context, action: "review.close",
                                                   target: AuditTarget(project: campaign.project, resource: "review #\(campaign.id)"),
                                                   before: campaign.status.rawValue)
        guard try await store.close(campaign.id, by: context.user?.name ?? "-") else {
            try await services.audit.complete(audit, outcome: .failed("the review was not open"), after: nil)
            throw HTTPError(.conflict, message: "This review is \(campaign.status.rawValue), not open, so it cannot be closed. Nothing was changed.")
        }
        try await services.audit.complete(audit, outcome: .succeeded, after: "closed")
        return Redirect.to(.reviewReport(pid: campaign.project, id: campaign.id))
    }
}
