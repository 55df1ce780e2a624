/// Every access check of the spec, named as in the conformance vectors
/// (`queues.can_send`, `dataset.can_read`, `agents.call`, ...).
public enum ScopeCheck: String, Sendable, Hashable, CaseIterable {
    /// May join breakout room `name`: list absent, or the name in it.
    case livekitCanJoinBreakoutRoom = "livekit.can_join_breakout_room"
    /// May send to `queue`: list absent, or the queue in it (exact).
    case queuesCanSend = "queues.can_send"
    /// May receive from `queue`: list absent, or the queue in it (exact).
    case queuesCanReceive = "queues.can_receive"
    /// The flag `queues.list` (default true).
    case queuesList = "queues.list"
    /// The flag `messaging.broadcast` (default true).
    case messagingBroadcast = "messaging.broadcast"
    /// The flag `messaging.list` (default true).
    case messagingList = "messaging.list"
    /// The flag `messaging.send` (default true).
    case messagingSend = "messaging.send"
    /// May read `table` in `namespace`: any matching table grant with `read`.
    case datasetCanRead = "dataset.can_read"
    /// May write `table` in `namespace`: any matching table grant with `write`.
    case datasetCanWrite = "dataset.can_write"
    /// May alter `table` in `namespace`: any matching table grant with `alter`.
    case datasetCanAlter = "dataset.can_alter"
    /// May read, write or alter `table` in `namespace`.
    case datasetCanAccess = "dataset.can_access"
    /// The flag `dataset.list_tables` (default true).
    case datasetListTables = "dataset.list_tables"
    /// May create memory `name` in `namespace`: any matching memory grant with that permission.
    case memoryCanCreate = "memory.can_create"
    /// May drop memory `name` in `namespace`: any matching memory grant with that permission.
    case memoryCanDrop = "memory.can_drop"
    /// May inspect memory `name` in `namespace`: any matching memory grant with that permission.
    case memoryCanInspect = "memory.can_inspect"
    /// May query memory `name` in `namespace`: any matching memory grant with that permission.
    case memoryCanQuery = "memory.can_query"
    /// May upsert memory `name` in `namespace`: any matching memory grant with that permission.
    case memoryCanUpsert = "memory.can_upsert"
    /// May ingest memory `name` in `namespace`: any matching memory grant with that permission.
    case memoryCanIngest = "memory.can_ingest"
    /// May recall memory `name` in `namespace`: any matching memory grant with that permission.
    case memoryCanRecall = "memory.can_recall"
    /// May optimize memory `name` in `namespace`: any matching memory grant with that permission.
    case memoryCanOptimize = "memory.can_optimize"
    /// Any of drop, inspect, query, upsert, ingest, recall, optimize on memory `name`.
    case memoryCanAccessExisting = "memory.can_access_existing"
    /// The flag `memory.list` (default true).
    case memoryList = "memory.list"
    /// May read sync `path`: paths absent, or an entry equal to it or a matching `*` pattern.
    case syncCanRead = "sync.can_read"
    /// May write sync `path`: the first matching entry decides (not read-only).
    case syncCanWrite = "sync.can_write"
    /// May read storage `path`: paths absent, or an entry that is a prefix of it.
    case storageCanRead = "storage.can_read"
    /// May write storage `path`: the first prefix entry decides (not read-only).
    case storageCanWrite = "storage.can_write"
    /// May pull image `tag`: list absent, or a pattern matches.
    case containersCanPull = "containers.can_pull"
    /// May run image `tag`: list absent, or a pattern matches.
    case containersCanRun = "containers.can_run"
    /// May list registry `repository` (see the spec's list logic).
    case containersCanRegistryList = "containers.can_registry_list"
    /// May pull registry `repository`: registry or list absent, or a pattern matches.
    case containersCanRegistryPull = "containers.can_registry_pull"
    /// May run registry `repository`: registry or list absent, or a pattern matches.
    case containersCanRegistryRun = "containers.can_registry_run"
    /// May push to registry `repository`: registry or list absent, or a pattern matches.
    case containersCanRegistryWrite = "containers.can_registry_write"
    /// The flag `containers.logs` (default true).
    case containersLogs = "containers.logs"
    /// The flag `containers.use_containers` (default true).
    case containersUseContainers = "containers.use_containers"
    /// The flag `developer.logs` (default true).
    case developerLogs = "developer.logs"
    /// The flag `agents.register_agent` (default true).
    case agentsRegisterAgent = "agents.register_agent"
    /// The flag `agents.register_public_toolkit` (default true).
    case agentsRegisterPublicToolkit = "agents.register_public_toolkit"
    /// The flag `agents.register_private_toolkit` (default true).
    case agentsRegisterPrivateToolkit = "agents.register_private_toolkit"
    /// The flag `agents.call` (default true).
    case agentsCall = "agents.call"
    /// The flag `agents.use_agents` (default true).
    case agentsUseAgents = "agents.use_agents"
    /// The flag `agents.use_tools` (default true).
    case agentsUseTools = "agents.use_tools"
    /// May use `provider` (trimmed): models absent, or a trimmed pattern starts with `provider/`.
    case llmCanUseProvider = "llm.can_use_provider"
    /// May use `provider`/`model` (both trimmed): models absent, or a pattern matches.
    case llmCanUseModel = "llm.can_use_model"
    /// The flag `admin.config` (default true).
    case adminConfig = "admin.config"
    /// May request a token for `endpoint` and `client_id` (both trimmed).
    case secretsCanRequestOAuthToken = "secrets.can_request_oauth_token"
    /// May forward `port`: ports absent or empty, or its decimal string listed.
    case tunnelsCanForward = "tunnels.can_forward"
    /// The flag `services.list` (default true).
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
}
