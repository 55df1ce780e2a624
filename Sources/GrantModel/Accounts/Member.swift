/// The four per-member flags of a project; nil means "not stated".
public struct MemberFlags: Sendable, Hashable {
    public var isAdmin: Bool?
    public var isDeveloper: Bool?
    public var canCreateRooms: Bool?
    public var canUseLLMProxy: Bool?

    public init(isAdmin: Bool? = nil, isDeveloper: Bool? = nil, canCreateRooms: Bool? = nil, canUseLLMProxy: Bool? = nil) {
        self.isAdmin = isAdmin
        self.isDeveloper = isDeveloper
        self.canCreateRooms = canCreateRooms
        self.canUseLLMProxy = canUseLLMProxy
    }

    /// Reads the four optional flags from an object.
    public init(field: JSONField) throws(PayloadError) {
        isAdmin = try field["is_admin"].optionalBool()
        isDeveloper = try field["is_developer"].optionalBool()
        canCreateRooms = try field["can_create_rooms"].optionalBool()
        canUseLLMProxy = try field["can_use_llm_proxy"].optionalBool()
    }

    /// Writes the stated flags into `object`.
    public func write(into object: inout JSONObject, includingUnstated: Bool = false) {
        let pairs: [(String, Bool?)] = [
            ("is_admin", isAdmin), ("is_developer", isDeveloper),
            ("can_create_rooms", canCreateRooms), ("can_use_llm_proxy", canUseLLMProxy),
        ]
        for (key, flag) in pairs where flag != nil || includingUnstated {
            object[key] = .nullable(flag)
        }
    }
}

/// A project member: `{id, email, first_name?, last_name?, is_admin?, ...}`.
/// A real deployment guarantees only `id` and `email`.
public struct Member: AccountsPayload {
    public var id: String
    public var email: String
    public var firstName: String?
    public var lastName: String?
    public var flags: MemberFlags

    public init(id: String, email: String, firstName: String? = nil, lastName: String? = nil, flags: MemberFlags = MemberFlags()) {
        self.id = id
        self.email = email
        self.firstName = firstName
        self.lastName = lastName
        self.flags = flags
    }

    public init(field: JSONField) throws(PayloadError) {
        _ = try field.object()
        id = try field["id"].string()
        email = try field["email"].string()
        firstName = try field["first_name"].optionalString()
        lastName = try field["last_name"].optionalString()
        flags = try MemberFlags(field: field)
    }

    public var json: JSONValue {
        var object: JSONObject = [
            "id": .string(id), "email": .string(email),
            "first_name": .nullable(firstName), "last_name": .nullable(lastName),
        ]
        flags.write(into: &object)
        return .object(object)
    }
}

/// A page of members: `{users: [...], total}`.
public struct MemberList: AccountsPayload {
    public var members: [Member]
    public var total: Int

    public init(members: [Member], total: Int) {
        self.members = members
        self.total = total
    }

    public init(field: JSONField) throws(PayloadError) {
        _ = try field.object()
        members = []
        for element in try field["users"].array() { members.append(try Member(field: element)) }
        total = try field["total"].int()
    }

    public var json: JSONValue { .object(["users": .array(members.map(\.json)), "total": .integer(total)]) }
}
