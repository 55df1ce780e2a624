import Foundation

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
        try await database.storage.read { db in
            var conditions = ["h.event IN ('begin', 'refused')", "h.project = ?"]
            var arguments: [SQLValue] = [.text(project)]
            // lower() on both sides: SQLite's LIKE ignores ASCII case, PostgreSQL's does not.
            if !filter.actor.isEmpty {
                conditions.append("lower(h.actor) LIKE lower(?) ESCAPE '\\'")
                arguments.append(.text(Self.likeContains(filter.actor)))
            }
            if !filter.target.isEmpty {
                conditions.append("lower(h.target) LIKE lower(?) ESCAPE '\\'")
                arguments.append(.text(Self.likeContains(filter.target)))
            }
            if let choice = AuditFilter.outcomes.first(where: { $0.value == filter.outcome }) {
                conditions.append("COALESCE(c.outcome, h.outcome, 'pending') LIKE ?")
                arguments.append(.text(choice.pattern))
            }
            let from = """
                FROM audit_log h LEFT JOIN audit_log c ON c.entry_id = h.entry_id AND c.event = 'complete'
                WHERE \(conditions.joined(separator: " AND "))
                """
            let total = try db.rows("SELECT COUNT(*) \(from)", arguments).first?.values.first?.int ?? 0
            let rows = try db.rows("""
                SELECT h.*, c.after AS done_after, c.outcome AS done_outcome, c.time AS done_time \(from)
                ORDER BY h.seq DESC LIMIT ? OFFSET ?
                """, arguments + [SQLValue(max(0, min(limit, 500))), SQLValue(max(0, offset))])
            let entries = try rows.map { row -> AuditEntry in
                let head = try AuditRow(row: row)
                let doneTime = row["done_time"].string
                let doneOutcome = row["done_outcome"].string
                return AuditEntry(
                    id: AuditEntryID(rawValue: head.entryID), sequence: head.seq ?? 0, time: AuditRow.date(head.time),
                    actor: head.actor, role: head.role, requestID: head.requestID, project: head.project,
                    action: head.action, target: head.target, before: head.before, after: row["done_after"].string,
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
