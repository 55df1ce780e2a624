import CryptoPrimitives
import Foundation
import GrantModel

/// Operations and their items in the console database: written by the
/// replica running an operation, read by any.
struct OperationStore: Sendable {
    let storage: any ConsoleStorage
    let clock: ConsoleClock
    /// A running operation whose runner has not written for this long is
    /// shown (and, at start-up, recorded) as interrupted.
    static let staleAfter: TimeInterval = 30

    /// Records `plan` as a running operation. A second call with the same
    /// `submission` (a double submit) creates nothing and returns the first one's id.
    func create(_ plan: OperationPlan, actor: OperationActor, submission: String?,
                retryOf: OperationID? = nil) async throws -> (id: OperationID, created: Bool) {
        let id = OperationID(rawValue: "op-" + RandomBytes.hexString(byteCount: 8))
        let now = clock.now
        do {
            return try await insert(plan, id: id, actor: actor, submission: submission, retryOf: retryOf, now: now)
        } catch let error as SQLStorageError where error.isUniqueViolation {
            // Another replica recorded the same submission between our check and insert.
            guard let submission, let existing = try await operation(bySubmission: submission) else { throw error }
            return (existing, false)
        }
    }

    private func insert(_ plan: OperationPlan, id: OperationID, actor: OperationActor, submission: String?,
                        retryOf: OperationID?, now: Date) async throws -> (id: OperationID, created: Bool) {
        try await storage.write { session in
            if let submission, let existing = try session.scalar("SELECT id FROM operations WHERE submission = ?",
                                                                  .text(submission))?.string {
                return (OperationID(rawValue: existing), false)
            }
            try session.execute("""
                INSERT INTO operations (id, project, kind, label, tag, actor, role, request_id, submission, retry_of,
                    state, created_at, heartbeat_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'running', ?, ?)
                """, [.text(id.rawValue), .text(plan.project), .text(plan.kind), .text(plan.label), SQLValue(plan.tag),
                      .text(actor.name), .text(actor.role), .text(actor.requestID), SQLValue(submission),
                      SQLValue(retryOf?.rawValue), SQLValue(now), SQLValue(now)])
            for (position, item) in plan.items.enumerated() {
                let (scope, expected, existing, expires): (JSONValue?, JSONValue?, String, Date?) = switch item.action {
                case .put(let scope, let policy, let expected, let expiresAt): (scope, expected, policy.rawValue, expiresAt)
                case .delete(let expected): (nil, expected, "", nil)
                case .removeMember: (nil, nil, "", nil)
                }
                try session.execute("""
                    INSERT INTO operation_items (operation_id, position, action, room, room_id, user_id, description,
                        scope, expected, existing, expires_at, change, widens, status, updated_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'pending', ?)
                    """, [.text(id.rawValue), SQLValue(position), .text(item.action.name), .text(item.room),
                          .text(item.roomID), .text(item.userID), .text(item.description),
                          SQLValue(scope?.serialized()), SQLValue(expected?.serialized()), .text(existing),
                          SQLValue(expires), .text(item.change.joined(separator: "\n")), SQLValue(item.widens),
                          SQLValue(now)])
            }
            return (id, true)
        }
    }

    func operation(bySubmission submission: String) async throws -> OperationID? {
        try await storage.read { session in
            try session.scalar("SELECT id FROM operations WHERE submission = ?", .text(submission))?.string.map(OperationID.init)
        }
    }

    /// Records an item's status (and the runner's heartbeat).
    func set(_ id: OperationID, position: Int, _ status: OperationItemStatus, detail: String? = nil) async throws {
        let now = clock.now
        _ = try await storage.write { session in
            try session.execute("UPDATE operation_items SET status = ?, detail = ?, updated_at = ? WHERE operation_id = ? AND position = ?",
                                [.text(status.rawValue), SQLValue(detail), SQLValue(now), .text(id.rawValue), SQLValue(position)])
            try session.execute("UPDATE operations SET heartbeat_at = ? WHERE id = ?", [SQLValue(now), .text(id.rawValue)])
        }
    }

    /// Shows the runner is alive while a slow item runs.
    func heartbeat(_ id: OperationID) async throws {
        let now = clock.now
        _ = try await storage.write { session in
            try session.execute("UPDATE operations SET heartbeat_at = ? WHERE id = ? AND state = 'running'",
                                [SQLValue(now), .text(id.rawValue)])
        }
    }

