import AccountsAPI
import Foundation
import GrantModel
import HTTPApp
import HTTPServer

/// `/projects/{pid}/reviews…`: access review campaigns. Admins start one
/// (its grants are fixed by a snapshot), reviewers decide keep or revoke
/// item by item, admins apply the revocations and close it; the report is
/// the sign-off record.
struct ReviewsController: ConsoleController {
    static let templates = ["reviews/index", "reviews/new", "reviews/show", "reviews/apply", "reviews/report"]
    static let itemsPerPage = 50

    let services: ConsoleServices
    var pages: PagesController { PagesController(services: services) }
    var store: CampaignStore { services.campaignStore }

    func register(on router: inout Router<ConsoleContext>) {
        router.get(.reviews) { request, context in try await list(request, context) }
        router.post(.reviews) { request, context in try await create(request, context) }
        router.get(.newReview) { request, context in try await newForm(request, context) }
        router.get(.reviewReport) { request, context in try await report(request, context, format: .html) }
        router.get(.reviewReportCSV) { request, context in try await report(request, context, format: .csv) }
        router.get(.reviewReportJSON) { request, context in try await report(request, context, format: .json) }
        router.get(.reviewApply) { request, context in try await applyPreview(request, context) }
        router.post(.reviewApply) { request, context in try await apply(request, context) }
        router.post(.reviewClose) { request, context in try await close(request, context) }
        router.post(.reviewItem) { request, context in try await decide(request, context) }
        router.get(.review) { request, context in try await show(request, context) }
    }

    /// The campaign `id` of project `pid`, or 404.
    func campaign(_ context: ConsoleContext) async throws -> Campaign {
        let pid = try context.parameters.require("pid")
        guard let id = Int64(try context.parameters.require("id")), let campaign = try await store.campaign(id),
              campaign.project == pid
        else { throw HTTPError(.notFound, message: "This project has no review campaign with that number.") }
        return campaign
    }

    static func status(_ campaign: Campaign) -> (String, String) {
        switch campaign.status {
        case .preparing: ("preparing", "badge badge-info")
        case .open: ("open", "badge badge-ok")
        case .closed: ("closed", "badge badge-neutral")
        case .failed: ("failed", "badge badge-risk")
        }
    }

    static func day(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd"
        return formatter.string(from: date)
    }

    func list(_ request: HTTPRequest, _ context: ConsoleContext) async throws -> HTTPResponse {
        let pid = try context.parameters.require("pid")
        let project = try await pages.project(pid)
        var rows: [ReviewListPage.Row] = []
        for campaign in try await store.list(project: pid) {
            let progress = try await store.progress(campaign.id)
            let (status, statusClass) = Self.status(campaign)
            rows.append(ReviewListPage.Row(
                name: visible(campaign.name), url: SiteURL.review(pid: pid, id: campaign.id).path,
                scope: visible(campaign.scopeText), due: Self.day(campaign.dueAt), status: status, statusClass: statusClass,
                progress: ProgressBar(label: "Decided", done: progress.map(\.decided).reduce(0, +),
                                      total: progress.map(\.total).reduce(0, +))))
        }
        let page = ReviewListPage(campaigns: rows, hasCampaigns: !rows.isEmpty, canEdit: context.canEdit,
                                  newURL: SiteURL.newReview(pid).path, snapshotsURL: SiteURL.snapshots(pid).path)
        let chrome = pages.chrome(context, title: "Access reviews", project: project, trail: [Breadcrumb(label: "Access reviews", url: nil)])
        return pages.render("reviews/index", page, chrome: chrome)
    }

    // MARK: - Starting a campaign

    /// What the new-campaign form posted, checked; `errors` names each bad field.
    struct Draft {
        var name = ""
        var kind = Campaign.ScopeKind.project
        var rooms = ""
        var users = ""
        var reviewers: [String] = []
        var due = ""
        var errors: [String: String] = [:]
        var dueAt: Date?

        static func lines(_ text: String) -> [String] {
            text.split(whereSeparator: { $0 == "\n" || $0 == "\r" || $0 == "," })
                .map { String($0).trimmingWhitespace() }.filter { !$0.isEmpty }
        }

        var scopeValues: [String] {
            switch kind {
            case .rooms: Self.lines(rooms)
            case .users: Self.lines(users)
            case .project, .risky: []
            }
        }

        init() {}

        init(form: URLEncodedForm, consoleUsers: Set<String>, now: Date) {
            name = form.text("name")
            if name.isEmpty { errors["name"] = "Give the campaign a name (for example “Q3 access review”)." }
            if let kind = Campaign.ScopeKind(rawValue: form["scope"] ?? "") { self.kind = kind } else {
                errors["scope"] = "Choose what to review."
            }
            rooms = String((form["rooms"] ?? "").prefix(20_000))
            users = String((form["users"] ?? "").prefix(20_000))
            if kind == .rooms, Self.lines(rooms).isEmpty { errors["rooms"] = "Name at least one room (one per line)." }
            if kind == .users, Self.lines(users).isEmpty { errors["users"] = "Name at least one user id (one per line)." }
            reviewers = form.values("reviewer").filter { !$0.isEmpty }
            let unknown = reviewers.filter { !consoleUsers.contains($0) }
            if reviewers.isEmpty {
                errors["reviewer"] = "Choose at least one reviewer."
            } else if !unknown.isEmpty {
                errors["reviewer"] = "There is no console user named \(unknown.map { "“\(visible($0))”" }.joined(separator: ", "))."
            }
            due = form.text("due", maxLength: 10)
            let formatter = DateFormatter()
            formatter.locale = Locale(identifier: "en_US_POSIX")
            formatter.timeZone = TimeZone(identifier: "UTC")
            formatter.dateFormat = "yyyy-MM-dd"
            if let day = formatter.date(from: due) {
                // Due at the end of that day, UTC.
                let end = day.addingTimeInterval(86_399)
                if end < now { errors["due"] = "The due date has passed; choose today or later." } else { dueAt = end }
            } else {
                errors["due"] = "Enter the due date as YYYY-MM-DD."
            }
        }
    }

