import AccountsAPI
import GrantModel
import HTTPServer

/// CSV exports for team leads (`?format=csv`). An export reads the upstream
/// page by page, up to `exportLimit` rows, and says in a last row when it
/// stopped early. Every cell goes through `CSVDocument`, which neutralises
/// formulas.
extension PagesController {
    static let exportLimit = 10_000
    static let exportPageSize = 500

    static func csvResponse(_ document: CSVDocument, filename: String) -> HTTPResponse {
        var response = HTTPResponse(status: .ok, contentType: "text/csv; charset=utf-8", text: document.text)
        response.headers.set("Content-Disposition", "attachment; filename=\"\(safeFilename(filename)).csv\"")
        response.headers.set("Cache-Control", "no-store")
        return response
    }

    /// ASCII letters, digits, `-` and `_` only, so no header injection and no
    /// path tricks whatever the room or user is called.
    static func safeFilename(_ name: String) -> String {
        let kept = name.unicodeScalars.map { scalar -> Character in
            switch scalar {
            case "a"..."z", "A"..."Z", "0"..."9", "-", "_": Character(scalar)
            default: "_"
            }
        }
        return String(String(kept).prefix(80))
    }

    /// Reads pages of `fetch(offset, limit)` until `total` or the export limit.
    /// The first page tells the total; the rest are then read a few at a time
    /// (`exportParallelism`) rather than one after another, which halved the
    /// 5,000-user export.
    func collect<T: Sendable>(
        _ what: String, fetch: @escaping @Sendable (Int, Int) async throws(UpstreamError) -> (items: [T], total: Int)
    ) async throws(UpstreamProblem) -> (items: [T], total: Int) {
        let first: (items: [T], total: Int)
        do {
            first = try await fetch(0, Self.exportPageSize)
        } catch {
            throw UpstreamProblem(error, .page(what))
        }
        var items = first.items
        let end = min(first.total, Self.exportLimit)
        if first.items.count == Self.exportPageSize, end > items.count {
            let offsets = Array(stride(from: Self.exportPageSize, to: end, by: Self.exportPageSize))
            let pages = await Self.fetchPages(offsets, fetch: fetch)
            for index in offsets.indices {
                guard let page = pages[index] else { break }
                let result: ExportPage<T>
                do throws(UpstreamError) {
                    result = try page.get()
                } catch {
                    throw UpstreamProblem(error, .page(what))
                }
                items += result.items
                // A short page means the list shrank under the export; later pages would leave a gap.
                if result.items.count < Self.exportPageSize { break }
            }
        }
        return (Array(items.prefix(Self.exportLimit)), first.total)
    }

    static let exportParallelism = 4

    /// The pages at `offsets`, at most `exportParallelism` in flight, by position.
    private static func fetchPages<T: Sendable>(
        _ offsets: [Int], fetch: @escaping @Sendable (Int, Int) async throws(UpstreamError) -> (items: [T], total: Int)
    ) async -> [Int: Result<ExportPage<T>, UpstreamError>] {
        await withTaskGroup(of: (Int, Result<ExportPage<T>, UpstreamError>).self) { group in
            var next = 0
            func start() {
                guard next < offsets.count else { return }
                let (index, offset) = (next, offsets[next])
                next += 1
                group.addTask {
                    do throws(UpstreamError) {
                        let page = try await fetch(offset, exportPageSize)
                        return (index, .success(ExportPage(items: page.items, total: page.total)))
                    } catch {
                        return (index, .failure(error))
                    }
                }
            }
            for _ in 0..<exportParallelism { start() }
            var pages: [Int: Result<ExportPage<T>, UpstreamError>] = [:]
            for await (index, result) in group {
                pages[index] = result
                start()
            }
            return pages
        }
    }

    /// `user_name` and `user_email` come from the member list; empty for a user it does not know.
    static let grantColumns = [
        "room", "room_id", "user_id", "user_name", "user_email", "preset", "risk_flags", "sections", "unrecognised_keys",
        "permissions_json",
    ]

