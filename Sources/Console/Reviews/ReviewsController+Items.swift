import AccountsAPI
import Foundation
import GrantModel
import HTTPApp
import HTTPServer

extension ReviewsController {
    /// A decision form posted back with a problem, shown again on its item.
    struct ItemRetry {
        var itemID: Int64
        var error: String
        var decision: String
        var comment: String
    }

    func show(_ request: HTTPRequest, _ context: ConsoleContext) async throws -> HTTPResponse {
        let campaign = try await campaign(context)
        return try await showPage(campaign, query: try URLEncodedForm(query: request), context: context)
    }

    func showPage(_ campaign: Campaign, query: URLEncodedForm, context: ConsoleContext, retry: ItemRetry? = nil,
                  status: HTTPStatus = .ok) async throws -> HTTPResponse {
        let pid = campaign.project
        async let peopleTask = PeopleDirectory.load(services.accounts, projectID: pid)
        let project = try await pages.project(pid)
        try await syncRevocations(campaign)
        let me = context.user?.name ?? ""
        // A reviewer of this campaign starts on their own items; `reviewer=` (empty: everyone's) chooses.
        let reviewer: String? = query["reviewer"].map { $0.isEmpty ? nil : $0 }
            ?? (campaign.reviewers.contains(me) ? me : nil)
        let undecidedOnly = query["undecided"] == "1"
        let number = max(1, min(Int(query["page"] ?? "") ?? 1, 100_000))
        let (items, total) = try await store.items(campaign.id, reviewer: reviewer, undecidedOnly: undecidedOnly,
                                                   limit: Self.itemsPerPage, offset: (number - 1) * Self.itemsPerPage)
        let progress = try await store.progress(campaign.id)
        let revokeCount = try await store.items(campaign.id, revokeOnly: true, limit: 0).total
        let audit = try await GrantAuditIndex.load(storage: services.storage, project: pid)
        let live = await Self.liveScopes(items, pid: pid, client: services.accounts)
        let people = await peopleTask
        let views = items.map { item in
            itemView(item, campaign: campaign, context: context, people: people, audit: audit,
                     live: live.scopes[item.id], retry: retry?.itemID == item.id ? retry : nil)
        }
        let base = SiteURL.review(pid: pid, id: campaign.id)
        var filterItems: [(name: String, value: String)] = [("reviewer", reviewer ?? "")]
        if undecidedOnly { filterItems.append(("undecided", "1")) }
        let nav = PageNav(label: "Review item pages", page: number, pageSize: Self.itemsPerPage, total: total, shown: views.count) {
            base.path(query: filterItems + [("page", String($0))])
        }
        let (statusText, statusClass) = Self.status(campaign)
        let snapshot = try await services.snapshotStore.info(campaign.snapshotID)
        let page = ReviewShowPage(
            name: visible(campaign.name), scope: visible(campaign.scopeText), due: Self.day(campaign.dueAt),
            status: statusText, statusClass: statusClass, isPreparing: campaign.status == .preparing,
            isOpen: campaign.status == .open, isFailed: campaign.status == .failed,
            snapshotURL: SiteURL.snapshot(pid: pid, id: campaign.snapshotID).path,
            snapshotText: snapshot.map { "snapshot #\($0.id), \(PageTime.text($0.takenAt)), \(counted($0.grantCount, "grant"))" } ?? "",
            createdText: "Started by \(visible(campaign.createdBy)) at \(PageTime.text(campaign.createdAt))",
            overall: ProgressBar(label: "Everyone", done: progress.map(\.decided).reduce(0, +), total: progress.map(\.total).reduce(0, +)),
            reviewers: progress.map { ProgressBar(label: $0.reviewer, done: $0.decided, total: $0.total) },
            items: views, hasItems: !views.isEmpty, nav: nav,
            filters: [Option(value: "", label: "Everyone", checked: reviewer == nil)]
                + campaign.reviewers.map { Option(value: visible($0), label: visible($0), checked: reviewer == $0) },
            filterURL: base.path, undecidedOnly: undecidedOnly, canAdmin: context.canEdit,
            applyURL: SiteURL.reviewApply(pid: pid, id: campaign.id).path,
            closeURL: SiteURL.reviewClose(pid: pid, id: campaign.id).path,
            reportURL: SiteURL.reviewReport(pid: pid, id: campaign.id).path, revokeCount: revokeCount,
            upstreamCheckNote: live.failed ? "GrantDesk could not read the current grants, so changes since the snapshot are not marked." : nil)
        var chrome = pages.chrome(context, title: campaign.name, project: project,
                                  trail: [Breadcrumb("Access reviews", .reviews(pid)), Breadcrumb(label: visible(campaign.name), url: nil)])
        if campaign.status == .preparing { chrome.refresh = "2" }
        return services.renderer.page("reviews/show", page, chrome: chrome, status: status)
    }

