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
        let items = try await store.items(campaign.id, revokeOnly: true).items
        let people = await peopleTask
        let rows = items.map { item in
            let (state, stateClass): (String, String) = switch item.revocation {
            case nil: ("to revoke", "badge badge-warn")
            case .applying: ("in progress", "badge badge-info")
            case .applied: ("revoked", "badge badge-ok")
            case .gone: ("already gone", "badge badge-neutral")
            case .failed: ("failed", "badge badge-risk")
            }
            return ReviewApplyPage.Row(
                room: visible(item.roomName), person: people.display(item.userID),
                decidedText: visible(item.decidedBy ?? "-"), comment: visible(item.comment ?? ""),
                state: state, stateClass: stateClass,
                detail: item.revocation == .failed ? item.revocationDetail.map(visible) : nil)
        }
        let pending = items.count(where: \.needsRevoking)
        let done = items.count { $0.revocation == .applied || $0.revocation == .gone }
        let page = ReviewApplyPage(
            name: visible(campaign.name), rows: rows, hasRows: !rows.isEmpty, pending: pending, hasPending: pending > 0,
            hasFailed: items.contains { $0.revocation == .failed },
            progress: ProgressBar(label: "Revoked", done: done, total: items.count, verb: "revoked"),
            actionURL: SiteURL.reviewApply(pid: pid, id: campaign.id).path,
            reviewURL: SiteURL.review(pid: pid, id: campaign.id).path,
            isOpen: campaign.status == .open || campaign.status == .closed,
            outcome: outcome?.text, outcomeClass: outcome?.failed == true ? "callout callout-danger" : "callout callout-success")
        let chrome = pages.chrome(context, title: "Apply revocations", project: project, trail: [
            Breadcrumb("Access reviews", .reviews(pid)), Breadcrumb(label: visible(campaign.name), url: SiteURL.review(pid: pid, id: campaign.id).path),
            Breadcrumb(label: "Apply revocations", url: nil),
        ])
        return services.renderer.page("reviews/apply", page, chrome: chrome, status: status)
    }

    /// `POST …/apply`: revokes every grant decided "revoke" that is not
    /// revoked yet (failed ones again), one by one, each audited with the
    /// campaign's number; a failure is recorded on its item and the rest go on.
    func apply(_ request: HTTPRequest, _ context: ConsoleContext) async throws -> HTTPResponse {
        try context.requireAdmin()
        let campaign = try await campaign(context)
        guard campaign.status == .open || campaign.status == .closed else {
            return try await applyPage(campaign, context: context,
                                       outcome: ("This review has no decisions to apply yet. Nothing was changed.", true), status: .conflict)
        }
        let actor = context.user?.name ?? "-"
        let pending = try await store.items(campaign.id, revokeOnly: true).items.filter(\.needsRevoking)
        var revoked = 0
        var failed = 0
        for item in pending {
            guard try await store.claimRevocation(item.id) else { continue }
            let (outcome, detail) = await revoke(item, campaign: campaign, context: context)
            try await store.recordRevocation(item.id, outcome, detail: detail, by: actor)
            if outcome == .failed { failed += 1 } else { revoked += 1 }
        }
        let text = failed == 0
            ? "Revoked \(counted(revoked, "grant")). Every revocation is in the audit log under review #\(campaign.id)."
            : "Revoked \(counted(revoked, "grant")); \(failed) failed and can be retried below. Nothing else was changed."
        return try await applyPage(campaign, context: context, outcome: (text, failed > 0),
                                   status: failed > 0 ? .badGateway : .ok)
    }

    /// Deletes one item's grant upstream, audited; the outcome and, on failure, what went wrong.
    func revoke(_ item: CampaignItem, campaign: Campaign, context: ConsoleContext) async
        -> (CampaignItem.Revocation, String?) {
        let target = AuditTarget.grant(pid: campaign.project, room: item.roomName, roomID: item.roomID, userID: item.userID)
        let action = "grant.delete for review #\(campaign.id)"
        let audit: AuditEntryID
        do {
            audit = try await services.audit.begin(context: context, action: action, target: target,
                                                   before: item.permissions.serialized())
        } catch {
            return (.failed, "the audit log could not be written, so nothing was revoked")
        }
        do {
            try await services.accounts.deleteGrant(projectID: campaign.project, roomID: item.roomID, userID: item.userID)
        } catch .notFound {
            try? await services.audit.complete(audit, outcome: .failed("the grant was already gone"), after: nil)
            return (.gone, nil)
        } catch {
            let problem = UpstreamProblem(error, .write("revoking the grant"))
            try? await services.audit.complete(audit, outcome: .failed(error.summary), after: nil)
            return (.failed, problem.message)
        }
        try? await services.audit.complete(audit, outcome: .succeeded, after: nil)
        return (.applied, nil)
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
