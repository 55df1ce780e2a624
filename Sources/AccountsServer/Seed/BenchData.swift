import GRDB
import GrantModel

/// The size of the benchmark data set.
public struct BenchDataShape: Sendable, Hashable {
    public var rooms: Int
    public var users: Int
    /// Grants per room; rooms × this = total grants. Must not exceed `users`.
    public var grantsPerRoom: Int

    /// 2,000 rooms × 50 grants = 100,000 grants over 5,000 users.
    public static let standard = BenchDataShape(rooms: 2_000, users: 5_000, grantsPerRoom: 50)

    public init(rooms: Int, users: Int, grantsPerRoom: Int) {
        self.rooms = rooms
        self.users = users
        self.grantsPerRoom = min(grantsPerRoom, users)
    }

    public var grants: Int { rooms * grantsPerRoom }
}

extension AccountsStore {
    /// Bulk-inserts a deterministic data set into the default project (in one
    /// transaction): rooms `bench-room-0000…`, users `bench-user-0000…` with
    /// names and emails, each room granted to `grantsPerRoom` distinct users
    /// with scopes rotating through the demo presets.
    public func generateBenchData(_ shape: BenchDataShape = .standard) async throws {
        let scopes = DemoScopes.rotation.map { StoredPermissions.text(for: DemoScopes.json($0)) }
        let projectID = Self.defaultProjectID
        try await pool.write { db in
            let user = try db.makeStatement(sql: "INSERT OR IGNORE INTO user (id, email, first_name, last_name) VALUES (?, ?, ?, ?)")
            let member = try db.makeStatement(sql: "INSERT OR IGNORE INTO member (project_id, user_id, is_developer) VALUES (?, ?, 1)")
            for index in 0..<shape.users {
                let id = Self.benchUserID(index)
                try user.execute(arguments: [id, "person\(index)@bench.example.com", "First\(index)", "Last\(index % 97)"])
                try member.execute(arguments: [projectID, id])
            }
            let room = try db.makeStatement(sql: "INSERT INTO room (project_id, id, name, annotations) VALUES (?, ?, ?, ?)")
            let grant = try db.makeStatement(
                sql: "INSERT INTO room_grant (room_pk, user_id, project_id, room_name, permissions) VALUES (?, ?, ?, ?, ?)"
            )
            for roomIndex in 0..<shape.rooms {
                let name = Self.benchRoomName(roomIndex)
                try room.execute(arguments: [projectID, "bench-room-id-\(roomIndex)", name, #"{"bench":"yes"}"#])
                let roomPK = db.lastInsertedRowID
                for slot in 0..<shape.grantsPerRoom {
                    // For a fixed room, slot * stride stays distinct modulo users, so pairs never repeat.
                    let stride = max(1, shape.users / shape.grantsPerRoom)
                    let userIndex = (roomIndex * 37 + slot * stride) % shape.users
                    try grant.execute(arguments: [
                        roomPK, Self.benchUserID(userIndex), projectID, name, scopes[(roomIndex + slot) % scopes.count],
                    ])
                }
            }
        }
    }

    /// The id of bench user `index` (`bench-user-0042`).
    public static func benchUserID(_ index: Int) -> String {
        "bench-user-" + String(repeating: "0", count: max(0, 4 - String(index).count)) + String(index)
    }

    /// The name of bench room `index` (`bench-room-0042`).
    public static func benchRoomName(_ index: Int) -> String {
        "bench-room-" + String(repeating: "0", count: max(0, 4 - String(index).count)) + String(index)
    }
}
