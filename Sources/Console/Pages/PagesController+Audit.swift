import HTTPApp
import HTTPServer

extension PagesController {
    func audit(_ request: HTTPRequest, _ context: ConsoleContext) async throws -> HTTPResponse {
        let pid = try context.parameters.require("pid")
        let query = try URLEncodedForm(query: request)
        var filter = AuditFilter()
        filter.actor = query.text("actor", maxLength: 100)
        filter.target = query.text("target", maxLength: 200)
        let outcome = query.text("outcome", maxLength: 20)
        filter.outcome = AuditFilter.outcomes.contains { $0.value == outcome } ? outcome : ""
        if Self.isCSV(query) { return try await auditCSV(pid: pid, filter: filter) }
        let number = query.page("page")
        let project = try await project(pid)
        let result = try await services.audit.search(
            project: pid, filter: filter, limit: AuditPageModel.pageSize, offset: (number - 1) * AuditPageModel.pageSize
        )
        let verification = try await services.audit.verify()
        let page = AuditPageModel(
            projectID: pid, filter: filter, entries: result.entries, total: result.total, page: number, verification: verification
        )
        let trail = [Breadcrumb(label: "Audit log", url: nil)]
        return render("audit/index", page, chrome: chrome(context, title: "Audit log", project: project, trail: trail))
    }

    func auditCSV(pid: String, filter: AuditFilter) async throws -> HTTPResponse {
        var document = CSVDocument(header: [
            "time_utc", "actor", "role", "action", "target", "outcome", "request_id", "before", "after",
        ])
        var offset = 0
        var total = 0
        repeat {
            let page = try await services.audit.search(project: pid, filter: filter, limit: 500, offset: offset)
            total = page.total
            for entry in page.entries {
                document.append([
                    AuditPageModel.timestamp(entry.time), entry.actor, entry.role, entry.action, entry.target,
                    entry.outcome, entry.requestID, entry.before ?? "", entry.after ?? "",
                ])
            }
            offset += page.entries.count
            if page.entries.isEmpty { break }
        } while offset < total && offset < Self.exportLimit
        Self.appendTruncation(&document, shown: offset, total: total)
        return Self.csvResponse(document, filename: "audit-\(pid)")
    }
}
