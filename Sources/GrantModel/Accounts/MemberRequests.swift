/// Body of `POST …/users`: `{project_id, user_id, is_admin?, is_developer?, can_create_rooms?, can_use_llm_proxy?}`.
public struct AddMemberRequest: AccountsPayload {
    public var projectID: String
    public var userID: String
    public var flags: MemberFlags

    public init(projectID: String, userID: String, flags: MemberFlags = MemberFlags()) {
        self.projectID = projectID
        self.userID = userID
        self.flags = flags
    }

    public init(field: JSONField) throws(PayloadError) {
        _ = try field.object()
        projectID = try field["project_id"].optionalString() ?? ""
        userID = try field["user_id"].string()
        flags = try MemberFlags(field: field)
    }

    public var json: JSONValue {
        var object: JSONObject = ["project_id": .string(projectID), "user_id": .string(userID)]
        flags.write(into: &object)
        return .object(object)
    }
}

/// Body of `PUT …/users/{user_id}`: all four flags (unstated ones sent as `null`).
public struct UpdateMemberRequest: AccountsPayload {
    public var flags: MemberFlags

    public init(flags: MemberFlags) { self.flags = flags }

    public init(field: JSONField) throws(PayloadError) {
        _ = try field.object()
        flags = try MemberFlags(field: field)
    }

    public var json: JSONValue {
        var object = JSONObject()
        flags.write(into: &object, includingUnstated: true)
        return .object(object)
    }
}