    /// The current scope hash of each item's grant (nil: the grant is gone),
    /// read a few at a time; `failed` when the upstream could not be asked.
    static func liveScopes(_ items: [CampaignItem], pid: String, client: AccountsClient) async
        -> (scopes: [Int64: String?], failed: Bool) {
        await withTaskGroup(of: (Int64, String??).self) { group in
            var scopes: [Int64: String?] = [:]
            var failed = false
            var next = 0
            func add(_ group: inout TaskGroup<(Int64, String??)>) {
                guard next < items.count else { return }
                let item = items[next]
                next += 1
                group.addTask {
                    do throws(UpstreamError) {
                        let grant = try await client.grant(projectID: pid, roomID: item.roomID, userID: item.userID)
                        return (item.id, .some(SnapshotStore.hash(grant.permissions).hash))
                    } catch .notFound {
                        return (item.id, .some(nil))
                    } catch {
                        return (item.id, nil)
                    }
                }
            }
            for _ in 0..<8 { add(&group) }
            while let (id, result) = await group.next() {
                if let result { scopes[id] = result } else { failed = true }
                add(&group)
            }
            return (scopes, failed)
        }
    }

    func itemView(_ item: CampaignItem, campaign: Campaign, context: ConsoleContext, people: PeopleDirectory,
                  audit: GrantAuditIndex, live: String??, retry: ItemRetry?) -> ReviewItemView {
        let pid = campaign.project
        let summary = GrantSummary(permissions: item.permissions)
        let sections = (summary.scope?.explanation ?? []).filter(\.isGranted).map {
            ReviewItemView.Section(title: visible($0.title), lines: $0.lines.map(visible))
        }
        let last = audit.last(for: item.key, roomName: item.roomName).map {
            "\($0.action) by \(visible($0.actor)) at \(PageTime.text($0.time)) (\(visible($0.outcome)))"
        }
        var upstreamNote: String?
        switch live {
        case .some(.some(let hash)) where hash != item.scopeHash: upstreamNote = "Changed upstream since the snapshot"
        case .some(.none): upstreamNote = item.revocation == .applied ? nil : "No longer exists upstream"
        default: break
        }
        let me = context.user?.name ?? ""
        let canDecide = campaign.status == .open && (context.canEdit || item.reviewer == me) && item.revocation == nil
        let decision = retry?.decision ?? item.decision?.rawValue
        return ReviewItemView(
            id: String(item.id), anchor: "item-\(item.id)", room: visible(item.roomName),
            roomURL: SiteURL.room(pid: pid, room: item.roomName).path, person: people.display(item.userID),
            grantURL: SiteURL.grant(pid: pid, room: item.roomName, userID: item.userID).path,
            reviewer: visible(item.reviewer), preset: summary.preset, flags: summary.flags, hasFlags: !summary.flags.isEmpty,
            sections: sections, lastChange: last, upstreamNote: upstreamNote,
            decisionText: item.decision.map { $0 == .keep ? "Keep" : "Revoke" },
            decisionClass: item.decision == .revoke ? "badge badge-risk" : "badge badge-ok",
            decidedText: item.decidedBy.map { by in "by \(visible(by))" + (item.decidedAt.map { " at \(PageTime.text($0))" } ?? "") },
            comment: item.comment.flatMap { $0.isEmpty ? nil : visible($0) },
            revocationText: Self.revocationText(item),
            canDecide: canDecide, formURL: SiteURL.reviewItem(pid: pid, id: campaign.id, item: item.id).path,
            version: String(item.version), keepChecked: decision == "keep", revokeChecked: decision == "revoke",
            commentValue: retry?.comment ?? item.comment ?? "", error: retry?.error)
    }

