import CryptoPrimitives
import Foundation

/// One row of the append-only `audit_log` table and its place in the chain.
struct AuditRow: Sendable, Hashable {
    var seq: Int64?
    var entryID: String
    var event: String
    var time: String
    var actor: String
    var role: String
    var requestID: String
    var project: String?
    var action: String
    var target: String
    var before: String?
    var after: String?
    var outcome: String?
    var prevHash: String
    var hash: String = ""

    static let genesisHash = String(repeating: "0", count: 64)
    /// The event of the row that seals an older unkeyed chain under the key.
    static let sealEvent = "seal"

    /// Every field except `seq` and `hash`, length-prefixed so no choice of
    /// values can make two different records serialise alike.
    var canonical: String {
        let fields: [(String, String?)] = [
            ("entry", entryID), ("event", event), ("time", time), ("actor", actor), ("role", role),
            ("request", requestID), ("project", project), ("action", action), ("target", target),
            ("before", before), ("after", after), ("outcome", outcome),
        ]
        return fields.map { name, value in
            guard let value else { return "\(name)=-;" }
            return "\(name)=\(value.utf8.count):\(value);"
        }.joined()
    }

    /// What a row's hash covers: the previous row's hash and this row's content.
    private var chainedText: String { prevHash + "\n" + canonical }

    /// The hash of rows written by versions before the audit key existed:
    /// plain SHA-256, which anyone can recompute. Only rows before the seal
    /// (see `AuditLog.sealUnkeyedChain`) may carry it.
    func unkeyedHash() -> String {
        SHA256.hex(chainedText)
    }

    /// The hash of every row from the seal on: HMAC-SHA256 under the audit key.
    func keyedHash(_ key: AuditKey) -> String {
        key.tag(chainedText)
    }

    init(entryID: String, event: String, time: String, actor: String, role: String, requestID: String,
         project: String?, action: String, target: String, before: String?, after: String?, outcome: String?,
         prevHash: String) {
        self.entryID = entryID
        self.event = event
        self.time = time
        self.actor = actor
        self.role = role
        self.requestID = requestID
        self.project = project
        self.action = action
        self.target = target
        self.before = before
        self.after = after
        self.outcome = outcome
        self.prevHash = prevHash
    }

    init(row: SQLRow) throws {
        seq = row["seq"].int64
        entryID = try row.string("entry_id")
        event = try row.string("event")
        time = try row.string("time")
        actor = try row.string("actor")
        role = try row.string("role")
        requestID = try row.string("request_id")
        project = row["project"].string
        action = try row.string("action")
        target = try row.string("target")
        before = row["before"].string
        after = row["after"].string
        outcome = row["outcome"].string
        prevHash = try row.string("prev_hash")
        hash = try row.string("hash")
    }

    /// The lock every append takes: replicas sharing a PostgreSQL database
    /// append one at a time, so each row follows the one committed before it.
    static let appendLock = "grantdesk.audit-log"

    /// Appends this row after the current last one, keyed with `key`, inside `db`'s transaction.
    mutating func append(to db: any SQLSession, key: AuditKey) throws {
        try db.lock(Self.appendLock)
        prevHash = try db.scalar("SELECT hash FROM audit_log ORDER BY seq DESC LIMIT 1")?.string ?? Self.genesisHash
        hash = keyedHash(key)
        seq = try db.scalar("""
            INSERT INTO audit_log (entry_id, event, time, actor, role, request_id, project, action, target,
                                   before, after, outcome, prev_hash, hash)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING seq
            """, .text(entryID), .text(event), .text(time), .text(actor), .text(role), .text(requestID),
            SQLValue(project), .text(action), .text(target), SQLValue(before), SQLValue(after), SQLValue(outcome),
            .text(prevHash), .text(hash))?.int64
    }

    /// The highest `seq` ever committed, whether or not its row is still
    /// there: SQLite's AUTOINCREMENT counter, or on PostgreSQL the
    /// `audit_log_high_water` row its insert trigger keeps.
    static func highWater(_ db: any SQLSession) throws -> Int64? {
        switch db.dialect {
        case .sqlite: try db.scalar("SELECT seq FROM sqlite_sequence WHERE name = 'audit_log'")?.int64
        case .postgres: try db.scalar("SELECT seq FROM audit_log_high_water WHERE id = 1")?.int64
        }
    }

    static func timestamp(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        formatter.timeZone = TimeZone(identifier: "UTC")
        return formatter.string(from: date)
    }

    static func date(_ text: String) -> Date {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.date(from: text) ?? Date(timeIntervalSince1970: 0)
    }
}
