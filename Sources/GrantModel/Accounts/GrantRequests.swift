/// Body of `POST …/room-grants`: grant a room to a user by id, or invite by email.
///
/// Encoded as the reference client sends it, with the unused alternative as
/// an explicit `null`: `{room_id, user_id, permissions, email, invite_redirect_url}`.
public struct CreateGrantRequest: AccountsPayload {
    /// Who receives the grant.
    public enum Grantee: Sendable, Hashable {
        case user(id: String)
        /// Invite by email; MeshAgent creates the user if needed.
        case email(String, inviteRedirectURL: String?)
    }

    /// The room's id (servers also accept its name).
    public var roomID: String
    public var grantee: Grantee
    /// An ApiScope object, passed through verbatim.
    public var permissions: JSONValue

    public init(roomID: String, grantee: Grantee, permissions: JSONValue) {
        self.roomID = roomID
        self.grantee = grantee
        self.permissions = permissions
    }

    public init(field: JSONField) throws(PayloadError) {
        _ = try field.object()
        roomID = try field["room_id"].string()
        permissions = try RoomGrant.permissions(from: field["permissions"])
        if let userID = try field["user_id"].optionalString() {
            grantee = .user(id: userID)
        } else if let email = try field["email"].optionalString() {
            grantee = .email(email, inviteRedirectURL: try field["invite_redirect_url"].optionalString())
        } else {
            throw field["user_id"].error("either user_id or email is required")
        }
    }

    public var json: JSONValue {
        switch grantee {
        case .user(let id):
            .object([
                "room_id": .string(roomID), "user_id": .string(id), "permissions": permissions,
                "email": .null, "invite_redirect_url": .null,
            ])
        case .email(let email, let redirect):
            .object([
                "room_id": .string(roomID), "email": .string(email), "permissions": permissions,
                "user_id": .null, "invite_redirect_url": .nullable(redirect),
            ])
        }
    }
}

/// Body of `PUT …/room-grants/{grant_id}`: `{room_id, user_id, permissions}`.
/// The body's (room, user) identifies the grant; the path id is ignored.
public struct UpdateGrantRequest: AccountsPayload {
    public var roomID: String
    public var userID: String
    public var permissions: JSONValue

    public init(roomID: String, userID: String, permissions: JSONValue) {
        self.roomID = roomID
        self.userID = userID
        self.permissions = permissions
    }

    public init(field: JSONField) throws(PayloadError) {
        _ = try field.object()
        roomID = try field["room_id"].string()
        userID = try field["user_id"].string()
        permissions = try RoomGrant.permissions(from: field["permissions"])
    }

    public var json: JSONValue {
        .object(["room_id": .string(roomID), "user_id": .string(userID), "permissions": permissions])
    }
}
