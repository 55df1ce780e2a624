import AccountsAPI
import GrantModel
import HTTPApp
import HTTPServer

/// The whole-project "who can" answer's downloads and page pieces.
extension PagesController {
    /// Allowed grants shown per page of the answer (downloads carry all of them).
    static let whoPageSize = 500
    /// How many members a whole-project view reads for names and emails.
    static let wholeProjectPeople = 20_000

    /// Runs a scan over `source`, mapping an upstream failure to the one error page.
    static func scanning<T>(_ source: GrantSource, _ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as UpstreamError {
            throw UpstreamProblem(error, .page(source.description))
        }
    }

    /// `&format=csv` / `&format=json`: every allowed grant.
    func whoDownload(
        _ source: GrantSource, pid: String, check: ScopeCheck, arguments: ScopeCheckArguments, format: String
    ) async throws -> HTTPResponse {
        let client = accounts
        async let peopleTask = PeopleDirectory.loadGrantHolders(client, projectID: pid, limit: Self.wholeProjectPeople)
        let answer = try await Self.scanning(source) {
            try await WhoCanAnswer.scan(source, check: check, arguments: arguments)
        }
        let people = await peopleTask
        let filename = "who-can-\(check.name)"
        if format == "csv" { return Self.csvResponse(answer.csv(people: people), filename: filename) }
        var response = HTTPResponse(status: .ok, contentType: "application/json; charset=utf-8",
                                    text: answer.json(people: people).serialized())
        response.headers.set("Content-Disposition", "attachment; filename=\"\(Self.safeFilename(filename)).json\"")
        response.headers.set("Cache-Control", "no-store")
        return response
    }

    /// The page's rows, grouped by room in the order the scan met them.
    static func whoGroups(_ answer: WhoCanAnswer, pid: String, people: PeopleDirectory) -> [AccessPageModel.WhoGroup] {
        var groups: [AccessPageModel.WhoGroup] = []
        var byRoom: [String: Int] = [:]
        let totals = Dictionary(answer.rooms.map { ($0.id, $0.allowed) }, uniquingKeysWith: +)
        for row in answer.rows {
            let entry = AccessPageModel.WhoRow(
                person: people.display(row.userID),
                userURL: SiteURL.user(pid: pid, userID: row.userID).path,
                grantURL: SiteURL.grant(pid: pid, room: row.room, userID: row.userID).path,
                reason: visible(row.reason))
            if let index = byRoom[row.roomID] {
                groups[index].rows.append(entry)
                continue
            }
            byRoom[row.roomID] = groups.count
            let count = totals[row.roomID] ?? 1
            groups.append(AccessPageModel.WhoGroup(
                room: visible(row.room), roomURL: SiteURL.room(pid: pid, room: row.room).path,
                allowedText: "\(grouped(count)) allowed", rows: [entry]))
        }
        return groups
    }
}

/// `100000` → `100,000`.
func grouped(_ number: Int) -> String {
    let digits = String(number.magnitude)
    var out = ""
    for (index, digit) in digits.enumerated() {
        if index > 0, (digits.count - index) % 3 == 0 { out.append(",") }
        out.append(digit)
    }
    return number < 0 ? "-" + out : out
}
