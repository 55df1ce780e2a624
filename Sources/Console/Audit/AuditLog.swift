import CryptoPrimitives
import Foundation

/// The console's audit log: append-only (triggers refuse UPDATE and DELETE)
/// and hash-chained with HMAC-SHA256 under a key kept outside the
/// database (`AuditKey`), so `verify()` finds any row edited or removed behind
/// the console's back, even by someone who recomputes the hashes.
///
/// Chains written before the key existed used plain SHA-256. They are sealed
/// once, when the key is created: a `seal` row, keyed, whose hash covers the
/// last unkeyed row's hash. Rows before the seal are checked as SHA-256, the
/// seal and every later row as HMAC; a chain without a seal must be keyed
/// throughout, so deleting the seal or rewriting rows as SHA-256 is caught.
///
/// A change is written as a `begin` row before the upstream call and a
/// `complete` row after it; a refused attempt is one `refused` row. A `begin`
/// without completion (the process died mid-change) is closed at start-up by
/// `resolveInterrupted()` as "interrupted (outcome unknown)".
public struct AuditLog: Sendable {
    static let interrupted = "interrupted (outcome unknown)"

    let database: ConsoleDatabase
    let key: AuditKey
    let clock: ConsoleClock

    /// `key` defaults to a throwaway random one, which suits only databases
    /// that end with the process (in-memory tests); anything on disk passes
    /// the key loaded with `AuditKey.loadOrCreate`.
    public init(database: ConsoleDatabase, key: AuditKey = .generate(), clock: ConsoleClock = .system) {
        self.database = database
        self.key = key
        self.clock = clock
    }

    /// Records that `context`'s user is about to make a change. Call before
    /// the upstream request; if this throws, do not make the change.
    public func begin(context: ConsoleContext, action: String, target: AuditTarget,
                      before: String?) async throws -> AuditEntryID {
        try await begin(actor: context.user?.auditActor ?? "-", role: context.user?.role.rawValue ?? "-",
                        requestID: context.requestID, action: action, target: target, before: before)
    }

    /// Records a change made outside a request: by an operation running in
    /// the background for `actor`, or by GrantDesk itself (`system`).
    public func begin(actor: String, role: String, requestID: String, action: String, target: AuditTarget,
                      before: String?) async throws -> AuditEntryID {
        let id = AuditEntryID(rawValue: RandomBytes.hexString(byteCount: 12))
        let row = AuditRow(entryID: id.rawValue, event: "begin", time: AuditRow.timestamp(clock.now),
                           actor: actor, role: role,
                           requestID: requestID, project: target.project, action: action,
                           target: target.resource, before: before, after: nil, outcome: "pending", prevHash: "")
        try await database.storage.write { [key] db in
            var row = row
            try row.append(to: db, key: key)
        }
        return id
    }

    /// Records how the change begun as `id` ended.
    public func complete(_ id: AuditEntryID, outcome: AuditOutcome, after: String?) async throws {
        let now = AuditRow.timestamp(clock.now)
        try await database.storage.write { [key] db in
            try Self.appendCompletion(of: id.rawValue, outcome: outcome.text, after: after, time: now, key: key, in: db)
        }
    }

    /// Records an attempt that was refused before reaching the upstream.
    public func refused(context: ConsoleContext, action: String, target: AuditTarget, reason: String) async throws {
        try await refused(actor: context.user?.auditActor ?? "-", role: context.user?.role.rawValue ?? "-",
                          requestID: context.requestID, action: action, target: target, reason: reason)
    }

    /// Records an attempt refused outside a request (an operation's item that found its grant changed).
    public func refused(actor: String, role: String, requestID: String, action: String, target: AuditTarget,
                        reason: String) async throws {
        let row = AuditRow(entryID: RandomBytes.hexString(byteCount: 12), event: "refused",
                           time: AuditRow.timestamp(clock.now), actor: actor,
                           role: role, requestID: requestID,
                           project: target.project, action: action, target: target.resource,
                           before: nil, after: nil, outcome: "refused: \(reason)", prevHash: "")
        try await database.storage.write { [key] db in
            var row = row
            try row.append(to: db, key: key)
        }
    }

