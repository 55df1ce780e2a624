/// `containers`: logs, running containers, image pulls and the registry.
public struct ContainersGrant: Sendable, Hashable {
    /// May read container logs; nil = the default, true.
    public var logs: Bool?
    /// Image tag patterns that may be pulled; nil = any.
    public var pull: [String]?
    /// Image tag patterns that may be run; nil = any.
    public var run: [String]?
    /// Registry repository rules; nil = no registry restriction.
    public var registry: ContainerRegistryGrant?
    /// May use containers at all; nil = the default, true.
    public var useContainers: Bool?
    /// Unrecognised members, kept for the round trip.
    public var unknown = UnknownMembers()

    /// A section with the given fields (nil = absent).
    public init(
        logs: Bool? = nil, pull: [String]? = nil, run: [String]? = nil,
        registry: ContainerRegistryGrant? = nil, useContainers: Bool? = nil
    ) {
        self.logs = logs
        self.pull = pull
        self.run = run
        self.registry = registry
        self.useContainers = useContainers
    }
}

extension ContainersGrant: ScopeObject {
    init() { self.init(logs: nil) }

    static let fields: [ScopeField<Self>] = {
        [
            .flag("logs", \.logs, default: true),
            .strings("pull", \.pull, role: .pattern),
            .strings("run", \.run, role: .pattern),
            .object("registry", \.registry),
            .flag("use_containers", \.useContainers, default: true),
        ]
    }()
}

/// `containers.registry`: repository patterns per registry action.
public struct ContainerRegistryGrant: Sendable, Hashable {
    /// Repositories that may be listed; nil = derived from the other lists.
    public var list: [String]?
    /// Repositories that may be pulled; nil = any.
    public var pull: [String]?
    /// Repositories that may be run; nil = any.
    public var run: [String]?
    /// Repositories that may be pushed to; nil = any.
    public var write: [String]?
    /// Unrecognised members, kept for the round trip.
    public var unknown = UnknownMembers()

    /// Registry rules with the given lists (nil = absent).
    public init(list: [String]? = nil, pull: [String]? = nil, run: [String]? = nil, write: [String]? = nil) {
        self.list = list
        self.pull = pull
        self.run = run
        self.write = write
    }
}

extension ContainerRegistryGrant: ScopeObject {
    init() { self.init(list: nil) }

    static let fields: [ScopeField<Self>] = {
        [
            .strings("list", \.list, role: .pattern),
            .strings("pull", \.pull, role: .pattern),
            .strings("run", \.run, role: .pattern),
            .strings("write", \.write, role: .pattern),
        ]
    }()
}
