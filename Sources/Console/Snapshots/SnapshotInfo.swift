import Foundation
import GrantModel

/// One stored snapshot's header: when, by whom, why, and how far it got.
struct SnapshotInfo: Sendable, Hashable {
    enum Status: String, Sendable {
        /// Still reading the project's grants.
        case taking
        case complete
        /// Reading stopped; `failure` says why. The grants read so far are kept.
        case failed
    }

    var id: Int64
    var project: String
    var takenAt: Date
    var takenBy: String
    /// `manual`, `schedule` or `campaign`.
    var reason: String
    var status: Status
    var grantCount: Int
    /// How many grants the upstream said the project has (progress).
    var expectedCount: Int
    /// Bytes this snapshot added to the database: its rows plus the scopes it stored first.
    var storedBytes: Int
    var failure: String?
    var finishedAt: Date?

    init(row: SQLRow) throws {
        id = try row.int64("id")
        project = try row.string("project")
        takenAt = try row.date("taken_at")
        takenBy = try row.string("taken_by")
        reason = try row.string("reason")
        status = Status(rawValue: try row.string("status")) ?? .failed
        grantCount = try row.int("grant_count")
        expectedCount = try row.int("expected_count")
        storedBytes = try row.int("stored_bytes")
        failure = row["failure"].string
        finishedAt = row["finished_at"].date
    }
}

/// Identifies a grant across snapshots and the live project: the room's id
/// and the user's id (a room renamed between two snapshots is the same grant).
struct GrantKey: Sendable, Hashable, Comparable {
    var roomID: String
    var userID: String

    static func < (lhs: GrantKey, rhs: GrantKey) -> Bool {
        (lhs.roomID, lhs.userID) < (rhs.roomID, rhs.userID)
    }
}

/// A set of grants, from a snapshot or read live: each grant's room name and
/// scope, the scopes shared by their hash.
struct GrantSet: Sendable {
    struct Entry: Sendable, Hashable {
        var roomName: String
        /// The SHA-256 of the scope's JSON text: equal hashes, equal scopes.
        var scopeHash: String
    }

    var entries: [GrantKey: Entry] = [:]
    var scopes: [String: JSONValueBox] = [:]

    func permissions(_ entry: Entry) -> JSONValue { scopes[entry.scopeHash]?.value ?? .object(JSONObject()) }
}

/// A scope held once however many grants share it.
final class JSONValueBox: Sendable {
    let value: JSONValue
    init(_ value: JSONValue) { self.value = value }
}
