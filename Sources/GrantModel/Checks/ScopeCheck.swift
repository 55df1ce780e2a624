/// Every access check of the spec, named as in the conformance vectors
/// (`queues.can_send`, `dataset.can_read`, `agents.call`, ...).
public enum ScopeCheck: String, Sendable, Hashable, CaseIterable {
    case livekitCanJoinBreakoutRoom = "livekit.can_join_breakout_room"
    case queuesCanSend = "queues.can_send"
    case queuesCanReceive = "queues.can_receive"
    case queuesList = "queues.list"
    case messagingBroadcast = "messaging.broadcast"
    case messagingList = "messaging.list"
    case messagingSend = "messaging.send"
    case datasetCanRead = "dataset.can_read"
    case datasetCanWrite = "dataset.can_write"
    case datasetCanAlter = "dataset.can_alter"
    case datasetCanAccess = "dataset.can_access"
    case datasetListTables = "dataset.list_tables"
    case memoryCanCreate = "memory.can_create"
    case memoryCanDrop = "memory.can_drop"
    case memoryCanInspect = "memory.can_inspect"
    case memoryCanQuery = "memory.can_query"
    case memoryCanUpsert = "memory.can_upsert"
    case memoryCanIngest = "memory.can_ingest"
    case memoryCanRecall = "memory.can_recall"
    case memoryCanOptimize = "memory.can_optimize"
    case memoryCanAccessExisting = "memory.can_access_existing"
    case memoryList = "memory.list"
    case syncCanRead = "sync.can_read"
    case syncCanWrite = "sync.can_write"
    case storageCanRead = "storage.can_read"
    case storageCanWrite = "storage.can_write"
    case containersCanPull = "containers.can_pull"
    case containersCanRun = "containers.can_run"
    case containersCanRegistryList = "containers.can_registry_list"
    case containersCanRegistryPull = "containers.can_registry_pull"
    case containersCanRegistryRun = "containers.can_registry_run"
    case containersCanRegistryWrite = "containers.can_registry_write"
    case containersLogs = "containers.logs"
    case containersUseContainers = "containers.use_containers"
    case developerLogs = "developer.logs"
    case agentsRegisterAgent = "agents.register_agent"
    case agentsRegisterPublicToolkit = "agents.register_public_toolkit"
    case agentsRegisterPrivateToolkit = "agents.register_private_toolkit"
    case agentsCall = "agents.call"
    case agentsUseAgents = "agents.use_agents"
    case agentsUseTools = "agents.use_tools"
    case llmCanUseProvider = "llm.can_use_provider"
    case llmCanUseModel = "llm.can_use_model"
    case adminConfig = "admin.config"
    case secretsCanRequestOAuthToken = "secrets.can_request_oauth_token"
    case tunnelsCanForward = "tunnels.can_forward"
    case servicesList = "services.list"

    /// Parses a vector name such as `queues.can_send`; nil if unknown.
    public init?(name: String) {
        self.init(rawValue: name)
    }

    /// The vector name, e.g. `queues.can_send`.
    public var name: String { rawValue }

    /// The section the check belongs to.
    public var section: ScopeSection {
        let key = rawValue.prefix { $0 != "." }
        // Every raw value starts with a section key.
        return ScopeSection(rawValue: String(key)) ?? .livekit
    }

    /// The arguments the check needs (`namespace` is optional and not listed).
    public var requiredArguments: [ScopeCheckArguments.Name] {
        switch self {
        case .livekitCanJoinBreakoutRoom: [.name]
        case .queuesCanSend, .queuesCanReceive: [.queue]
        case .datasetCanRead, .datasetCanWrite, .datasetCanAlter, .datasetCanAccess: [.table]
        case .memoryCanCreate, .memoryCanDrop, .memoryCanInspect, .memoryCanQuery, .memoryCanUpsert,
            .memoryCanIngest, .memoryCanRecall, .memoryCanOptimize, .memoryCanAccessExisting: [.name]
        case .syncCanRead, .syncCanWrite, .storageCanRead, .storageCanWrite: [.path]
        case .containersCanPull, .containersCanRun: [.tag]
        case .containersCanRegistryList, .containersCanRegistryPull, .containersCanRegistryRun,
            .containersCanRegistryWrite: [.repository]
        case .llmCanUseProvider: [.provider]
        case .llmCanUseModel: [.provider, .model]
        case .secretsCanRequestOAuthToken: [.endpoint, .clientID]
        case .tunnelsCanForward: [.port]
        default: []
        }
    }

    /// Whether the check takes an optional `namespace`.
    public var takesNamespace: Bool {
        section == .dataset || section == .memory ? !requiredArguments.isEmpty : false
    }

    /// Whether the check is a plain flag (no arguments).
    public var isFlag: Bool { requiredArguments.isEmpty }
}
