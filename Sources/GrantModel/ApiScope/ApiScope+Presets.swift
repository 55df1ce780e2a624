/// The scopes MeshAgent's SDK hands out by default.
public enum ScopePreset: String, Sendable, Hashable, CaseIterable {
    /// `agent_default`: every section but admin and tunnels.
    case agentDefault = "agent_default"
    /// `agent_default(tunnels: true)`: as agent_default plus tunnels (all ports).
    case agentDefaultTunnels = "agent_default_tunnels"
    /// `user_default`: as agent_default without llm.
    case userDefault = "user_default"
    /// `full`: every section.
    case full

    /// The preset's scope.
    public var scope: ApiScope {
        switch self {
        case .agentDefault: .agentDefault()
        case .agentDefaultTunnels: .agentDefault(tunnels: true)
        case .userDefault: .userDefault
        case .full: .full
        }
    }

    /// A short human name ("agent default with tunnels").
    public var title: String {
        switch self {
        case .agentDefault: "agent default"
        case .agentDefaultTunnels: "agent default with tunnels"
        case .userDefault: "user default"
        case .full: "full access"
        }
    }
}

extension ApiScope {
    /// Every section present with its defaults except admin and tunnels;
    /// `tunnels: true` adds tunnels with no ports (all ports).
    public static func agentDefault(tunnels: Bool = false) -> ApiScope {
        var scope = ApiScope.userDefault
        scope.llm = LLMGrant()
        if tunnels { scope.tunnels = TunnelsGrant() }
        return scope
    }

    /// As ``agentDefault(tunnels:)`` without llm (and without tunnels).
    ///
    /// Flags are written out with their default values, exactly as MeshAgent's
    /// SDK serialises its presets (`conformance/presets.json`).
    public static var userDefault: ApiScope {
        var scope = ApiScope()
        scope.livekit = LivekitGrant()
        scope.queues = QueuesGrant(list: true)
        scope.messaging = MessagingGrant(broadcast: true, list: true, send: true)
        scope.dataset = DatasetGrant(listTables: true)
        scope.memory = MemoryGrant(list: true)
        scope.sync = SyncGrant()
        scope.storage = StorageGrant()
        scope.containers = ContainersGrant(logs: true, useContainers: true)
        scope.developer = DeveloperGrant(logs: true)
        scope.agents = AgentsGrant(
            registerAgent: true, registerPublicToolkit: true, registerPrivateToolkit: true,
            call: true, useAgents: true, useTools: true)
        scope.secrets = SecretsGrant()
        scope.services = ServicesGrant(list: true)
        return scope
    }

    /// Every section, including admin and tunnels (all ports).
    public static var full: ApiScope {
        var scope = ApiScope.agentDefault(tunnels: true)
        scope.admin = AdminGrant(config: true)
        return scope
    }
}
