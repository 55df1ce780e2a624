import Foundation
import GrantModel
import HTTPApp
import HTTPServer

/// The sign-off report's page model: the campaign and every item's outcome.
struct ReviewReportPage: Sendable {
    struct Row: Sendable {
        var room: String
        var person: PersonDisplay
        var reviewer: String
        var decision: String
        var decisionClass: String
        var decidedBy: String
        var decidedAt: String
        var comment: String
        var revocation: String
    }

    var name: String
    var isDraft: Bool
    var scope: String
    var snapshotText: String
    var createdText: String
    var due: String
    var closedText: String?
    var reviewers: String
    var totals: String
    var rows: [Row]
    var csvURL: String
    var jsonURL: String
    var reviewURL: String
}

extension ReviewsController {
    enum ReportFormat { case html, csv, json }

    static func iso(_ date: Date?) -> String { date.map { AuditRow.timestamp($0) } ?? "" }

    static func revocationWords(_ item: CampaignItem) -> String {
        guard item.decision == .revoke else { return "" }
        return switch item.revocation {
        case nil: "not applied"
        case .applying: "in progress"
        case .applied: "applied"
        case .gone: "already gone"
        case .skipped: "not applied: \(item.revocationDetail ?? "changed since the snapshot")"
        case .failed: "failed: \(item.revocationDetail ?? "")"
        }
    }

    func report(_ request: HTTPRequest, _ context: ConsoleContext, format: ReportFormat) async throws -> HTTPResponse {
        let campaign = try await campaign(context)
        let pid = campaign.project
        async let peopleTask = PeopleDirectory.load(services.accounts, projectID: pid)
        try await syncRevocations(campaign)
        let items = try await store.items(campaign.id).items
        let snapshot = try await services.snapshotStore.info(campaign.snapshotID)
        let people = await peopleTask
        let filename = "review-\(campaign.id)-report"
        switch format {
        case .csv:
            var document = CSVDocument(header: [
                "room", "room_id", "user_id", "email", "reviewer", "decision", "decided_by", "decided_at", "comment",
                "revocation", "revocation_applied",
            ])
            for item in items {
                document.append([
                    item.roomName, item.roomID, item.userID, people.person(item.userID)?.email ?? "", item.reviewer,
                    item.decision?.rawValue ?? "undecided", item.decidedBy ?? "", Self.iso(item.decidedAt), item.comment ?? "",
                    Self.revocationWords(item), item.revocation == .applied || item.revocation == .gone ? "yes" : "no",
                ])
            }
            return PagesController.csvResponse(document, filename: filename)
        case .json:
            var object = JSONObject()
            object["id"] = .number(String(campaign.id))
            object["name"] = .string(campaign.name)
            object["project"] = .string(pid)
            object["status"] = .string(campaign.status.rawValue)
            object["scope"] = .string(campaign.scopeKind.rawValue)
            object["scope_values"] = .array(campaign.scopeValues.map(JSONValue.string))
            object["reviewers"] = .array(campaign.reviewers.map(JSONValue.string))
            object["created_by"] = .string(campaign.createdBy)
            object["created_at"] = .string(Self.iso(campaign.createdAt))
            object["due"] = .string(Self.day(campaign.dueAt))
            object["closed_by"] = campaign.closedBy.map(JSONValue.string) ?? .null
            object["closed_at"] = campaign.closedAt.map { .string(Self.iso($0)) } ?? .null
            var snap = JSONObject()
            snap["id"] = .number(String(campaign.snapshotID))
            snap["taken_at"] = snapshot.map { .string(Self.iso($0.takenAt)) } ?? .null
            snap["grant_count"] = snapshot.map { .number(String($0.grantCount)) } ?? .null
            object["snapshot"] = .object(snap)
            object["items"] = .array(items.map { item in
                var row = JSONObject()
                row["room"] = .string(item.roomName)
                row["room_id"] = .string(item.roomID)
                row["user_id"] = .string(item.userID)
                row["email"] = people.person(item.userID)?.email.map(JSONValue.string) ?? .null
                row["reviewer"] = .string(item.reviewer)
                row["decision"] = item.decision.map { .string($0.rawValue) } ?? .null
                row["decided_by"] = item.decidedBy.map(JSONValue.string) ?? .null
                row["decided_at"] = item.decidedAt.map { .string(Self.iso($0)) } ?? .null
                row["comment"] = item.comment.map(JSONValue.string) ?? .null
                row["revocation"] = item.revocation.map { .string($0.rawValue) } ?? .null
                row["revocation_detail"] = item.revocationDetail.map(JSONValue.string) ?? .null
                row["revocation_applied"] = .bool(item.revocation == .applied || item.revocation == .gone)
                return .object(row)
            })
            var response = HTTPResponse(status: .ok, contentType: "application/json; charset=utf-8",
                                        text: JSONValue.object(object).serialized(pretty: true) + "\n")
            response.headers.set("Content-Disposition", "attachment; filename=\"\(filename).json\"")
            return response
        case .html:
            let project = try await pages.project(pid)
            let decided = items.count { $0.decision != nil }
            let revoke = items.count { $0.decision == .revoke }
            let applied = items.count { $0.revocation == .applied || $0.revocation == .gone }
            let page = ReviewReportPage(
                name: visible(campaign.name), isDraft: campaign.status != .closed, scope: visible(campaign.scopeText),
                snapshotText: snapshot.map { "#\($0.id), taken \(PageTime.text($0.takenAt)), \(counted($0.grantCount, "grant"))" } ?? "",
                createdText: "\(visible(campaign.createdBy)), \(PageTime.text(campaign.createdAt))", due: Self.day(campaign.dueAt),
                closedText: campaign.closedAt.map { "\(visible(campaign.closedBy ?? "-")), \(PageTime.text($0))" },
                reviewers: campaign.reviewers.map(visible).joined(separator: ", "),
                totals: "\(counted(items.count, "item")): \(decided) decided, \(items.count - decided) undecided; \(revoke) to revoke, \(applied) revoked.",
                rows: items.map { item in
                    ReviewReportPage.Row(
                        room: visible(item.roomName), person: people.display(item.userID), reviewer: visible(item.reviewer),
                        decision: item.decision?.rawValue ?? "undecided",
                        decisionClass: item.decision == .revoke ? "badge badge-risk" : item.decision == .keep ? "badge badge-ok" : "badge badge-neutral",
                        decidedBy: visible(item.decidedBy ?? ""), decidedAt: item.decidedAt.map(PageTime.text) ?? "",
                        comment: visible(item.comment ?? ""), revocation: visible(Self.revocationWords(item)))
                },
                csvURL: SiteURL.reviewReportCSV(pid: pid, id: campaign.id).path,
                jsonURL: SiteURL.reviewReportJSON(pid: pid, id: campaign.id).path,
                reviewURL: SiteURL.review(pid: pid, id: campaign.id).path)
            let chrome = pages.chrome(context, title: "Sign-off report: \(campaign.name)", project: project, trail: [
                Breadcrumb("Access reviews", .reviews(pid)),
                Breadcrumb(label: visible(campaign.name), url: SiteURL.review(pid: pid, id: campaign.id).path),
                Breadcrumb(label: "Report", url: nil),
            ])
            return pages.render("reviews/report", page, chrome: chrome)
        }
    }
}
