import AccountsAPI
import GrantModel
import HTTPApp
import HTTPServer

/// `/projects/{pid}/export.csv` and `/projects/{pid}/export.jsonl`: every
/// grant of the project. The grants are read 500 at a time and each page is
/// written out and dropped before the next is read, so the console never
/// holds every grant decoded at once (only the text written so far).
struct ExportsController: ConsoleController {
    static let pageSize = 500

    let services: ConsoleServices

    func register(on router: inout Router<ConsoleContext>) {
        router.get(.projectExportCSV) { _, context in try await export(context, format: .csv) }
        router.get(.projectExportJSONL) { _, context in try await export(context, format: .jsonl) }
    }

    enum Format {
        case csv, jsonl
    }

    private func export(_ context: ConsoleContext, format: Format) async throws -> HTTPResponse {
        let pid = try context.parameters.require("pid")
        let accounts = services.accounts
        _ = try await accounts.load("the project") { client throws(UpstreamError) in try await client.project(pid) }
        let people = await PeopleDirectory.load(accounts, projectID: pid)
        var body: [UInt8] = []
        if format == .csv {
            body += CSVDocument(header: ["room", "user", "email", "label", "risk flags", "expires at"]).text.utf8
        }
        let expiring = try await services.expiries.expiryTimes(project: pid)
        var offset = 0
        while true {
            let page = try await accounts.load("the project's grants") { client throws(UpstreamError) in
                try await client.grants(projectID: pid, limit: Self.pageSize, offset: offset)
            }
            for grant in page.grants {
                let expiresAt = expiring[GrantExpiryStore.Key(roomID: grant.room.id, userID: grant.userID)]
                let email = people.person(grant.userID)?.email
                switch format {
                case .csv:
                    let summary = GrantSummary(permissions: grant.permissions)
                    let cells = [grant.room.name, grant.userID, email ?? "", summary.preset.label,
                                 summary.flags.map(\.label).joined(separator: "; "), expiresAt.map(ISO8601Time.text) ?? ""]
                    body += (cells.map(CSVDocument.cell).joined(separator: ",") + "\r\n").utf8
                case .jsonl:
                    let line: JSONValue = .object([
                        "room": .string(grant.room.name), "room_id": .string(grant.room.id), "user_id": .string(grant.userID),
                        "email": email.map(JSONValue.string) ?? .null, "permissions": grant.permissions,
                        "expires_at": expiresAt.map { .string(ISO8601Time.text($0)) } ?? .null,
                    ])
                    body += line.serialized().utf8
                    body.append(0x0A)
                }
            }
            offset += page.grants.count
            // A short or empty page ends the list (it may shrink while being read).
            if page.grants.count < Self.pageSize || offset >= page.total { break }
        }
        var response = HTTPResponse(status: .ok, body: body)
        let (type, suffix) = format == .csv ? ("text/csv; charset=utf-8", "csv") : ("application/x-ndjson; charset=utf-8", "jsonl")
        response.headers.set("Content-Type", type)
        response.headers.set("Content-Disposition", "attachment; filename=\"grants-\(PagesController.safeFilename(pid)).\(suffix)\"")
        response.headers.set("Cache-Control", "no-store")
        return response
    }
}
