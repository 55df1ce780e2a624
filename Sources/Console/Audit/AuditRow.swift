import CryptoPrimitives
import Foundation
import GRDB

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

    init(row: Row) {
        seq = row["seq"]
        entryID = row["entry_id"]
        event = row["event"]
        time = row["time"]
        actor = row["actor"]
        role = row["role"]
        requestID = row["request_id"]
        project = row["project"]
        action = row["action"]
        target = row["target"]
        before = row["before"]
        after = row["after"]
        outcome = row["outcome"]
        prevHash = row["prev_hash"]
        hash = row["hash"]
    }

    /// Appends this row after the current last one, keyed with `key`, inside `db`'s transaction.
    mutating func append(to db: Database, key: AuditKey) throws {
        prevHash = try String.fetchOne(db, sql: "SELECT hash FROM audit_log ORDER BY seq DESC LIMIT 1")
            ?? Self.genesisHash
        hash = keyedHash(key)
        try db.execute(sql: """
            INSERT INTO audit_log (entry_id, event, time, actor, role, request_id, project, action, target,
                                   before, after, outcome, prev_hash, hash)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, arguments: [entryID, event, time, actor, role, requestID, project, action, target,
                             before, after, outcome, prevHash, hash])
        seq = db.lastInsertedRowID
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
