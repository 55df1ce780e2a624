/// `developer`: developer logs.
public struct DeveloperGrant: Sendable, Hashable {
    /// May read developer logs; nil = the default, true.
    public var logs: Bool?
    /// Unrecognised members, kept for the round trip.
    public var unknown = UnknownMembers()

    /// A section with the given field (nil = absent).
    public init(logs: Bool? = nil) { self.logs = logs }
}

extension DeveloperGrant: ScopeObject {
    init() { self.init(logs: nil) }
    static let fields: [ScopeField<Self>] = { [.flag("logs", \.logs, default: true)] }()
}

/// `llm`: which language models may be used.
public struct LLMGrant: Sendable, Hashable {
    /// `provider/model` patterns; nil = any model of any provider.
    public var models: [String]?
    /// Unrecognised members, kept for the round trip.
    public var unknown = UnknownMembers()

    /// A section with the given field (nil = absent).
    public init(models: [String]? = nil) { self.models = models }
}

extension LLMGrant: ScopeObject {
    init() { self.init(models: nil) }
    static let fields: [ScopeField<Self>] = { [.strings("models", \.models, role: .pattern)] }()
}

/// `admin`: room administration.
public struct AdminGrant: Sendable, Hashable {
    /// May change room configuration; nil = the default, true.
    public var config: Bool?
    /// Unrecognised members, kept for the round trip.
    public var unknown = UnknownMembers()

    /// A section with the given field (nil = absent).
    public init(config: Bool? = nil) { self.config = config }
}

extension AdminGrant: ScopeObject {
    init() { self.init(config: nil) }
    static let fields: [ScopeField<Self>] = { [.flag("config", \.config, default: true)] }()
}

/// `tunnels`: forwarding ports into the room.
public struct TunnelsGrant: Sendable, Hashable {
    /// Ports (decimal strings) that may be forwarded; nil or empty = every port.
    public var ports: [String]?
    /// Unrecognised members, kept for the round trip.
    public var unknown = UnknownMembers()

    /// A section with the given field (nil = absent).
    public init(ports: [String]? = nil) { self.ports = ports }

    /// Whether every port may be forwarded (ports absent or empty).
    public var allowsEveryPort: Bool { ports?.isEmpty ?? true }
}

extension TunnelsGrant: ScopeObject {
    init() { self.init(ports: nil) }
    static let fields: [ScopeField<Self>] = { [.strings("ports", \.ports, role: .port)] }()
}

/// `services`: listing the room's services.
public struct ServicesGrant: Sendable, Hashable {
    /// May list services; nil = the default, true.
    public var list: Bool?
    /// Unrecognised members, kept for the round trip.
    public var unknown = UnknownMembers()

    /// A section with the given field (nil = absent).
    public init(list: Bool? = nil) { self.list = list }
}

extension ServicesGrant: ScopeObject {
    init() { self.init(list: nil) }
    static let fields: [ScopeField<Self>] = { [.flag("list", \.list, default: true)] }()
}
