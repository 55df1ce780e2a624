import AccountsAPI
import GrantModel

/// Where a whole-project scan reads its grants: the live upstream today, a
/// stored snapshot tomorrow. A source is only a way to read one page of grants
/// by position, so every whole-project view (who can, risks, matrix) works on
/// any source; a new source is a new `GrantSource(...)` value, nothing else.
///
/// Contract: pages are positions in one stable order, room name first (the
/// views group by room); `total` is the source's size when the page was read.
/// `page` may be called from several tasks at once.
struct GrantSource: Sendable {
    /// What the source is, for error pages and progress: "the project's grants".
    var description: String
    /// How many grants one call asks for (the upstream's largest page is 500).
    var pageSize: Int
    /// How many pages may be in flight at once.
    var parallelism: Int
    /// The grants from `offset` on, at most `limit` of them, and the source's total.
    var page: @Sendable (_ offset: Int, _ limit: Int) async throws -> GrantPage

    init(description: String, pageSize: Int = 500, parallelism: Int = 4,
         page: @escaping @Sendable (_ offset: Int, _ limit: Int) async throws -> GrantPage) {
        self.description = description
        self.pageSize = max(1, pageSize)
        self.parallelism = max(1, parallelism)
        self.page = page
    }
}

/// One page a source returned.
struct GrantPage: Sendable {
    var grants: [RoomGrant]
    var total: Int
}

extension GrantSource {
    /// Every grant of the project, read from the accounts API in room-name order.
    static func live(_ client: AccountsClient, projectID pid: String) -> GrantSource {
        GrantSource(description: "the project's grants") { offset, limit in
            let list = try await client.grants(projectID: pid, limit: limit, offset: offset, orderBy: .roomName)
            return GrantPage(grants: list.grants, total: list.total)
        }
    }

    /// One room's grants, read from the accounts API.
    static func room(_ client: AccountsClient, projectID pid: String, roomName: String) -> GrantSource {
        GrantSource(description: "the room's grants") { offset, limit in
            let list = try await client.grants(projectID: pid, roomName: roomName, limit: limit, offset: offset)
            return GrantPage(grants: list.grants, total: list.total)
        }
    }

    /// One user's grants, read from the accounts API.
    static func user(_ client: AccountsClient, projectID pid: String, userID: String) -> GrantSource {
        GrantSource(description: "the user's grants") { offset, limit in
            let list = try await client.grants(projectID: pid, userID: userID, limit: limit, offset: offset)
            return GrantPage(grants: list.grants, total: list.total)
        }
    }

    /// A fixed list held in memory (tests, and anything already read).
    static func list(_ grants: [RoomGrant], description: String = "the grants", pageSize: Int = 500) -> GrantSource {
        GrantSource(description: description, pageSize: pageSize) { offset, limit in
            let start = min(max(0, offset), grants.count)
            return GrantPage(grants: Array(grants[start..<min(grants.count, start + limit)]), total: grants.count)
        }
    }
}
