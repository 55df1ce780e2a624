/// `memory`: memories and what may be done with them.
public struct MemoryGrant: Sendable, Hashable {
    /// May list memories; nil = the default, true.
    public var list: Bool?
    /// Grants per memory; nil = every memory with every permission.
    public var memories: [MemoryEntryGrant]?
    /// Unrecognised members, kept for the round trip.
    public var unknown = UnknownMembers()

    /// A section with the given fields (nil = absent).
    public init(list: Bool? = nil, memories: [MemoryEntryGrant]? = nil) {
        self.list = list
        self.memories = memories
    }
}

extension MemoryGrant: ScopeObject {
    init() { self.init(list: nil) }

    static let fields: [ScopeField<Self>] = {
        [
            .flag("list", \.list, default: true),
            .objects("memories", \.memories),
        ]
    }()
}

/// One entry of `memory.memories`.
public struct MemoryEntryGrant: Sendable, Hashable {
    /// The memory's name (required).
    public var name: String
    /// The namespace it applies to; nil = every namespace.
    public var namespace: [String]?
    /// What may be done; nil = everything.
    public var permissions: MemoryPermissions?
    /// Unrecognised members, kept for the round trip.
    public var unknown = UnknownMembers()

    /// A memory grant with the given fields (nil = absent).
    public init(name: String, namespace: [String]? = nil, permissions: MemoryPermissions? = nil) {
        self.name = name
        self.namespace = namespace
        self.permissions = permissions
    }

    /// Whether this entry allows `permission` (absent flags are true).
    public func allows(_ permission: MemoryPermission) -> Bool {
        permissions?[permission] ?? true
    }
}

extension MemoryEntryGrant: ScopeListEntry {
    init() { self.init(name: "") }

    static let fields: [ScopeField<Self>] = {
        [
            .requiredString("name", \.name, role: .exact),
            .strings("namespace", \.namespace, role: .exact),
            permissionsField,
        ]
    }()

    /// MeshAgent's model gives `permissions` a default object (every flag
    /// true), so a participant token leaves it out when it equals that, as it
    /// leaves out an absent one.
    private static var permissionsField: ScopeField<Self> {
        var field = ScopeField<Self>.object("permissions", \.permissions)
        field.encodeForToken = { entry in
            guard let permissions = entry.permissions?.tokenObject(), !permissions.isEmpty else { return nil }
            return .object(permissions)
        }
        return field
    }

    var identity: [String?] { [name] + (namespace.map { $0.map(Optional.some) } ?? [nil]) }
    static var entryNoun: String { "memory grant (same name and namespace)" }
}