    static func grantCells(_ grant: RoomGrant, people: PeopleDirectory) -> [String] {
        let summary = GrantSummary(permissions: grant.permissions)
        let person = people.person(grant.userID)
        return [
            grant.room.name, grant.room.id, grant.userID, person?.name ?? "", person?.email ?? "", summary.preset.label,
            summary.flags.map(\.label).joined(separator: "; "), String(summary.sectionCount),
            summary.hasUnknown ? "yes" : "no", grant.permissions.serialized(),
        ]
    }

    static func appendTruncation(_ document: inout CSVDocument, shown: Int, total: Int) {
        if shown < total { document.append(["(export stopped after \(shown) of \(total) rows)"]) }
    }

    func roomCSV(pid: String, room: String) async throws -> HTTPResponse {
        let client = accounts
        // One member list for the whole export, read while the grants are.
        async let peopleTask = PeopleDirectory.load(client, projectID: pid, limit: Self.exportLimit)
        let found = try await accounts.load("the room") { client throws(UpstreamError) in
            try await client.room(projectID: pid, name: room)
        }
        let result = try await collect("the room's grants") { offset, limit throws(UpstreamError) in
            let page = try await client.grants(projectID: pid, room: found, limit: limit, offset: offset)
            return (page.grants, page.total)
        }
        let people = await peopleTask
        var document = CSVDocument(header: Self.grantColumns)
        for grant in result.items { document.append(Self.grantCells(grant, people: people)) }
        Self.appendTruncation(&document, shown: result.items.count, total: result.total)
        return Self.csvResponse(document, filename: "grants-room-\(room)")
    }

    func userCSV(pid: String, userID: String, filter: String) async throws -> HTTPResponse {
        let client = accounts
        async let peopleTask = PeopleDirectory.load(client, projectID: pid, userID: userID)
        let result = try await collect("the user's grants") { offset, limit throws(UpstreamError) in
            let page = try await client.grants(projectID: pid, userID: userID, limit: limit, offset: offset, filter: filter)
            return (page.grants, page.total)
        }
        let people = await peopleTask
        var document = CSVDocument(header: Self.grantColumns)
        for grant in result.items { document.append(Self.grantCells(grant, people: people)) }
        Self.appendTruncation(&document, shown: result.items.count, total: result.total)
        return Self.csvResponse(document, filename: "grants-user-\(userID)")
    }

    /// The overview's rooms (`table=rooms`, the default) or users (`table=users`), with the page's filters.
    func overviewCSV(pid: String, state: OverviewPageModel.State, table: String?) async throws -> HTTPResponse {
        let client = accounts
        if table == "users" {
            let result = try await collect("the project's users") { offset, limit throws(UpstreamError) in
                let page = try await client.usersWithGrantCounts(projectID: pid, limit: limit, offset: offset, filter: state.usersQuery)
                return (page.users, page.total)
            }
            var document = CSVDocument(header: ["user_id", "email", "first_name", "last_name", "grants"])
            for user in result.items {
                document.append([user.userID, user.email ?? "", user.firstName ?? "", user.lastName ?? "", String(user.count)])
            }
            Self.appendTruncation(&document, shown: result.items.count, total: result.total)
            return Self.csvResponse(document, filename: "users-\(pid)")
        }
        var document = CSVDocument(header: ["room", "room_id", "grants"])
        if state.roomsQuery.isEmpty {
            let result = try await collect("the project's rooms") { offset, limit throws(UpstreamError) in
                let page = try await client.roomsWithGrantCounts(projectID: pid, limit: limit, offset: offset)
                return (page.rooms, page.total)
            }
            for entry in result.items { document.append([entry.room.name, entry.room.id, String(entry.count)]) }
            Self.appendTruncation(&document, shown: result.items.count, total: result.total)
        } else {
            let result = try await collect("the project's rooms") { offset, limit throws(UpstreamError) in
                let page = try await client.rooms(projectID: pid, limit: limit, offset: offset, filter: state.roomsQuery)
                return (page.rooms, page.total)
            }
            for room in result.items { document.append([room.name, room.id, ""]) }
            Self.appendTruncation(&document, shown: result.items.count, total: result.total)
        }
        return Self.csvResponse(document, filename: "rooms-\(pid)")
    }
}

/// One page of an export, as a value a task can return.
struct ExportPage<T: Sendable>: Sendable {
    var items: [T]
    var total: Int
}
