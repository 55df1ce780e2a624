import Foundation
import GrantModel

/// Campaign state in the console database (`CampaignTables`). Every write
/// that depends on what is stored is one conditional statement (a version
/// or state in its `WHERE`), so concurrent reviewers and replicas never
/// overwrite each other's decisions unseen.
struct CampaignStore: Sendable {
    let storage: any ConsoleStorage
    let clock: ConsoleClock

    static let itemColumns = """
        i.id, i.campaign_id, i.position, i.reviewer, i.room_id, i.room_name, i.user_id, i.version, i.decision, i.comment,
        i.decided_by, i.decided_at, i.revocation, i.revocation_detail, i.revoked_by, i.revoked_at, i.operation_id,
        i.operation_position, s.json, s.hash
        """

    struct NewCampaign: Sendable {
        var project: String
        var name: String
        var scopeKind: Campaign.ScopeKind
        var scopeValues: [String]
        var reviewers: [String]
        var dueAt: Date
        var createdBy: String
        var snapshotID: Int64
    }

    func create(_ new: NewCampaign) async throws -> Int64 {
        let now = clock.now
        let values = JSONValue.array(new.scopeValues.map(JSONValue.string)).serialized()
        return try await storage.write { session in
            guard let id = try session.row("""
                INSERT INTO campaigns (project, name, scope_kind, scope_values, snapshot_id, created_by, created_at, due_at, status)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'preparing') RETURNING id
                """, .text(new.project), .text(new.name), .text(new.scopeKind.rawValue), .text(values),
                .integer(new.snapshotID), .text(new.createdBy), SQLValue(now), SQLValue(new.dueAt))?["id"].int64
            else { throw SQLStorageError("the new campaign has no id") }
            for reviewer in new.reviewers {
                try session.execute("INSERT INTO campaign_reviewers (campaign_id, reviewer) VALUES (?, ?)",
                                    .integer(id), .text(reviewer))
            }
            return id
        }
    }

    /// Makes one item per grant of the campaign's (complete) snapshot, dealt
    /// to the reviewers in turn, and opens the campaign.
    func populate(_ id: Int64) async throws {
        try await storage.write { session in
            guard let campaign = try session.row("SELECT snapshot_id, status FROM campaigns WHERE id = ?", .integer(id)),
                  campaign["status"].string == Campaign.Status.preparing.rawValue,
                  let snapshot = campaign["snapshot_id"].int64 else { return }
            let reviewers = try session.rows("SELECT reviewer FROM campaign_reviewers WHERE campaign_id = ? ORDER BY reviewer",
                                             .integer(id)).compactMap { $0["reviewer"].string }
            guard !reviewers.isEmpty else { throw SQLStorageError("campaign \(id) has no reviewers") }
            let grants = try session.rows("""
                SELECT r.room_id, r.room_name, g.user_id, g.scope_id FROM snapshot_grants g
                JOIN snapshot_rooms r ON r.snapshot_id = g.snapshot_id AND r.room_no = g.room_no
                WHERE g.snapshot_id = ? ORDER BY r.room_name, g.user_id
                """, .integer(snapshot))
            var values: [SQLValue] = []
            for (position, grant) in grants.enumerated() {
                values += [.integer(id), .integer(Int64(position)), .text(reviewers[position % reviewers.count]),
                           grant["room_id"], grant["room_name"], grant["user_id"], grant["scope_id"]]
            }
            let width = 7
            for start in stride(from: 0, to: values.count, by: 100 * width) {
                let chunk = Array(values[start..<min(values.count, start + 100 * width)])
                let rows = Array(repeating: "(?, ?, ?, ?, ?, ?, ?)", count: chunk.count / width).joined(separator: ", ")
                try session.execute("""
                    INSERT INTO campaign_items (campaign_id, position, reviewer, room_id, room_name, user_id, scope_id) VALUES \(rows)
                    """, chunk)
            }
            try session.execute("UPDATE campaigns SET status = 'open' WHERE id = ? AND status = 'preparing'", .integer(id))
        }
    }

    func markFailed(_ id: Int64) async throws {
        _ = try await storage.write { session in
            try session.execute("UPDATE campaigns SET status = 'failed' WHERE id = ? AND status = 'preparing'", .integer(id))
        }
    }

    func campaign(_ id: Int64) async throws -> Campaign? {
        try await storage.read { session in
            guard let row = try session.row("SELECT * FROM campaigns WHERE id = ?", .integer(id)) else { return nil }
            let reviewers = try session.rows("SELECT reviewer FROM campaign_reviewers WHERE campaign_id = ? ORDER BY reviewer",
                                             .integer(id)).compactMap { $0["reviewer"].string }
            return try Campaign(row: row, reviewers: reviewers)
        }
    }

    func list(project: String) async throws -> [Campaign] {
        try await storage.read { session in
            try session.rows("SELECT * FROM campaigns WHERE project = ? ORDER BY created_at DESC, id DESC", .text(project)).map { row in
                let id = try row.int64("id")
                let reviewers = try session.rows("SELECT reviewer FROM campaign_reviewers WHERE campaign_id = ? ORDER BY reviewer",
                                                 .integer(id)).compactMap { $0["reviewer"].string }
                return try Campaign(row: row, reviewers: reviewers)
            }
        }
    }

