public import Foundation
import CryptoPrimitives
import GrantModel

/// When one grant given through GrantDesk expires, and the scope it was given with.
public struct GrantExpiry: Sendable, Hashable {
    public var project: String
    public var room: String
    public var roomID: String
    public var userID: String
    public var expiresAt: Date
    /// SHA-256 of the scope's canonical JSON: the sweeper revokes only a grant that still has it.
    public var scopeHash: String
    public var createdBy: String
    /// `active`, `claimed` (a sweeper is revoking it), `revoked`, or `kept` (not revoked; `outcome` says why).
    public var state: String
    public var outcome: String?

    /// The hash a scope is compared by.
    static func hash(_ scope: JSONValue) -> String { SHA256.hex(EditorCanonical.text(scope)) }

    init(row: SQLRow) throws {
        project = try row.string("project")
        room = try row.string("room")
        roomID = try row.string("room_id")
        userID = try row.string("user_id")
        expiresAt = try row.date("expires_at")
        scopeHash = try row.string("scope_hash")
        createdBy = try row.string("created_by")
        state = try row.string("state")
        outcome = row["outcome"].string
    }
}
