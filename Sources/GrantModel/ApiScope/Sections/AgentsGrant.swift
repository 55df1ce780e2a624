/// `agents`: registering and calling agents and toolkits.
public struct AgentsGrant: Sendable, Hashable {
    /// May register agents; nil = the default, true.
    public var registerAgent: Bool?
    /// May register public toolkits; nil = the default, true.
    public var registerPublicToolkit: Bool?
    /// May register private toolkits; nil = the default, true.
    public var registerPrivateToolkit: Bool?
    /// May call agents; nil = the default, true.
    public var call: Bool?
    /// May use agents; nil = the default, true.
    public var useAgents: Bool?
    /// May use tools; nil = the default, true.
    public var useTools: Bool?
    /// Toolkits that may be used; nil = any.
    public var allowedToolkits: [String]?
    /// Unrecognised members, kept for the round trip.
    public var unknown = UnknownMembers()

    /// A section with the given fields (nil = absent).
    public init(
        registerAgent: Bool? = nil, registerPublicToolkit: Bool? = nil, registerPrivateToolkit: Bool? = nil,
        call: Bool? = nil, useAgents: Bool? = nil, useTools: Bool? = nil, allowedToolkits: [String]? = nil
    ) {
        self.registerAgent = registerAgent
        self.registerPublicToolkit = registerPublicToolkit
        self.registerPrivateToolkit = registerPrivateToolkit
        self.call = call
        self.useAgents = useAgents
        self.useTools = useTools
        self.allowedToolkits = allowedToolkits
    }
}

extension AgentsGrant: ScopeObject {
    init() { self.init(registerAgent: nil) }

    static let fields: [ScopeField<Self>] = {
        [
            .flag("register_agent", \.registerAgent, default: true),
            .flag("register_public_toolkit", \.registerPublicToolkit, default: true),
            .flag("register_private_toolkit", \.registerPrivateToolkit, default: true),
            .flag("call", \.call, default: true),
            .flag("use_agents", \.useAgents, default: true),
            .flag("use_tools", \.useTools, default: true),
            .strings("allowed_toolkits", \.allowedToolkits, role: .exact),
        ]
    }()
}
