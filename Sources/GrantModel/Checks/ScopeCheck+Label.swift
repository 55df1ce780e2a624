extension ScopeCheck {
    /// Every check in words a team lead reads ("Write to a table"), kept in
    /// one table so the access menu, its answers and any later page say the
    /// same. A test checks that every case has one; `label` falls back to the
    /// internal name only so that a forgotten entry still shows something.
    public static let labels: [ScopeCheck: String] = [
        .livekitCanJoinBreakoutRoom: "Join a breakout room",
        .queuesCanSend: "Send to a queue",
        .queuesCanReceive: "Receive from a queue",
        .queuesList: "List queues",
        .messagingBroadcast: "Broadcast messages",
        .messagingList: "List messaging participants",
        .messagingSend: "Send direct messages",
        .datasetCanRead: "Read a table",
        .datasetCanWrite: "Write to a table",
        .datasetCanAlter: "Alter a table",
        .datasetCanAccess: "Read, write or alter a table",
        .datasetListTables: "List tables",
        .memoryCanCreate: "Create a memory",
        .memoryCanDrop: "Drop a memory",
        .memoryCanInspect: "Inspect a memory",
        .memoryCanQuery: "Query a memory",
        .memoryCanUpsert: "Upsert into a memory",
        .memoryCanIngest: "Ingest into a memory",
        .memoryCanRecall: "Recall from a memory",
        .memoryCanOptimize: "Optimize a memory",
        .memoryCanAccessExisting: "Use an existing memory",
        .memoryList: "List memories",
        .syncCanRead: "Read a synced file",
        .syncCanWrite: "Write a synced file",
        .storageCanRead: "Read a storage file",
        .storageCanWrite: "Write a storage file",
        .containersCanPull: "Pull a container image",
        .containersCanRun: "Run a container image",
        .containersCanRegistryList: "List a registry repository",
        .containersCanRegistryPull: "Pull from a registry repository",
        .containersCanRegistryRun: "Run from a registry repository",
        .containersCanRegistryWrite: "Push to a registry repository",
        .containersLogs: "Read container logs",
        .containersUseContainers: "Use containers",
        .developerLogs: "Read developer logs",
        .agentsRegisterAgent: "Register an agent",
        .agentsRegisterPublicToolkit: "Register a public toolkit",
        .agentsRegisterPrivateToolkit: "Register a private toolkit",
        .agentsCall: "Call agents",
        .agentsUseAgents: "Use agents",
        .agentsUseTools: "Use tools",
        .llmCanUseProvider: "Use an LLM provider",
        .llmCanUseModel: "Use an LLM model",
        .adminConfig: "Change the room configuration",
        .secretsCanRequestOAuthToken: "Request an OAuth token",
        .tunnelsCanForward: "Forward a port",
        .servicesList: "List services",
    ]

    /// The check in words, e.g. "Write to a table" for `dataset.can_write`.
    public var label: String { Self.labels[self] ?? name }

    /// The internal name with its arguments, e.g. `dataset.can_write(table)`:
    /// shown beside the label for those who know the spec's names.
    public var signature: String {
        let arguments = requiredArguments.map(\.rawValue).joined(separator: ", ")
        return arguments.isEmpty ? name : "\(name)(\(arguments))"
    }
}
