/// What a scope is, in one word: a preset it equals in meaning, or custom.
public enum ScopeLabel: Sendable, Hashable, CustomStringConvertible {
    /// Equal in meaning to a preset.
    case preset(ScopePreset)
    /// Anything else (including any scope with unrecognised settings).
    case custom

    /// `agent_default`, `agent_default_tunnels`, `user_default`, `full` or `custom`.
    public var description: String {
        switch self {
        case .preset(let preset): preset.rawValue
        case .custom: "custom"
        }
    }

    /// "agent default", ..., or "custom".
    public var title: String {
        switch self {
        case .preset(let preset): preset.title
        case .custom: "custom"
        }
    }
}

extension ApiScope {
    /// The preset this scope equals in meaning, or `.custom`.
    public var label: ScopeLabel {
        let meaning = normalized
        for preset in ScopePreset.allCases where preset.scope.normalized == meaning {
            return .preset(preset)
        }
        return .custom
    }

    /// Whether two scopes mean the same. Sound, not complete: true means
    /// every check answers alike; two differently written scopes that happen
    /// to behave alike (say, sync paths `[{"path": "*"}]` and absent) may
    /// still compare unequal. Unrecognised settings count.
    public func isEquivalent(to other: ApiScope) -> Bool {
        normalized == other.normalized
    }

    /// Defaults made explicit, `tunnels.ports: []` as absent, and lists whose
    /// order does not matter sorted and de-duplicated (sync and storage paths
    /// keep their order: the first match decides).
    var normalized: ApiScope {
        var scope = self
        if var grant = scope.livekit { grant.breakoutRooms = grant.breakoutRooms.map(Self.set); scope.livekit = grant }
        if var grant = scope.queues {
            grant.send = grant.send.map(Self.set)
            grant.receive = grant.receive.map(Self.set)
            grant.list = grant.list ?? true
            scope.queues = grant
        }
        if var grant = scope.messaging {
            grant.broadcast = grant.broadcast ?? true
            grant.list = grant.list ?? true
            grant.send = grant.send ?? true
            scope.messaging = grant
        }
        if var grant = scope.dataset {
            grant.listTables = grant.listTables ?? true
            grant.tables = grant.tables.map { tables in
                Self.sortedUnique(tables.map { table in
                    var table = table
                    table.read = table.read ?? true
                    table.write = table.write ?? false
                    table.alter = table.alter ?? false
                    return table
                })
            }
            scope.dataset = grant
        }
        if var grant = scope.memory {
            grant.list = grant.list ?? true
            grant.memories = grant.memories.map { memories in
                Self.sortedUnique(memories.map { memory in
                    var memory = memory
                    var permissions = memory.permissions ?? MemoryPermissions()
                    for permission in MemoryPermission.allCases { permissions[permission] = memory.allows(permission) }
                    memory.permissions = permissions
                    return memory
                })
            }
            scope.memory = grant
        }
        scope.normalizeServices()
        return scope
    }

    private mutating func normalizeServices() {
        if var grant = containers {
            grant.logs = grant.logs ?? true
            grant.useContainers = grant.useContainers ?? true
            grant.pull = grant.pull.map(Self.set)
            grant.run = grant.run.map(Self.set)
            if var registry = grant.registry {
                registry.list = registry.list.map(Self.set)
                registry.pull = registry.pull.map(Self.set)
                registry.run = registry.run.map(Self.set)
                registry.write = registry.write.map(Self.set)
                grant.registry = registry
            }
            containers = grant
        }
        if var grant = developer { grant.logs = grant.logs ?? true; developer = grant }
        if var grant = agents {
            grant.registerAgent = grant.registerAgent ?? true
            grant.registerPublicToolkit = grant.registerPublicToolkit ?? true
            grant.registerPrivateToolkit = grant.registerPrivateToolkit ?? true
            grant.call = grant.call ?? true
            grant.useAgents = grant.useAgents ?? true
            grant.useTools = grant.useTools ?? true
            grant.allowedToolkits = grant.allowedToolkits.map(Self.set)
            agents = grant
        }
        if var grant = llm { grant.models = grant.models.map(Self.set); llm = grant }
        if var grant = admin { grant.config = grant.config ?? true; admin = grant }
        if var grant = secrets { grant.requestOauthToken = grant.requestOauthToken.map(Self.sortedUnique); secrets = grant }
        if var grant = tunnels {
            grant.ports = grant.allowsEveryPort ? nil : grant.ports.map(Self.set)
            tunnels = grant
        }
        if var grant = services { grant.list = grant.list ?? true; services = grant }
    }

    /// Sorted by code points, duplicates removed (code point equality).
    private static func set(_ values: [String]) -> [String] {
        var seen: [[UInt32]: String] = [:]
        for value in values { seen[value.unicodeScalars.map(\.value)] = value }
        return seen.keys.sorted { $0.lexicographicallyPrecedes($1) }.compactMap { seen[$0] }
    }

    /// Entries sorted by their JSON text, duplicates removed.
    private static func sortedUnique<T: ScopeObject>(_ values: [T]) -> [T] {
        var seen: [String: T] = [:]
        for value in values { seen[JSONValue.object(value.jsonObject).serialized()] = value }
        return seen.keys.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }.compactMap { seen[$0] }
    }
}
