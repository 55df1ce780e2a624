import AccountsAPI
import Foundation
import GrantModel
import HTTPApp
import HTTPServer

/// `/projects/{pid}/snapshots…`: the stored snapshots of a project's grants,
/// taking one (admins), one snapshot's grants, and the comparison of two
/// (or of one with now) with the changes the audit log does not explain.
struct SnapshotsController: ConsoleController {
    static let templates = ["snapshots/index", "snapshots/show", "snapshots/compare"]
    /// Grants per page of a snapshot's table.
    static let pageSize = 200
    /// Differences shown on the comparison page at most.
    static let shownDifferences = 1_000

    let services: ConsoleServices
    var pages: PagesController { PagesController(services: services) }

    func register(on router: inout Router<ConsoleContext>) {
        router.get(.snapshots) { request, context in try await list(request, context) }
        router.post(.snapshots) { request, context in try await take(request, context) }
        router.get(.snapshotCompare) { request, context in try await compare(request, context) }
        router.get(.snapshot) { request, context in try await show(request, context) }
    }

    static func snapshotID(_ context: ConsoleContext, _ name: String = "id") throws -> Int64 {
        guard let id = Int64(try context.parameters.require(name)), id > 0 else {
            throw HTTPError(.notFound, message: "There is no snapshot with that number.")
        }
        return id
    }

    /// The snapshot `id` of project `pid`, or 404.
    func snapshot(_ id: Int64, pid: String) async throws -> SnapshotInfo {
        guard let info = try await services.snapshotStore.info(id), info.project == pid else {
            throw HTTPError(.notFound, message: "This project has no snapshot number \(id).")
        }
        return info
    }

    func list(_ request: HTTPRequest, _ context: ConsoleContext) async throws -> HTTPResponse {
        let pid = try context.parameters.require("pid")
        let project = try await pages.project(pid)
        let snapshots = try await services.snapshotStore.list(project: pid)
        let complete = snapshots.filter { $0.status != .taking }
        let page = SnapshotListPage(
            snapshots: snapshots.map(SnapshotRow.init), hasSnapshots: !snapshots.isEmpty, canEdit: context.canEdit,
            takeURL: SiteURL.snapshots(pid).path, compareURL: SiteRoute.snapshotCompare.path(filling: [pid]),
            choices: complete.map { SnapshotListPage.Choice(value: String($0.id), label: "#\($0.id) · \(PageTime.text($0.takenAt)) · \(counted($0.grantCount, "grant"))") },
            reviewsURL: SiteURL.reviews(pid).path)
        var chrome = pages.chrome(context, title: "Snapshots", project: project, trail: [Breadcrumb(label: "Snapshots", url: nil)])
        if snapshots.contains(where: { $0.status == .taking }) { chrome.refresh = "2" }
        return pages.render("snapshots/index", page, chrome: chrome)
    }

    func take(_ request: HTTPRequest, _ context: ConsoleContext) async throws -> HTTPResponse {
        try context.requireAdmin()
        let pid = try context.parameters.require("pid")
        _ = try await pages.project(pid)
        let actor = context.user?.name ?? "-"
        let audit = try await services.audit.begin(context: context, action: "snapshot.take",
                                                   target: AuditTarget(project: pid, resource: "snapshots of project \(pid)"),
                                                   before: nil)
        let id: Int64
        do {
            id = try await services.startSnapshot(project: pid, by: actor, reason: "manual")
        } catch {
            try await services.audit.complete(audit, outcome: .failed("the snapshot could not be stored"), after: nil)
            throw error
        }
        try await services.audit.complete(audit, outcome: .succeeded, after: "snapshot \(id)")
        return Redirect.to(.snapshot(pid: pid, id: id))
    }

    func show(_ request: HTTPRequest, _ context: ConsoleContext) async throws -> HTTPResponse {
        let pid = try context.parameters.require("pid")
        let id = try Self.snapshotID(context)
        let query = try URLEncodedForm(query: request)
        async let peopleTask = PeopleDirectory.load(services.accounts, projectID: pid)
        let project = try await pages.project(pid)
        let info = try await snapshot(id, pid: pid)
        let people = await peopleTask
        let room = query.text("room")
        let user = query.text("user")
        let number = max(1, min(Int(query["page"] ?? "") ?? 1, 1_000_000))
        let (grants, total) = try await services.snapshotStore.grants(id, room: room, user: user, limit: Self.pageSize,
                                                                       offset: (number - 1) * Self.pageSize)
        var summaries: [String: GrantSummary] = [:]
        let rows = grants.map { grant in
            let key = grant.permissions.serialized()
            let summary = summaries[key] ?? GrantSummary(permissions: grant.permissions)
            summaries[key] = summary
            return SnapshotShowPage.Grant(
                room: visible(grant.roomName), roomURL: SiteURL.room(pid: pid, room: grant.roomName).path,
                person: people.display(grant.userID), userURL: SiteURL.user(pid: pid, userID: grant.userID).path,
                preset: summary.preset, flags: summary.flags, hasFlags: !summary.flags.isEmpty)
        }
        let base = SiteURL.snapshot(pid: pid, id: id)
        let filters = [("room", room), ("user", user)].filter { !$0.1.isEmpty }.map { (name: $0.0, value: $0.1) }
        let nav = PageNav(label: "Snapshot pages", page: number, pageSize: Self.pageSize, total: total, shown: rows.count) {
            base.path(query: filters + [("page", String($0))])
        }
        let page = SnapshotShowPage(snapshot: SnapshotRow(info), grants: rows, hasGrants: !rows.isEmpty, nav: nav,
                                    room: room, user: user, filterURL: base.path, listURL: SiteURL.snapshots(pid).path,
                                    whoURL: SiteURL.access(pid).path(query: [("ask", "who"), ("snapshot", String(id))]) + "#who")
        var chrome = pages.chrome(context, title: "Snapshot #\(id)", project: project,
                                  trail: [Breadcrumb("Snapshots", .snapshots(pid)), Breadcrumb(label: "#\(id)", url: nil)])
        if info.status == .taking { chrome.refresh = "2" }
        return pages.render("snapshots/show", page, chrome: chrome)
    }

