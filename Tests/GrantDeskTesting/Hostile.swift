import AccountsAPI
import AccountsServer
import GRDB
import GrantModel

/// Hostile strings that upstream data may carry. Every page must render them
/// as inert text.
enum Hostile {
    static let img = "\"><img src=x onerror=alert(1)>"
    static let script = "</script><script>window.__xss=1</script>"
    static let combining = "q\"\u{301} autofocus onfocus=window.__xss=1 x=\""
    static let rtl = "\u{202E}txt.exe\u{2028}line"
    static let js = "javascript:alert(1)"
    static let room = "evil \(img) \(script)"
    static let user = "user-\(img)"
    static let email = "mallory+\(img)@example.com"

    /// A member, a room and a grant whose every string is hostile. The member
    /// goes straight into the store (users come from the identity side, not
    /// the accounts API); the room and grant go through the API.
    static func seed(into upstream: EmbeddedAccountsHarness) async throws {
        let pid = EmbeddedAccountsHarness.project
        try await upstream.store.pool.write { db in
            try db.execute(
                sql: "INSERT INTO user (id, email, first_name, last_name) VALUES (?, ?, ?, ?)",
                arguments: [user, email, combining, rtl]
            )
            try db.execute(sql: "INSERT INTO member (project_id, user_id) VALUES (?, ?)", arguments: [pid, user])
        }
        let metadata: JSONObject = ["html": .string(img), "script": .string(script), "link": .string(js)]
        let request = CreateRoomRequest(
            name: room, metadata: metadata,
            annotations: [RoomAnnotation(key: img, value: combining), RoomAnnotation(key: "rtl", value: rtl)]
        )
        _ = try await upstream.client.createRoom(projectID: pid, request)
        let scope: JSONValue = .object([
            "queues": .object(["send": .array([.string(img), .string(script)])]),
            img: .object(["x": .string(script)]),
        ])
        try await upstream.client.createGrant(projectID: pid, roomID: room, userID: user, permissions: scope)
    }
}

extension AccountsStore {
    /// Users with the given ids (and `id@example.com`), as the identity side
    /// would have created them; not members of any project.
    func addPeople(_ ids: [String]) async throws {
        guard !ids.isEmpty else { return }
        try await pool.write { db in
            for id in ids {
                try db.execute(sql: "INSERT INTO user (id, email) VALUES (?, ?)", arguments: [id, "\(id)@example.com"])
            }
        }
    }
}
