import Foundation
import GrantModel

/// An access review campaign: which grants (a snapshot of its scope), who
/// reviews them, by when, and whether it is still open.
struct Campaign: Sendable {
    enum Status: String, Sendable {
        /// Its snapshot is being taken; items appear when it is done.
        case preparing
        case open
        case closed
        /// Its snapshot failed; nothing to review.
        case failed
    }

    /// What the campaign covers.
    enum ScopeKind: String, Sendable, CaseIterable {
        case project, rooms, users, risky

        var label: String {
            switch self {
            case .project: "the whole project"
            case .rooms: "chosen rooms"
            case .users: "chosen users"
            case .risky: "only risky grants"
            }
        }
    }

    var id: Int64
    var project: String
    var name: String
    var scopeKind: ScopeKind
    var scopeValues: [String]
    var snapshotID: Int64
    var createdBy: String
    var createdAt: Date
    var dueAt: Date
    var status: Status
    var closedBy: String?
    var closedAt: Date?
    var reviewers: [String]

    init(row: SQLRow, reviewers: [String]) throws {
        id = try row.int64("id")
        project = try row.string("project")
        name = try row.string("name")
        scopeKind = ScopeKind(rawValue: try row.string("scope_kind")) ?? .project
        let values = (try? JSONValue(parsing: try row.string("scope_values")))?.arrayValue ?? []
        scopeValues = values.compactMap(\.stringValue)
        snapshotID = try row.int64("snapshot_id")
        createdBy = try row.string("created_by")
        createdAt = try row.date("created_at")
        dueAt = try row.date("due_at")
        status = Status(rawValue: try row.string("status")) ?? .failed
        closedBy = row["closed_by"].string
        closedAt = row["closed_at"].date
        self.reviewers = reviewers
    }

    /// "chosen rooms: lobby, ops" — the scope in words.
    var scopeText: String {
        scopeValues.isEmpty ? scopeKind.label : "\(scopeKind.label): \(scopeValues.joined(separator: ", "))"
    }
}

/// One grant under review, with its decision and revocation state.
struct CampaignItem: Sendable {
    enum Decision: String, Sendable {
        case keep, revoke
    }

    enum Revocation: String, Sendable {
        /// Handed to an operation (`operationID`) that has not ended yet.
        case applying
        case applied
        /// The grant was already gone when the revocation was applied.
        case gone
        /// Not revoked: the grant changed upstream since the snapshot the reviewer saw.
        case skipped
        case failed
    }

    var id: Int64
    var campaignID: Int64
    var position: Int
    var reviewer: String
    var roomID: String
    var roomName: String
    var userID: String
    var permissions: JSONValue
    var scopeHash: String
    var version: Int
    var decision: Decision?
    var comment: String?
    var decidedBy: String?
    var decidedAt: Date?
    var revocation: Revocation?
    var revocationDetail: String?
    var revokedBy: String?
    var revokedAt: Date?
    /// The operation that applies (or applied) the revocation, and the item's place in it.
    var operationID: String?
    var operationPosition: Int?

    init(row: SQLRow) throws {
        id = try row.int64("id")
        campaignID = try row.int64("campaign_id")
        position = try row.int("position")
        reviewer = try row.string("reviewer")
        roomID = try row.string("room_id")
        roomName = try row.string("room_name")
        userID = try row.string("user_id")
        permissions = (try? JSONValue(parsing: try row.string("json"))) ?? .object(JSONObject())
        scopeHash = try row.string("hash")
        version = try row.int("version")
        decision = row["decision"].string.flatMap(Decision.init(rawValue:))
        comment = row["comment"].string
        decidedBy = row["decided_by"].string
        decidedAt = row["decided_at"].date
        revocation = row["revocation"].string.flatMap(Revocation.init(rawValue:))
        revocationDetail = row["revocation_detail"].string
        revokedBy = row["revoked_by"].string
        revokedAt = row["revoked_at"].date
        operationID = row["operation_id"].string
        operationPosition = row["operation_position"].int
    }

    var key: GrantKey { GrantKey(roomID: roomID, userID: userID) }
    /// A revocation still to make: decided, and not applied (or failed before).
    var needsRevoking: Bool { decision == .revoke && (revocation == nil || revocation == .failed) }
}