    /// Per reviewer: how many items they have and how many they decided.
    func progress(_ id: Int64) async throws -> [(reviewer: String, total: Int, decided: Int)] {
        try await storage.read { session in
            try session.rows("""
                SELECT reviewer, COUNT(*) AS total, COUNT(decision) AS decided FROM campaign_items
                WHERE campaign_id = ? GROUP BY reviewer ORDER BY reviewer
                """, .integer(id)).map { (try $0.string("reviewer"), try $0.int("total"), try $0.int("decided")) }
        }
    }

    /// Items of a campaign in order, optionally one reviewer's, optionally only undecided ones.
    func items(_ id: Int64, reviewer: String? = nil, undecidedOnly: Bool = false, revokeOnly: Bool = false,
               limit: Int = 1_000_000, offset: Int = 0) async throws -> (items: [CampaignItem], total: Int) {
        try await storage.read { session in
            var filter = "i.campaign_id = ?"
            var arguments: [SQLValue] = [.integer(id)]
            if let reviewer {
                filter += " AND i.reviewer = ?"
                arguments.append(.text(reviewer))
            }
            if undecidedOnly { filter += " AND i.decision IS NULL" }
            if revokeOnly { filter += " AND i.decision = 'revoke'" }
            let total = try session.rows("SELECT COUNT(*) AS n FROM campaign_items i WHERE \(filter)", arguments).first?["n"].int ?? 0
            let items = try session.rows("""
                SELECT \(Self.itemColumns) FROM campaign_items i JOIN snapshot_scopes s ON s.id = i.scope_id
                WHERE \(filter) ORDER BY i.position LIMIT ? OFFSET ?
                """, arguments + [.integer(Int64(limit)), .integer(Int64(offset))]).map(CampaignItem.init(row:))
            return (items, total)
        }
    }

    func item(_ itemID: Int64, campaign id: Int64) async throws -> CampaignItem? {
        try await storage.read { session in
            try session.row("""
                SELECT \(Self.itemColumns) FROM campaign_items i JOIN snapshot_scopes s ON s.id = i.scope_id
                WHERE i.id = ? AND i.campaign_id = ?
                """, .integer(itemID), .integer(id)).map(CampaignItem.init(row:))
        }
    }

    /// Records a decision if the item is still at `version` and its campaign
    /// open; false when someone decided it meanwhile (or the campaign closed).
    func decide(_ itemID: Int64, campaign id: Int64, version: Int, decision: CampaignItem.Decision,
                comment: String, by actor: String) async throws -> Bool {
        let now = clock.now
        return try await storage.write { session in
            try session.execute("""
                UPDATE campaign_items SET decision = ?, comment = ?, decided_by = ?, decided_at = ?, version = version + 1
                WHERE id = ? AND campaign_id = ? AND version = ?
                AND EXISTS (SELECT 1 FROM campaigns c WHERE c.id = campaign_items.campaign_id AND c.status = 'open')
                """, .text(decision.rawValue), .text(comment), .text(actor), SQLValue(now),
                .integer(itemID), .integer(id), .integer(Int64(version))) == 1
        }
    }

    /// Claims an item's revocation for one apply run; false when it is not
    /// to be revoked, already applied, or another run holds it.
    func claimRevocation(_ itemID: Int64) async throws -> Bool {
        try await storage.write { session in
            try session.execute("""
                UPDATE campaign_items SET revocation = 'applying'
                WHERE id = ? AND decision = 'revoke' AND (revocation IS NULL OR revocation = 'failed')
                """, .integer(itemID)) == 1
        }
    }

    /// Records which operation item applies a claimed revocation.
    func attach(_ itemID: Int64, operation: String, position: Int) async throws {
        _ = try await storage.write { session in
            try session.execute("UPDATE campaign_items SET operation_id = ?, operation_position = ? WHERE id = ? AND revocation = 'applying'",
                                .text(operation), .integer(Int64(position)), .integer(itemID))
        }
    }

    func recordRevocation(_ itemID: Int64, _ outcome: CampaignItem.Revocation, detail: String?, by actor: String) async throws {
        let now = clock.now
        _ = try await storage.write { session in
            try session.execute("""
                UPDATE campaign_items SET revocation = ?, revocation_detail = ?, revoked_by = ?, revoked_at = ?
                WHERE id = ? AND revocation = 'applying'
                """, .text(outcome.rawValue), SQLValue(detail), .text(actor), SQLValue(now), .integer(itemID))
        }
    }

    /// Closes an open campaign; false when it was not open.
    func close(_ id: Int64, by actor: String) async throws -> Bool {
        let now = clock.now
        return try await storage.write { session in
            try session.execute("UPDATE campaigns SET status = 'closed', closed_by = ?, closed_at = ? WHERE id = ? AND status = 'open'",
                                .text(actor), SQLValue(now), .integer(id)) == 1
        }
    }
}

extension ConsoleServices {
    var campaignStore: CampaignStore { CampaignStore(storage: storage, clock: clock) }
}