    func newForm(_ request: HTTPRequest, _ context: ConsoleContext) async throws -> HTTPResponse {
        try context.requireAdmin()
        let pid = try context.parameters.require("pid")
        // Deep links pre-fill the form: `?scope=rooms&rooms=lobby`, `?scope=users&users=u1`, `?name=`.
        let query = try URLEncodedForm(query: request)
        var draft = Draft()
        draft.name = query.text("name")
        draft.kind = Campaign.ScopeKind(rawValue: query["scope"] ?? "") ?? .project
        draft.rooms = String((query["rooms"] ?? "").prefix(20_000))
        draft.users = String((query["users"] ?? "").prefix(20_000))
        draft.due = Self.day(services.clock.now.addingTimeInterval(14 * 86_400))
        return try await newPage(pid: pid, draft: draft, context: context, status: .ok)
    }

    func newPage(pid: String, draft: Draft, context: ConsoleContext, status: HTTPStatus) async throws -> HTTPResponse {
        let project = try await pages.project(pid)
        let users = try await services.users.list()
        let page = ReviewNewPage(
            actionURL: SiteURL.reviews(pid).path, name: draft.name, nameError: draft.errors["name"],
            kinds: Campaign.ScopeKind.allCases.map { Option(value: $0.rawValue, label: $0.label, checked: $0 == draft.kind) },
            kindError: draft.errors["scope"], rooms: draft.rooms, roomsError: draft.errors["rooms"],
            users: draft.users, usersError: draft.errors["users"],
            reviewers: users.map { Option(value: visible($0.name), label: "\(visible($0.name)) (\($0.role.rawValue))",
                                          checked: draft.reviewers.contains($0.name)) },
            reviewersError: draft.errors["reviewer"], due: draft.due, dueError: draft.errors["due"],
            hasErrors: !draft.errors.isEmpty)
        let chrome = pages.chrome(context, title: "New access review", project: project,
                                  trail: [Breadcrumb("Access reviews", .reviews(pid)), Breadcrumb(label: "New", url: nil)])
        return services.renderer.page("reviews/new", page, chrome: chrome, status: status)
    }

    func create(_ request: HTTPRequest, _ context: ConsoleContext) async throws -> HTTPResponse {
        try context.requireAdmin()
        let pid = try context.parameters.require("pid")
        let form = try URLEncodedForm(body: request)
        let consoleUsers = Set(try await services.users.list().map(\.name))
        let draft = Draft(form: form, consoleUsers: consoleUsers, now: services.clock.now)
        guard draft.errors.isEmpty, let dueAt = draft.dueAt else {
            return try await newPage(pid: pid, draft: draft, context: context, status: .unprocessableContent)
        }
        _ = try await pages.project(pid)
        let actor = context.user?.name ?? "-"
        let keep = Self.filter(kind: draft.kind, values: draft.scopeValues)
        let audit = try await services.audit.begin(context: context, action: "review.start",
                                                   target: AuditTarget(project: pid, resource: "review “\(draft.name)”"),
                                                   before: nil)
        let snapshots = services.snapshotStore
        let snapshot = try await snapshots.begin(project: pid, by: actor, reason: "campaign")
        let id = try await store.create(CampaignStore.NewCampaign(
            project: pid, name: draft.name, scopeKind: draft.kind, scopeValues: draft.scopeValues,
            reviewers: Array(Set(draft.reviewers)).sorted(), dueAt: dueAt, createdBy: actor, snapshotID: snapshot))
        try await services.audit.complete(audit, outcome: .succeeded,
                                          after: "review \(id): \(draft.kind.label), snapshot \(snapshot), reviewers \(draft.reviewers.joined(separator: ", "))")
        let client = services.accounts
        let store = self.store
        let logger = services.logger
        services.jobs.start("review-\(id)") {
            do {
                try await snapshots.fill(snapshot, project: pid, client: client, keep: keep)
                try await store.populate(id)
            } catch {
                logger.warning("a review campaign could not be prepared", metadata: ["review.id": "\(id)"])
                if (try? await snapshots.info(snapshot))?.status == .taking {
                    try? await snapshots.abandon(snapshot, reason: "The snapshot could not be stored.")
                }
                try? await store.markFailed(id)
            }
        }
        return Redirect.to(.review(pid: pid, id: id))
    }

    /// Which grants a campaign of `kind` covers.
    static func filter(kind: Campaign.ScopeKind, values: [String]) -> @Sendable (RoomGrant) -> Bool {
        switch kind {
        case .project: return { _ in true }
        case .rooms:
            let rooms = Set(values)
            return { rooms.contains($0.room.name) || rooms.contains($0.room.id) }
        case .users:
            let users = Set(values)
            return { users.contains($0.userID) }
        case .risky:
            return { grant in
                guard let scope = try? ApiScope(json: grant.permissions, mode: .lenient) else { return true }
                return !scope.risks.isEmpty
            }
        }
    }
}
