/// Body of `POST …/rooms`: `{name, if_not_exists, metadata?, annotations?, permissions?}`.
public struct CreateRoomRequest: AccountsPayload {
    public var name: String
    /// When true, an existing room of that name is returned instead of a 409.
    public var ifNotExists: Bool
    public var metadata: JSONObject?
    public var annotations: [RoomAnnotation]?
    /// Initial grants: user id → ApiScope object, in order.
    public var permissions: [(userID: String, scope: JSONValue)]

    public init(
        name: String, ifNotExists: Bool = false, metadata: JSONObject? = nil,
        annotations: [RoomAnnotation]? = nil, permissions: [(userID: String, scope: JSONValue)] = []
    ) {
        self.name = name
        self.ifNotExists = ifNotExists
        self.metadata = metadata
        self.annotations = annotations
        self.permissions = permissions
    }

    public init(field: JSONField) throws(PayloadError) {
        _ = try field.object()
        name = try field["name"].string()
        ifNotExists = try field["if_not_exists"].optionalBool() ?? false
        metadata = field["metadata"].isAbsentOrNull ? nil : try field["metadata"].object()
        annotations = field["annotations"].isAbsentOrNull ? nil : try RoomAnnotation.list(from: field["annotations"])
        permissions = []
        if !field["permissions"].isAbsentOrNull {
            for (userID, scope) in try field["permissions"].members() {
                permissions.append((userID, try RoomGrant.permissions(from: scope)))
            }
        }
    }

    public var json: JSONValue {
        var object: JSONObject = ["name": .string(name), "if_not_exists": .bool(ifNotExists)]
        if let metadata { object["metadata"] = .object(metadata) }
        if let annotations { object["annotations"] = RoomAnnotation.json(annotations) }
        if !permissions.isEmpty {
            var scopes = JSONObject()
            for entry in permissions { scopes[entry.userID] = entry.scope }
            object["permissions"] = .object(scopes)
        }
        return .object(object)
    }

    public static func == (lhs: CreateRoomRequest, rhs: CreateRoomRequest) -> Bool {
        lhs.json == rhs.json
    }

    public func hash(into hasher: inout Hasher) { hasher.combine(json) }
}

/// Body of `PUT …/rooms/{room_id}`: `{name, metadata?, annotations?}`.
/// A different `name` renames the room; absent metadata/annotations stay as they are.
public struct UpdateRoomRequest: AccountsPayload {
    public var name: String
    public var metadata: JSONObject?
    public var annotations: [RoomAnnotation]?

    public init(name: String, metadata: JSONObject? = nil, annotations: [RoomAnnotation]? = nil) {
        self.name = name
        self.metadata = metadata
        self.annotations = annotations
    }

    public init(field: JSONField) throws(PayloadError) {
        _ = try field.object()
        name = try field["name"].string()
        metadata = field["metadata"].isAbsentOrNull ? nil : try field["metadata"].object()
        annotations = field["annotations"].isAbsentOrNull ? nil : try RoomAnnotation.list(from: field["annotations"])
    }

    public var json: JSONValue {
        var object: JSONObject = ["name": .string(name)]
        if let metadata { object["metadata"] = .object(metadata) }
        if let annotations { object["annotations"] = RoomAnnotation.json(annotations) }
        return .object(object)
    }
}
