/// A MeshAgent room: `{id, name, metadata, annotations}`.
public struct Room: AccountsPayload {
    /// The room's stable id (opaque).
    public var id: String
    /// The room's name, unique in its project; may contain `/` and spaces.
    public var name: String
    /// Free-form JSON metadata, kept exactly as received.
    public var metadata: JSONObject
    /// String annotations, in the order received.
    public var annotations: [RoomAnnotation]

    public init(id: String, name: String, metadata: JSONObject = JSONObject(), annotations: [RoomAnnotation] = []) {
        self.id = id
        self.name = name
        self.metadata = metadata
        self.annotations = annotations
    }

    public init(field: JSONField) throws(PayloadError) {
        _ = try field.object()
        id = try field["id"].string()
        name = try field["name"].string()
        metadata = try field["metadata"].objectOrEmpty()
        annotations = try RoomAnnotation.list(from: field["annotations"])
    }

    public var json: JSONValue {
        .object([
            "id": .string(id),
            "name": .string(name),
            "metadata": .object(metadata),
            "annotations": RoomAnnotation.json(annotations),
        ])
    }
}

/// One `key: value` annotation of a room.
public struct RoomAnnotation: Sendable, Hashable {
    public var key: String
    public var value: String

    public init(key: String, value: String) {
        self.key = key
        self.value = value
    }

    /// Reads an annotations object (absent or `null` → none); every value must be a string.
    public static func list(from field: JSONField) throws(PayloadError) -> [RoomAnnotation] {
        if field.isAbsentOrNull { return [] }
        var result: [RoomAnnotation] = []
        for (key, member) in try field.members() {
            result.append(RoomAnnotation(key: key, value: try member.string()))
        }
        return result
    }

    /// The annotations as a JSON object.
    public static func json(_ annotations: [RoomAnnotation]) -> JSONValue {
        var object = JSONObject()
        for annotation in annotations { object[annotation.key] = .string(annotation.value) }
        return .object(object)
    }
}