    /// Closes every `begin` left without completion; returns how many.
    @discardableResult
    public func resolveInterrupted() async throws -> Int {
        let now = AuditRow.timestamp(clock.now)
        return try await database.storage.write { [key] db in
            // Two replicas starting together must not both close the same entries.
            try db.lock(AuditRow.appendLock)
            let open = try db.rows("""
                SELECT entry_id FROM audit_log b WHERE event = 'begin'
                AND NOT EXISTS (SELECT 1 FROM audit_log c WHERE c.entry_id = b.entry_id AND c.event = 'complete')
                ORDER BY seq
                """).map { try $0.string("entry_id") }
            for entryID in open {
                try Self.appendCompletion(of: entryID, outcome: Self.interrupted, after: nil, time: now, key: key, in: db)
            }
            return open.count
        }
    }

    private static func appendCompletion(of entryID: String, outcome: String, after: String?, time: String,
                                         key: AuditKey, in db: any SQLSession) throws {
        // Taken before the check, so two completions of one entry cannot both pass it.
        try db.lock(AuditRow.appendLock)
        guard let begin = try db.row("SELECT * FROM audit_log WHERE entry_id = ? AND event = 'begin'", .text(entryID))
            .map(AuditRow.init(row:))
        else { throw AuditLogError.unknownEntry(entryID) }
        guard try db.row("SELECT 1 FROM audit_log WHERE entry_id = ? AND event = 'complete'", .text(entryID)) == nil
        else { throw AuditLogError.alreadyCompleted(entryID) }
        var row = AuditRow(entryID: entryID, event: "complete", time: time, actor: begin.actor, role: begin.role,
                           requestID: begin.requestID, project: begin.project, action: begin.action,
                           target: begin.target, before: nil, after: after, outcome: outcome, prevHash: "")
        try row.append(to: db, key: key)
    }

    /// The log in `database`, keyed by the key file at `keyPath` (created on
    /// first use unless `mayCreateKey` is false: replicas sharing a database
    /// must share the key, so each making its own would split the chain).
    /// When this call created the key, a chain written before it is sealed;
    /// `sealed` says how many rows that covered.
    public static func open(database: ConsoleDatabase, keyPath: String, mayCreateKey: Bool = true,
                            clock: ConsoleClock = .system) async throws -> (log: AuditLog, sealed: Int) {
        if !mayCreateKey, try AuditKey.load(path: keyPath) == nil {
            throw AuditKeyError.unreadable(path: keyPath, reason: """
                no such file; with --database-url every replica needs the same audit key: create it once                 (openssl rand -hex 32 > FILE) and pass it to each with --audit-key-file
                """)
        }
        let (key, created) = try AuditKey.loadOrCreate(path: keyPath)
        let log = AuditLog(database: database, key: key, clock: clock)
        guard created else { return (log, 0) }
        return (log, try await log.sealUnkeyedChain())
    }

    /// Seals a chain written before the audit key existed: appends one keyed
    /// `seal` row after the unkeyed rows, so later edits to them break the
    /// chain at the seal. Call only when the key was just created (see
    /// `AuditKey.loadOrCreate`): sealing whatever is found on every start
    /// would also seal a chain an attacker rewrote as unkeyed. Does nothing
    /// when the log is empty or already has keyed rows, and refuses to seal
    /// an unkeyed chain that is already broken (edited, or rows removed). Returns how many rows it sealed.
    @discardableResult
    public func sealUnkeyedChain() async throws -> Int {
        let now = AuditRow.timestamp(clock.now)
        return try await database.storage.write { [key] db in
            try db.lock(AuditRow.appendLock)
            let rows = try db.rows("SELECT * FROM audit_log ORDER BY seq").map(AuditRow.init(row:))
            guard let last = rows.last, last.hash == last.unkeyedHash(), try AuditRow.highWater(db) == last.seq
            else { return 0 }
            var previous = AuditRow.genesisHash
            for row in rows {
                guard row.prevHash == previous, row.hash == row.unkeyedHash(), row.event != AuditRow.sealEvent
                else { return 0 }
                previous = row.hash
            }
            var seal = AuditRow(entryID: RandomBytes.hexString(byteCount: 12), event: AuditRow.sealEvent, time: now,
                                actor: "grantdesk", role: "-", requestID: "-", project: nil,
                                action: "seal the audit chain under the audit key",
                                target: "records 1–\(last.seq ?? 0)", before: nil, after: nil,
                                outcome: "sealed \(rows.count) records written before the audit key existed",
                                prevHash: "")
            try seal.append(to: db, key: key)
            return rows.count
        }
    }

