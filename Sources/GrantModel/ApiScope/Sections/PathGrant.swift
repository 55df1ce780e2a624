/// `sync`: synchronised documents, by path pattern (first match decides writes).
public struct SyncGrant: Sendable, Hashable {
    /// Path entries in order; nil = every path, writable.
    public var paths: [PathGrant]?
    /// Unrecognised members, kept for the round trip.
    public var unknown = UnknownMembers()

    /// A section with the given fields (nil = absent).
    public init(paths: [PathGrant]? = nil) {
        self.paths = paths
    }
}

/// `storage`: room storage, by path prefix (first match decides writes).
public struct StorageGrant: Sendable, Hashable {
    /// Path entries in order; nil = every path, writable.
    public var paths: [PathGrant]?
    /// Unrecognised members, kept for the round trip.
    public var unknown = UnknownMembers()

    /// A section with the given fields (nil = absent).
    public init(paths: [PathGrant]? = nil) {
        self.paths = paths
    }
}

/// One entry of `sync.paths` or `storage.paths`.
public struct PathGrant: Sendable, Hashable {
    /// The path (a `*` pattern for sync, a plain prefix for storage); required.
    public var path: String
    /// Read only; nil = the default, false.
    public var readOnly: Bool?
    /// Unrecognised members, kept for the round trip.
    public var unknown = UnknownMembers()

    /// A path entry with the given fields (nil = absent).
    public init(path: String, readOnly: Bool? = nil) {
        self.path = path
        self.readOnly = readOnly
    }

    /// Whether the entry allows writing.
    public var isWritable: Bool { !(readOnly ?? false) }
}

extension SyncGrant: ScopeObject {
    init() { self.init(paths: nil) }

    static let fields: [ScopeField<Self>] = {
        [.objects("paths", \.paths, fields: PathGrant.fields(role: .pattern))]
    }()
}

extension StorageGrant: ScopeObject {
    init() { self.init(paths: nil) }

    static let fields: [ScopeField<Self>] = {
        [.objects("paths", \.paths, fields: PathGrant.fields(role: .prefix))]
    }()
}

extension PathGrant: ScopeListEntry {
    init() { self.init(path: "") }

    static let fields: [ScopeField<Self>] = fields(role: .pattern)

    static func fields(role: ScopeStringRole) -> [ScopeField<Self>] {
        [
            .requiredString("path", \.path, role: role),
            .flag("read_only", \.readOnly, default: false),
        ]
    }

    var identity: String { path }
    static var entryNoun: String { "path" }
}
