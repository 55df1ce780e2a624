/// The editor's description of the ApiScope shape (apiscope.md, "Sections and
/// fields"): which sections exist, which fields each has and how each field is
/// edited. One table drives the form, the form reader and the JSON checker, so
/// they cannot disagree about a field.
struct ScopeSchema: Sendable {
    /// How a field is edited.
    enum Kind: Sendable, Equatable {
        /// A boolean with its default when absent.
        case flag(default: Bool)
        /// A list of strings; absent means "no restriction".
        case list(ListFlavor)
        /// A list of structured entries; absent means "no restriction".
        case rows(RowKind)
        /// `containers.registry`: absent, or an object of four pattern lists.
        case registry
    }

    /// What the entries of a string list are, for labels and checks.
    enum ListFlavor: Sendable, Equatable {
        case names, patterns, ports
    }

    /// The structured entry types.
    enum RowKind: String, Sendable, Equatable {
        case table, memory, path, secret
    }

    struct Field: Sendable {
        let key: String
        let label: String
        let kind: Kind
    }

    struct Section: Sendable {
        let key: String
        let title: String
        let summary: String
        let fields: [Field]
        /// Older spellings accepted on input and written back as `key`.
        var aliases: [String] = []
    }

    /// The eight memory permissions, in the order the SDK declares them.
    static let memoryPermissions = ["create", "drop", "inspect", "query", "upsert", "ingest", "recall", "optimize"]
    /// The repository pattern lists of `containers.registry`.
    static let registryLists = ["list", "pull", "run", "write"]

    static let sections: [Section] = [
        Section(key: "livekit", title: "LiveKit", summary: "Audio/video and breakout rooms.", fields: [
            Field(key: "breakout_rooms", label: "Breakout rooms", kind: .list(.names)),
        ]),
        Section(key: "queues", title: "Queues", summary: "Sending to and receiving from room queues.", fields: [
            Field(key: "send", label: "May send to", kind: .list(.names)),
            Field(key: "receive", label: "May receive from", kind: .list(.names)),
            Field(key: "list", label: "May list queues", kind: .flag(default: true)),
        ]),
        Section(key: "messaging", title: "Messaging", summary: "Messages between participants.", fields: [
            Field(key: "broadcast", label: "May broadcast", kind: .flag(default: true)),
            Field(key: "list", label: "May list participants", kind: .flag(default: true)),
            Field(key: "send", label: "May send messages", kind: .flag(default: true)),
        ]),
        Section(key: "dataset", title: "Dataset", summary: "Tables of the room's database.", fields: [
            Field(key: "tables", label: "Tables", kind: .rows(.table)),
            Field(key: "list_tables", label: "May list tables", kind: .flag(default: true)),
        ], aliases: ["database", "datasets"]),
        Section(key: "memory", title: "Memory", summary: "Agent memories.", fields: [
            Field(key: "list", label: "May list memories", kind: .flag(default: true)),
            Field(key: "memories", label: "Memories", kind: .rows(.memory)),
        ]),
        Section(key: "sync", title: "Sync", summary: "Synchronised documents.", fields: [
            Field(key: "paths", label: "Paths", kind: .rows(.path)),
        ]),
        Section(key: "storage", title: "Storage", summary: "Room file storage.", fields: [
            Field(key: "paths", label: "Paths", kind: .rows(.path)),
        ]),
        Section(key: "containers", title: "Containers", summary: "Container images, runs and registries.", fields: [
            Field(key: "logs", label: "May read container logs", kind: .flag(default: true)),
            Field(key: "use_containers", label: "May use containers", kind: .flag(default: true)),
            Field(key: "pull", label: "May pull images", kind: .list(.patterns)),
            Field(key: "run", label: "May run images", kind: .list(.patterns)),
            Field(key: "registry", label: "Registry", kind: .registry),
        ]),
        Section(key: "developer", title: "Developer", summary: "Developer tools.", fields: [
            Field(key: "logs", label: "May read developer logs", kind: .flag(default: true)),
        ]),
        Section(key: "agents", title: "Agents", summary: "Agents and toolkits.", fields: [
            Field(key: "register_agent", label: "May register agents", kind: .flag(default: true)),
            Field(key: "register_public_toolkit", label: "May register public toolkits", kind: .flag(default: true)),
            Field(key: "register_private_toolkit", label: "May register private toolkits", kind: .flag(default: true)),
            Field(key: "call", label: "May call agents", kind: .flag(default: true)),
            Field(key: "use_agents", label: "May use agents", kind: .flag(default: true)),
            Field(key: "use_tools", label: "May use tools", kind: .flag(default: true)),
            Field(key: "allowed_toolkits", label: "Allowed toolkits", kind: .list(.names)),
        ]),
        Section(key: "llm", title: "LLM", summary: "The LLM proxy.", fields: [
            Field(key: "models", label: "Models (provider/model patterns)", kind: .list(.patterns)),
        ]),
        Section(key: "admin", title: "Admin", summary: "Room administration.", fields: [
            Field(key: "config", label: "May change room configuration", kind: .flag(default: true)),
        ]),
        Section(key: "secrets", title: "Secrets", summary: "OAuth tokens requested on the user's behalf.", fields: [
            Field(key: "request_oauth_token", label: "OAuth endpoints", kind: .rows(.secret)),
        ]),
        Section(key: "tunnels", title: "Tunnels", summary: "Port forwarding into the room.", fields: [
            Field(key: "ports", label: "Ports (absent or empty: every port)", kind: .list(.ports)),
        ]),
        Section(key: "services", title: "Services", summary: "Room services.", fields: [
            Field(key: "list", label: "May list services", kind: .flag(default: true)),
        ]),
    ]

    /// The section stored under `key`, including older spellings.
    static func section(forKey key: String) -> Section? {
        sections.first { $0.key == key || $0.aliases.contains(key) }
    }

    /// Whether a top-level key belongs to a known section.
    static func isKnownSection(_ key: String) -> Bool { section(forKey: key) != nil }
}