    /// Walks the whole chain: every row's hash must match its content and the
    /// previous row's hash, and no row may be missing at the end (the high-water
    /// mark remembers the highest `seq` ever committed, see `AuditRow.highWater`). A broken
    /// chain is reported at its first bad row, naming its entry and time.
    public func verify() async throws -> AuditVerification {
        try await database.storage.read { [key] db in
            var previous = AuditRow.genesisHash
            var count = 0
            var lastSeq: Int64 = 0
            // Rows before the first seal are the unkeyed chain it sealed.
            let sealSeq = try db.scalar("SELECT min(seq) FROM audit_log WHERE event = 'seal'")?.int64
            for raw in try db.rows("SELECT * FROM audit_log ORDER BY seq") {
                let row = try AuditRow(row: raw)
                let seq = row.seq ?? 0
                func broken(_ what: String) -> AuditVerification {
                    .broken(sequence: seq, reason: "entry \(row.entryID) (\(row.event), written \(row.time)) \(what)")
                }
                guard row.prevHash == previous else {
                    return broken("does not follow the previous row (a row was removed or edited)")
                }
                let keyed = sealSeq.map { seq >= $0 } ?? true
                if row.event == AuditRow.sealEvent && seq != sealSeq {
                    return broken("is a second seal (the chain can be sealed only once)")
                }
                if keyed && !ConstantTime.equals(Array(row.keyedHash(key).utf8), Array(row.hash.utf8)) {
                    return broken(row.hash == row.unkeyedHash()
                        ? "has a plain SHA-256 hash where the audit key's HMAC belongs (rewritten without the key, or written before the key existed and never sealed)"
                        : "does not match its HMAC (the row was edited, or this is not the audit key that wrote it)")
                }
                if !keyed && row.hash != row.unkeyedHash() {
                    return broken("content does not match its hash (the row was edited)")
                }
                previous = row.hash
                lastSeq = seq
                count += 1
            }
            let highest = try AuditRow.highWater(db) ?? 0
            guard highest == lastSeq else {
                return .broken(sequence: lastSeq + 1, reason: "rows \(lastSeq + 1)–\(highest) at the end of the log were removed")
            }
            return .intact(rows: count)
        }
    }

    /// The newest entries first, optionally for one project, merged from their
    /// rows. `beforeSequence` pages back through older entries.
    public func entries(project: String?, limit: Int = 50, beforeSequence: Int64? = nil) async throws -> [AuditEntry] {
        try await database.storage.read { db in
            var sql = "SELECT * FROM audit_log WHERE event IN ('begin', 'refused')"
            var arguments: [SQLValue] = []
            if let project {
                sql += " AND project = ?"
                arguments.append(.text(project))
            }
            if let beforeSequence {
                sql += " AND seq < ?"
                arguments.append(.integer(beforeSequence))
            }
            sql += " ORDER BY seq DESC LIMIT ?"
            arguments.append(SQLValue(max(0, min(limit, 500))))
            let heads = try db.rows(sql, arguments).map(AuditRow.init(row:))
            return try heads.map { head in
                var entry = AuditEntry(id: AuditEntryID(rawValue: head.entryID), sequence: head.seq ?? 0,
                                       time: AuditRow.date(head.time), actor: head.actor, role: head.role,
                                       requestID: head.requestID, project: head.project, action: head.action,
                                       target: head.target, before: head.before, after: nil,
                                       outcome: head.outcome ?? "", completedAt: nil)
                if head.event == "begin",
                   let done = try db.row("SELECT * FROM audit_log WHERE entry_id = ? AND event = 'complete'",
                                         .text(head.entryID)).map(AuditRow.init(row:)) {
                    entry.after = done.after
                    entry.outcome = done.outcome ?? ""
                    entry.completedAt = AuditRow.date(done.time)
                }
                return entry
            }
        }
    }
}

/// Misuse of the audit API.
public enum AuditLogError: Error, Equatable {
    case unknownEntry(String)
    case alreadyCompleted(String)
}
