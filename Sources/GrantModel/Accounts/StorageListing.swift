/// What the embedded API's `GET /projects/{pid}/storage/list?path=` answers
/// (MeshAgent's API has no listing; GrantDesk's embedded one adds it):
/// `{path, entries: [{name, path, type: "file"|"folder", size, content_type, modified}]}`.
public struct StorageListing: AccountsPayload {
    /// The folder listed, without leading or trailing `/` (empty for the top).
    public var path: String
    /// Folders first, then files, each by name.
    public var entries: [StorageEntry]

    public init(path: String, entries: [StorageEntry]) {
        self.path = path
        self.entries = entries
    }

    public init(field: JSONField) throws(PayloadError) {
        _ = try field.object()
        path = try field["path"].string()
        entries = []
        for element in try field["entries"].array() { entries.append(try StorageEntry(field: element)) }
    }

    public var json: JSONValue { .object(["path": .string(path), "entries": .array(entries.map(\.json))]) }
}

/// One file or folder of a listing.
public struct StorageEntry: AccountsPayload {
    public var name: String
    /// The full path inside the project's storage.
    public var path: String
    public var isFolder: Bool
    /// Bytes (files only).
    public var size: Int?
    /// The content type recorded at upload (files only).
    public var contentType: String?
    /// Last change, seconds since 1970 (files only).
    public var modified: Double?

    public init(name: String, path: String, isFolder: Bool, size: Int? = nil, contentType: String? = nil, modified: Double? = nil) {
        self.name = name
        self.path = path
        self.isFolder = isFolder
        self.size = size
        self.contentType = contentType
        self.modified = modified
    }

    public init(field: JSONField) throws(PayloadError) {
        _ = try field.object()
        name = try field["name"].string()
        path = try field["path"].string()
        switch try field["type"].string() {
        case "file": isFolder = false
        case "folder": isFolder = true
        default: throw field["type"].error("expected \"file\" or \"folder\"")
        }
        size = try field["size"].optionalInt()
        contentType = try field["content_type"].optionalString()
        if field["modified"].isAbsentOrNull {
            modified = nil
        } else if case .number(let text)? = field["modified"].value, let number = Double(text) {
            modified = number
        } else {
            throw field["modified"].error("expected a number")
        }
    }

    public var json: JSONValue {
        var object: JSONObject = ["name": .string(name), "path": .string(path), "type": .string(isFolder ? "folder" : "file")]
        if let size { object["size"] = .integer(size) }
        if let contentType { object["content_type"] = .string(contentType) }
        if let modified { object["modified"] = .number(String(Int64(modified))) }
        return .object(object)
    }
}
