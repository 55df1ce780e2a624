/// One thing that may be done with a memory.
public enum MemoryPermission: String, Sendable, Hashable, CaseIterable {
    /// The eight permissions, each true when absent.
    case create, drop, inspect, query, upsert, ingest, recall, optimize
}

/// `memory.memories[].permissions`: each flag absent means true.
public struct MemoryPermissions: Sendable, Hashable {
    /// The flags that are present.
    public var flags: [MemoryPermission: Bool]
    /// Unrecognised members, kept for the round trip.
    public var unknown = UnknownMembers()

    /// Permissions with the given flags present (others absent, meaning true).
    public init(_ flags: [MemoryPermission: Bool] = [:]) {
        self.flags = flags
    }

    /// The flag as stored (nil = absent, meaning true).
    public subscript(permission: MemoryPermission) -> Bool? {
        get { flags[permission] }
        set { flags[permission] = newValue }
    }
}

extension MemoryPermissions: ScopeObject {
    init() { self.init([:]) }

    static let fields: [ScopeField<Self>] = {
        MemoryPermission.allCases.map { permission in
            .flag(permission.rawValue, \.[permission], default: true)
        }
    }()
}
