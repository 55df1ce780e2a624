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
    func collect<T>(_ what: String, fetch: (Int, Int) async throws(UpstreamError) -> (items: [T], total: Int))
        async throws(UpstreamPageError) -> (items: [T], total: Int) {
        var items: [T] = []
        var total = 0
        repeat {
            let offset = items.count
            let page: (items: [T], total: Int)
            do {
                page = try await fetch(offset, Self.exportPageSize)
            } catch {
                throw UpstreamPageError(error, loading: what)
            }
            total = page.total
            items += page.items
            if page.items.isEmpty { break }
        } while items.count < total && items.count < Self.exportLimit
        return (Array(items.prefix(Self.exportLimit)), total)
    }

    static let grantColumns = ["room", "room_id", "user_id", "preset", "risk_flags", "sections", "unrecognised_keys", "permissions_json"]

    static func grantCells(_ grant: RoomGrant) -> [String] {
        let summary = GrantSummary(permissions: grant.permissions)
        return [
            grant.room.name, grant.room.id, grant.userID, summary.preset.label,
            summary.flags.map(\.label).joined(separator: "; "), String(summary.sectionCount),
            summary.hasUnknown ? "yes" : "no", grant.permissions.serialized(),
        ]
    }

    static func appendTruncation(_ document: inout CSVDocument, shown: Int, total: Int) {
        if shown < total { document.append(["(export stopped after \(shown) of \(total) rows)"]) }
    }

    func roomCSV(pid: String, room: String) async throws -> HTTPResponse {
        let client = accounts
        let result = try await collect("the room's grants") { offset, limit throws(UpstreamError) in
            let page = try await client.grants(projectID: pid, roomName: room, limit: limit, offset: offset)
            return (page.grants, page.total)
        }
        var document = CSVDocument(header: Self.grantColumns)
        for grant in result.items { document.append(Self.grantCells(grant)) }
        Self.appendTruncation(&document, shown: result.items.count, total: result.total)
        return Self.csvResponse(document, filename: "grants-room-\(room)")
    }

    func userCSV(pid: String, userID: String, filter: String) async throws -> HTTPResponse {
        let client = accounts
        let result = try await collect("the user's grants") { offset, limit throws(UpstreamError) in
            let page = try await client.grants(projectID: pid, userID: userID, limit: limit, offset: offset, filter: filter)
            return (page.grants, page.total)
        }
        var document = CSVDocument(header: Self.grantColumns)
        for grant in result.items { document.append(Self.grantCells(grant)) }
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
