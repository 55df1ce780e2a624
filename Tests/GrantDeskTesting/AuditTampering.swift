@testable public import Console

/// What someone with write access to the database can do to the audit log,
/// in either dialect: the tests' attacker.
public enum AuditTampering {
    /// Drops the triggers that keep `audit_log` append-only.
    public static func dropAppendOnlyTriggers(_ session: any SQLSession) throws {
        switch session.dialect {
        case .sqlite:
            try session.execute("DROP TRIGGER IF EXISTS audit_log_no_update; DROP TRIGGER IF EXISTS audit_log_no_delete")
        case .postgres:
            try session.execute("DROP TRIGGER IF EXISTS audit_log_no_update ON audit_log")
        }
    }

    /// Drops the triggers, runs `sql`, and recomputes every plain SHA-256
    /// hash from `seq` on so the chain links up again.
    public static func tamper(_ database: ConsoleDatabase, _ sql: String, rehashFrom seq: Int64) async throws {
        try await database.storage.write { db in
            try dropAppendOnlyTriggers(db)
            try db.execute(sql)
            var previous = try db.scalar("SELECT hash FROM audit_log WHERE seq < ? ORDER BY seq DESC LIMIT 1", .integer(seq))?
                .string ?? AuditRow.genesisHash
            for raw in try db.rows("SELECT * FROM audit_log WHERE seq >= ? ORDER BY seq", .integer(seq)) {
                var row = try AuditRow(row: raw)
                row.prevHash = previous
                row.hash = row.unkeyedHash()
                try db.execute("UPDATE audit_log SET prev_hash = ?, hash = ? WHERE seq = ?",
                               .text(row.prevHash), .text(row.hash), SQLValue(row.seq))
                previous = row.hash
            }
        }
    }

    /// The row at `seq`.
    static func row(_ database: ConsoleDatabase, seq: Int64) async throws -> AuditRow? {
        try await database.storage.read { db in
            try db.row("SELECT * FROM audit_log WHERE seq = ?", .integer(seq)).map(AuditRow.init(row:))
        }
    }
}
