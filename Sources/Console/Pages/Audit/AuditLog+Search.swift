import Foundation
import GRDB

/// Filters for the audit page: all optional, combined with AND.
struct AuditFilter: Sendable, Equatable {
    /// Case-insensitive substring of the actor's name.
    var actor = ""
    /// Case-insensitive substring of the target (`grant lobby / alice`).
    var target = ""
    /// One of `AuditFilter.outcomes`' values, or empty for any.
    var outcome = ""

    /// The outcome choices: value, label, and the SQL LIKE pattern on the entry's outcome text.
    static let outcomes: [(value: String, label: String, pattern: String)] = [
        ("succeeded", "Succeeded", "succeeded%"),
        ("failed", "Failed", "failed%"),
        ("refused", "Refused", "refused%"),
        ("pending", "Pending", "pending%"),
        ("interrupted", "Interrupted", "interrupted%"),
    ]

    var isEmpty: Bool { actor.isEmpty && target.isEmpty && outcome.isEmpty }
}

extension AuditLog {
    /// One page of a project's entries, newest first, with the number of
    /// entries matching `filter`. Reads only the rows it returns (plus their
    /// completions), never the whole log.
    func search(project: String, filter: AuditFilter, limit: Int, offset: Int) async throws -> (entries: [AuditEntry], total: Int) {
        try await database.writer.read { db in
            var conditions = ["h.event IN ('begin', 'refused')", "h.project = ?"]
            var arguments: StatementArguments = [project]
            if !filter.actor.isEmpty {
                conditions.append("h.actor LIKE ? ESCAPE '\\'")
                arguments += [Self.likeContains(filter.actor)]
            }
            if !filter.target.isEmpty {
                conditions.append("h.target LIKE ? ESCAPE '\\'")
                arguments += [Self.likeContains(filter.target)]
            }
            if let choice = AuditFilter.outcomes.first(where: { $0.value == filter.outcome }) {
                conditions.append("COALESCE(c.outcome, h.outcome, 'pending') LIKE ?")
                arguments += [choice.pattern]
            }
            let from = """
                FROM audit_log h LEFT JOIN audit_log c ON c.entry_id = h.entry_id AND c.event = 'complete'
                WHERE \(conditions.joined(separator: " AND "))
                """
            let total = try Int.fetchOne(db, sql: "SELECT COUNT(*) \(from)", arguments: arguments) ?? 0
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT h.*, c.after AS done_after, c.outcome AS done_outcome, c.time AS done_time \(from)
                    ORDER BY h.seq DESC LIMIT ? OFFSET ?
                    """,
                arguments: arguments + [max(0, min(limit, 500)), max(0, offset)]
            )
            let entries = rows.map { row -> AuditEntry in
                let head = AuditRow(row: row)
                let doneTime: String? = row["done_time"]
                let doneOutcome: String? = row["done_outcome"]
                return AuditEntry(
                    id: AuditEntryID(rawValue: head.entryID), sequence: head.seq ?? 0, time: AuditRow.date(head.time),
                    actor: head.actor, role: head.role, requestID: head.requestID, project: head.project,
                    action: head.action, target: head.target, before: head.before, after: row["done_after"],
                    outcome: doneOutcome ?? head.outcome ?? "pending", completedAt: doneTime.map(AuditRow.date)
                )
            }
            return (entries, total)
        }
    }

    /// `%text%` with LIKE's wildcards in `text` escaped.
    static func likeContains(_ text: String) -> String {
        var escaped = ""
        for character in text {
            if character == "%" || character == "_" || character == "\\" { escaped.append("\\") }
            escaped.append(character)
        }
        return "%" + escaped + "%"
    }
}
