/// Turns a present section into sentences.
enum ScopeExplainer {
    static func lines(_ scope: ApiScope, _ section: ScopeSection) -> [String] {
        var lines: [String]
        let unknown: UnknownMembers
        switch section {
        case .livekit:
            let grant = scope.livekit ?? LivekitGrant()
            lines = [names(grant.breakoutRooms, all: "May join any breakout room", none: "May not join any breakout room", some: "May join only the breakout rooms")]
            unknown = grant.unknown
        case .queues:
            let grant = scope.queues ?? QueuesGrant()
            lines = [
                names(grant.send, all: "May send to every queue", none: "May not send to any queue", some: "May send only to the queues"),
                names(grant.receive, all: "May receive from every queue", none: "May not receive from any queue", some: "May receive only from the queues"),
                flag(grant.list, true, "list queues"),
            ]
            unknown = grant.unknown
        case .messaging:
            let grant = scope.messaging ?? MessagingGrant()
            lines = [flag(grant.broadcast, true, "broadcast messages"), flag(grant.list, true, "list who can be messaged"), flag(grant.send, true, "send direct messages")]
            unknown = grant.unknown
        case .dataset:
            let grant = scope.dataset ?? DatasetGrant()
            lines = [flag(grant.listTables, true, "list tables")] + tables(grant.tables)
            unknown = grant.unknown
        case .memory:
            let grant = scope.memory ?? MemoryGrant()
            lines = [flag(grant.list, true, "list memories")] + memories(grant.memories)
            unknown = grant.unknown
        case .sync:
            let grant = scope.sync ?? SyncGrant()
            lines = paths(grant.paths, noun: "synchronised document", entry: { "Paths matching \(Words.quote($0))" })
            unknown = grant.unknown
        case .storage:
            let grant = scope.storage ?? StorageGrant()
            lines = paths(grant.paths, noun: "file in room storage", entry: { "Paths starting with \(Words.quote($0))" })
            unknown = grant.unknown
        case .containers:
            let grant = scope.containers ?? ContainersGrant()
            lines = containers(grant)
            unknown = grant.unknown
        case .developer:
            let grant = scope.developer ?? DeveloperGrant()
            lines = [flag(grant.logs, true, "read developer logs")]
            unknown = grant.unknown
        case .agents:
            let grant = scope.agents ?? AgentsGrant()
            lines = [
                flag(grant.registerAgent, true, "register agents"),
                flag(grant.registerPublicToolkit, true, "register public toolkits"),
                flag(grant.registerPrivateToolkit, true, "register private toolkits"),
                flag(grant.call, true, "call agents"),
                flag(grant.useAgents, true, "use agents"),
                flag(grant.useTools, true, "use tools"),
                names(grant.allowedToolkits, all: "May use any toolkit", none: "May not use any toolkit", some: "May use only the toolkits"),
            ]
            unknown = grant.unknown
        case .llm:
            let grant = scope.llm ?? LLMGrant()
            lines = [names(grant.models, all: "May use any model of any provider", none: "May not use any language model", some: "May use only models matching")]
            unknown = grant.unknown
        case .admin:
            let grant = scope.admin ?? AdminGrant()
            lines = [flag(grant.config, true, "change the room's configuration")]
            unknown = grant.unknown
        case .secrets:
            let grant = scope.secrets ?? SecretsGrant()
            lines = oauth(grant.requestOauthToken)
            unknown = grant.unknown
        case .tunnels:
            let grant = scope.tunnels ?? TunnelsGrant()
            lines = [grant.allowsEveryPort ? "May forward every port" : "May forward only the ports \(Words.list(grant.ports ?? [], limit: 20))"]
            unknown = grant.unknown
        case .services:
            let grant = scope.services ?? ServicesGrant()
            lines = [flag(grant.list, true, "list services")]
            unknown = grant.unknown
        }
        if !unknown.isEmpty {
            lines.append("Also has unrecognised fields (see Unrecognised settings): \(unknown.keys.joined(separator: ", "))")
        }
        return lines
    }

    static func flag(_ value: Bool?, _ defaultValue: Bool, _ action: String) -> String {
        (value ?? defaultValue) ? "May \(action)" : "May not \(action)"
    }

    static func names(_ list: [String]?, all: String, none: String, some: String) -> String {
        guard let list else { return all }
        return list.isEmpty ? none : "\(some) \(Words.list(list, limit: 20))"
    }

    static func tables(_ tables: [TableGrant]?) -> [String] {
        guard let tables else { return ["May read, write and alter every table"] }
        if tables.isEmpty { return ["May not use any table"] }
        return ["May use only these tables:"] + tables.map { table in
            let allowed = [("read", table.read ?? true), ("write", table.write ?? false), ("alter", table.alter ?? false)]
                .filter(\.1).map(\.0)
            return "Table \(Words.quote(table.name)) in \(Words.namespace(table.namespace)): " + (allowed.isEmpty ? "no access" : allowed.joined(separator: ", "))
        }
    }

    static func memories(_ memories: [MemoryEntryGrant]?) -> [String] {
        guard let memories else { return ["May do everything with every memory"] }
        if memories.isEmpty { return ["May not use any memory"] }
        return ["May use only these memories:"] + memories.map { memory in
            let allowed = MemoryPermission.allCases.filter(memory.allows).map(\.rawValue)
            let what = allowed.count == MemoryPermission.allCases.count ? "everything" : allowed.isEmpty ? "nothing" : allowed.joined(separator: ", ")
            return "Memory \(Words.quote(memory.name)) in \(Words.namespace(memory.namespace)): \(what)"
        }
    }

    static func paths(_ paths: [PathGrant]?, noun: String, entry: (String) -> String) -> [String] {
        guard let paths else { return ["May read and write every \(noun)"] }
        if paths.isEmpty { return ["May not open any \(noun)"] }
        return ["May open only these paths (the first matching entry decides whether writing is allowed):"]
            + paths.map { "\(entry($0.path)): \($0.isWritable ? "read and write" : "read only")" }
    }

    static func containers(_ grant: ContainersGrant) -> [String] {
        var lines = [
            flag(grant.useContainers, true, "use containers"),
            flag(grant.logs, true, "read container logs"),
            names(grant.pull, all: "May pull any image", none: "May not pull any image", some: "May pull only images matching"),
            names(grant.run, all: "May run any image", none: "May not run any image", some: "May run only images matching"),
        ]
        guard let registry = grant.registry else {
            lines.append("No registry restrictions")
            return lines
        }
        for (name, list) in [("list", registry.list), ("pull from", registry.pull), ("run from", registry.run), ("push to", registry.write)] {
            if name == "list" && list == nil { continue }
            lines.append(names(list, all: "May \(name) any registry repository", none: "May not \(name) any registry repository", some: "May \(name) only registry repositories matching"))
        }
        if registry.list == nil {
            lines.append("May list the registry repositories it may pull from, run from or push to")
        }
        return lines
    }

    static func oauth(_ entries: [OAuthEndpointGrant]?) -> [String] {
        guard let entries else { return ["May request OAuth tokens for any endpoint and client"] }
        if entries.isEmpty { return ["May not request any OAuth token"] }
        return ["May request OAuth tokens only for:"]
            + entries.map { "Endpoint \(Words.quote($0.endpoint)) with client id \(Words.quote($0.clientID))" }
    }

    static func show(_ value: JSONValue) -> String {
        let text = value.serialized()
        return text.count > 120 ? String(text.prefix(117)) + "..." : text
    }
}
