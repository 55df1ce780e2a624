import Foundation

/// The console's audit records about grants and rooms of one project, by
/// the grant they touched: answers "was this change made through
/// GrantDesk?" (drift is a change with no such record) and "when did this
/// grant last change here?" (review items).
struct GrantAuditIndex: Sendable {
    struct Record: Sendable, Hashable {
        var time: Date
        var actor: String
        var action: String
        var outcome: String
        var roomName: String
        var roomID: String?
        /// Nil for a record about a whole room (`room.create`, `room.delete`).
        var userID: String?
    }

    private(set) var records: [Record] = []

    init(records: [Record]) {
        self.records = records.sorted { $0.time < $1.time }
    }

    /// The begun grant and room changes of `project` (with their outcome),
    /// refused attempts left out: they changed nothing.
    static func load(storage: any ConsoleStorage, project: String) async throws -> GrantAuditIndex {
        let rows = try await storage.read { session in
            try session.rows("""
                SELECT b.time, b.actor, b.action, b.target, c.outcome FROM audit_log b
                LEFT JOIN audit_log c ON c.entry_id = b.entry_id AND c.event = 'complete'
                WHERE b.event = 'begin' AND b.project = ? AND (b.action LIKE 'grant.%' OR b.action LIKE 'room.%')
                ORDER BY b.seq
                """, .text(project))
        }
        var records: [Record] = []
        for row in rows {
            guard let target = row["target"].string, let action = row["action"].string,
                  let parsed = parse(target: target) else { continue }
            records.append(Record(time: AuditRow.date(row["time"].string ?? ""), actor: row["actor"].string ?? "-",
                                  action: action, outcome: row["outcome"].string ?? "pending",
                                  roomName: parsed.room, roomID: parsed.roomID, userID: parsed.userID))
        }
        return GrantAuditIndex(records: records)
    }

    /// Reads `AuditTarget.grant` and `AuditTarget.room` texts back:
    /// `grant NAME [id ID] / USER`, `room NAME [id ID]` (the id is optional).
    static func parse(target: String) -> (room: String, roomID: String?, userID: String?)? {
        var roomPart: Substring
        var userID: String?
        if target.hasPrefix("grant ") {
            let rest = target.dropFirst("grant ".count)
            guard let slash = rest.range(of: " / ", options: .backwards) else { return nil }
            roomPart = rest[..<slash.lowerBound]
            var user = rest[slash.upperBound...]
            // Operations add " (operation ID, kind TAG)" after the user id.
            if user.hasSuffix(")"), let note = user.range(of: " (operation ", options: .backwards) { user = user[..<note.lowerBound] }
            userID = String(user)
        } else if target.hasPrefix("room ") {
            roomPart = target.dropFirst("room ".count)
        } else {
            return nil
        }
        var roomID: String?
        if roomPart.hasSuffix("]"), let open = roomPart.range(of: " [id ", options: .backwards) {
            roomID = String(roomPart[open.upperBound..<roomPart.index(before: roomPart.endIndex)])
            roomPart = roomPart[..<open.lowerBound]
        }
        return (String(roomPart), roomID, userID)
    }

    /// The records that could have changed the grant `key` (room named
    /// `roomName`) between `from` and `to`: its own and its room's, whether
    /// they succeeded or their outcome is unknown (a failed change changed nothing).
    func changes(to key: GrantKey, roomNames: Set<String>, from: Date, to: Date) -> [Record] {
        records.filter { record in
            record.time >= from && record.time <= to && touches(record, key, roomNames)
                && !record.outcome.hasPrefix("failed")
        }
    }

    /// The newest record about the grant `key`, whatever its outcome.
    func last(for key: GrantKey, roomName: String) -> Record? {
        records.last { touches($0, key, [roomName]) }
    }

    private func touches(_ record: Record, _ key: GrantKey, _ roomNames: Set<String>) -> Bool {
        if let user = record.userID, user != key.userID { return false }
        if let roomID = record.roomID { return roomID == key.roomID }
        return roomNames.contains(record.roomName)
    }
}