    func finish(_ id: OperationID) async throws {
        let now = clock.now
        _ = try await storage.write { session in
            try session.execute("UPDATE operations SET state = 'finished', finished_at = ?, heartbeat_at = ? WHERE id = ?",
                                [SQLValue(now), SQLValue(now), .text(id.rawValue)])
        }
    }

    /// Records every running operation whose runner went quiet as interrupted,
    /// its unfinished items with it; returns how many (start-up calls this).
    @discardableResult
    func interruptStale() async throws -> Int {
        let now = clock.now
        let cutoff = now.addingTimeInterval(-Self.staleAfter)
        return try await storage.write { session in
            try session.lock("operations")
            let stale = try session.rows("SELECT id FROM operations WHERE state = 'running' AND heartbeat_at < ?",
                                         [SQLValue(cutoff)]).map { try $0.string("id") }
            for id in stale {
                try Self.interrupt(id, at: now, in: session)
            }
            return stale.count
        }
    }

    private static func interrupt(_ id: String, at now: Date, in session: any SQLSession) throws {
        try session.execute("""
            UPDATE operation_items SET status = 'interrupted', updated_at = ?,
                detail = 'GrantDesk stopped before this item ended; if it was being written, the change may or may not have been made.'
            WHERE operation_id = ? AND status IN ('pending', 'running')
            """, [SQLValue(now), .text(id)])
        try session.execute("UPDATE operations SET state = 'interrupted', finished_at = ? WHERE id = ?",
                            [SQLValue(now), .text(id)])
    }

    /// The operation, if it belongs to `project`.
    func status(_ id: OperationID, project: String) async throws -> OperationStatus? {
        let now = clock.now
        return try await storage.read { session in
            guard let row = try session.row("SELECT * FROM operations WHERE id = ? AND project = ?",
                                            .text(id.rawValue), .text(project))
            else { return nil }
            let items = try session.rows("SELECT * FROM operation_items WHERE operation_id = ? ORDER BY position",
                                         [.text(id.rawValue)]).map(Self.item)
            var state = OperationStatus.State(rawValue: try row.string("state")) ?? .interrupted
            var status = OperationStatus(
                id: id, project: project, kind: try row.string("kind"), label: try row.string("label"),
                tag: row["tag"].string, actor: try row.string("actor"), createdAt: try row.date("created_at"),
                finishedAt: row["finished_at"].date, retryOf: row["retry_of"].string.map(OperationID.init),
                state: state, items: items)
            // Read before start-up (or another replica) records it: a quiet runner is gone.
            if state == .running, try row.date("heartbeat_at") < now.addingTimeInterval(-Self.staleAfter) {
                state = .interrupted
                status.state = state
                for index in status.items.indices where [.pending, .running].contains(status.items[index].status) {
                    status.items[index].status = .interrupted
                    status.items[index].detail = "GrantDesk stopped before this item ended."
                }
            }
            return status
        }
    }

    /// One stored item as the status shows it.
    private static func item(_ row: SQLRow) throws -> OperationStatus.Item {
        let parse = { (column: String) -> JSONValue? in
            row[column].string.flatMap { try? JSONValue(parsing: Array($0.utf8)) }
        }
        let action: OperationAction
        switch try row.string("action") {
        case "put":
            action = .put(scope: parse("scope") ?? .object(JSONObject()),
                          existing: ExistingGrantPolicy(rawValue: try row.string("existing")) ?? .skip,
                          expected: parse("expected"), expiresAt: row["expires_at"].date)
        case "delete":
            action = .delete(expected: parse("expected"))
        default:
            action = .removeMember
        }
        let change = try row.string("change")
        let item = OperationItem(action: action, room: try row.string("room"), roomID: try row.string("room_id"),
                                 userID: try row.string("user_id"), description: try row.string("description"),
                                 change: change.isEmpty ? [] : change.components(separatedBy: "\n"),
                                 widens: try row.bool("widens"))
        return OperationStatus.Item(position: try row.int("position"), item: item,
                                    status: OperationItemStatus(rawValue: try row.string("status")) ?? .failed,
                                    detail: row["detail"].string)
    }
}