    func compare(_ request: HTTPRequest, _ context: ConsoleContext) async throws -> HTTPResponse {
        let pid = try context.parameters.require("pid")
        let query = try URLEncodedForm(query: request)
        guard let fromID = query["from"].flatMap(Int64.init) else {
            throw HTTPError(.badRequest, message: "Choose the snapshot to compare from (from=, a snapshot number).")
        }
        let toText = query["to"] ?? "now"
        let toID: Int64?
        if toText == "now" || toText.isEmpty {
            toID = nil
        } else {
            guard let id = Int64(toText) else {
                throw HTTPError(.badRequest, message: "to= must be a snapshot number or “now”.")
            }
            toID = id
        }
        async let peopleTask = PeopleDirectory.load(services.accounts, projectID: pid)
        let project = try await pages.project(pid)
        let from = try await snapshot(fromID, pid: pid)
        let store = services.snapshotStore
        let before = try await store.grantSet(fromID)
        let after: GrantSet
        let toTime: Date
        let toLabel: String
        if let toID {
            let to = try await snapshot(toID, pid: pid)
            after = try await store.grantSet(toID)
            toTime = to.takenAt
            toLabel = "snapshot #\(toID) (\(PageTime.text(to.takenAt)))"
        } else {
            toTime = services.clock.now
            after = try await services.accounts.load("the project's grants") { client throws(UpstreamError) in
                try await SnapshotStore.liveGrantSet(client: client, project: pid)
            }
            toLabel = "now (\(PageTime.text(toTime)))"
        }
        let audit = try await GrantAuditIndex.load(storage: services.storage, project: pid)
        let comparison = SnapshotComparison(from: before, to: after, audit: audit, fromTime: from.takenAt, toTime: toTime)
        let people = await peopleTask
        let driftOnly = query["drift"] == "1"
        let shown = comparison.differences.filter { !driftOnly || $0.isDrift }
        let changes = shown.prefix(Self.shownDifferences).map { Self.change($0, pid: pid, people: people) }
        let base = SiteURL.snapshotCompare(pid: pid, from: fromID, to: toID)
        let page = SnapshotComparePage(
            fromText: "snapshot #\(fromID) (\(PageTime.text(from.takenAt)))", toText: toLabel,
            fromURL: SiteURL.snapshot(pid: pid, id: fromID).path, toURL: toID.map { SiteURL.snapshot(pid: pid, id: $0).path },
            changes: changes, hasChanges: !changes.isEmpty,
            summary: "\(counted(comparison.differences.filter { $0.kind == .added }.count, "grant")) added, "
                + "\(comparison.differences.filter { $0.kind == .removed }.count) removed, "
                + "\(comparison.differences.filter { $0.kind == .changed }.count) changed, \(comparison.unchanged) unchanged.",
            driftSummary: comparison.driftCount == 0
                ? "Every change has a matching record in GrantDesk's audit log."
                : "\(counted(comparison.driftCount, "change")) not made through GrantDesk (no matching audit record): made directly in MeshAgent.",
            hasDrift: comparison.driftCount > 0, driftOnly: driftOnly,
            allURL: base.path, driftURL: base.path(query: [("drift", "1")]),
            truncatedText: shown.count > Self.shownDifferences ? "Showing the first \(Self.shownDifferences) of \(shown.count) changes." : nil,
            listURL: SiteURL.snapshots(pid).path)
        let chrome = pages.chrome(context, title: "Compare snapshots", project: project,
                                  trail: [Breadcrumb("Snapshots", .snapshots(pid)), Breadcrumb(label: "Compare", url: nil)])
        return pages.render("snapshots/compare", page, chrome: chrome)
    }

    static func change(_ difference: SnapshotComparison.Difference, pid: String,
                       people: PeopleDirectory) -> SnapshotComparePage.Change {
        let empty = JSONObject()
        let old = difference.before?.objectValue ?? empty
        let new = difference.after?.objectValue ?? empty
        let summary: ScopeChangeSummary? = difference.kind == .changed ? ScopeChangeSummary.between(old, new) : nil
        let lines = summary?.lines.map { SnapshotComparePage.Line(text: visible($0.text), widens: $0.widens) } ?? []
        let (kind, kindClass) = switch difference.kind {
        case .added: ("added", "badge badge-warn")
        case .removed: ("removed", "badge badge-neutral")
        case .changed: ("changed", "badge badge-info")
        }
        let auditText = difference.audited.last.map {
            "\($0.action) by \(visible($0.actor)) at \(PageTime.text($0.time)) (\(visible($0.outcome)))"
        }
        return SnapshotComparePage.Change(
            kind: kind, kindClass: kindClass, room: visible(difference.roomName),
            roomURL: SiteURL.room(pid: pid, room: difference.roomName).path,
            person: people.display(difference.key.userID),
            grantURL: SiteURL.grant(pid: pid, room: difference.roomName, userID: difference.key.userID).path,
            lines: lines, hasLines: !lines.isEmpty,
            widens: difference.kind == .added || (summary?.widens ?? false),
            verdict: summary?.verdict.map(visible), isDrift: difference.isDrift, auditText: auditText)
    }
}