    static func revocationText(_ item: CampaignItem) -> String? {
        switch item.revocation {
        case nil: nil
        case .applying: "Revocation in progress"
        case .applied: "Revoked" + (item.revokedBy.map { " by \(visible($0))" } ?? "") + (item.revokedAt.map { " at \(PageTime.text($0))" } ?? "")
        case .gone: "Already gone upstream when revoking"
        case .skipped: "Not revoked: \(visible(item.revocationDetail ?? "the grant changed since the snapshot"))"
        case .failed: "Revocation failed: \(visible(item.revocationDetail ?? "unknown"))"
        }
    }

    /// `POST …/reviews/{id}/items/{item}`: one decision. Reviewers may post
    /// here (their own items); the decision is stored in the console only.
    func decide(_ request: HTTPRequest, _ context: ConsoleContext) async throws -> HTTPResponse {
        let campaign = try await campaign(context)
        guard let itemID = Int64(try context.parameters.require("item")),
              let item = try await store.item(itemID, campaign: campaign.id)
        else { throw HTTPError(.notFound, message: "This review has no such item.") }
        let me = context.user?.name ?? "-"
        guard context.canEdit || item.reviewer == me else {
            try await services.audit.refused(context: context, action: "review.decide",
                                             target: Self.auditTarget(campaign, item), reason: "not this item's reviewer")
            throw HTTPError(.forbidden, message: "This item is \(item.reviewer)'s to review, not yours. Nothing was saved.")
        }
        let form = try URLEncodedForm(body: request)
        let comment = String((form["comment"] ?? "").trimmingWhitespace().prefix(2_000))
        let query = URLEncodedForm()
        func again(_ error: String, _ status: HTTPStatus) async throws -> HTTPResponse {
            try await showPage(campaign, query: query, context: context,
                               retry: ItemRetry(itemID: itemID, error: error, decision: form["decision"] ?? "", comment: comment),
                               status: status)
        }
        guard campaign.status == .open else {
            return try await again("This review is \(campaign.status.rawValue): decisions can no longer be changed. Nothing was saved.", .conflict)
        }
        guard let decision = CampaignItem.Decision(rawValue: form["decision"] ?? "") else {
            return try await again("Choose keep or revoke. Nothing was saved.", .unprocessableContent)
        }
        if decision == .revoke && comment.isEmpty {
            return try await again("Say why this access should be revoked (comment). Nothing was saved.", .unprocessableContent)
        }
        guard let version = Int(form["version"] ?? "") else {
            return try await again("The form is incomplete (version); reload the page. Nothing was saved.", .unprocessableContent)
        }
        let audit = try await services.audit.begin(context: context, action: "review.decide",
                                                   target: Self.auditTarget(campaign, item),
                                                   before: item.decision.map { "\($0.rawValue): \(item.comment ?? "")" })
        let saved = try await store.decide(itemID, campaign: campaign.id, version: version, decision: decision,
                                           comment: comment, by: me)
        guard saved else {
            try await services.audit.complete(audit, outcome: .failed("decided by someone else meanwhile"), after: nil)
            let current = try await store.item(itemID, campaign: campaign.id)
            let who = current?.decidedBy.map { " by \($0)" } ?? ""
            return try await again("This item was decided\(who) after you opened the page; their decision is shown. Yours was not saved: choose again to replace it.", .conflict)
        }
        try await services.audit.complete(audit, outcome: .succeeded, after: "\(decision.rawValue): \(comment)")
        if let session = context.session {
            try await services.sessions.setFlash(.success("Saved: \(decision == .keep ? "keep" : "revoke") \(item.userID) in \(item.roomName)."), for: session)
        }
        let back = SiteURL.review(pid: campaign.project, id: campaign.id).path(query: Self.returnQuery(form)) + "#item-\(itemID)"
        return Redirect.to(path: back)
    }

    /// The list filters the decision form carried, so saving returns to the same view.
    static func returnQuery(_ form: URLEncodedForm) -> [(name: String, value: String)] {
        var items: [(name: String, value: String)] = []
        if let reviewer = form["reviewer"] { items.append(("reviewer", reviewer)) }
        if form["undecided"] == "1" { items.append(("undecided", "1")) }
        if let page = form["page"], Int(page) != nil { items.append(("page", page)) }
        return items
    }

    static func auditTarget(_ campaign: Campaign, _ item: CampaignItem) -> AuditTarget {
        AuditTarget(project: campaign.project,
                    resource: "review #\(campaign.id) item \(item.id): room \(item.roomName) / \(item.userID)")
    }
}
