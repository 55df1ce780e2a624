import GrantModel

/// The ApiScopes the demo data uses: the presets of apiscope.md (copied from
/// conformance/presets.json) and restrictive scopes that exercise every
/// section, plus one with keys GrantDesk does not know.
enum DemoScopes {
    static let agentDefault = """
        {"agents":{"call":true,"register_agent":true,"register_private_toolkit":true,"register_public_toolkit":true,
        "use_agents":true,"use_tools":true},"containers":{"logs":true,"use_containers":true},
        "dataset":{"list_tables":true},"developer":{"logs":true},"livekit":{},"llm":{},"memory":{"list":true},
        "messaging":{"broadcast":true,"list":true,"send":true},"queues":{"list":true},"secrets":{},
        "services":{"list":true},"storage":{},"sync":{}}
        """
    static let agentDefaultTunnels = """
        {"agents":{"call":true,"register_agent":true,"register_private_toolkit":true,"register_public_toolkit":true,
        "use_agents":true,"use_tools":true},"containers":{"logs":true,"use_containers":true},
        "dataset":{"list_tables":true},"developer":{"logs":true},"livekit":{},"llm":{},"memory":{"list":true},
        "messaging":{"broadcast":true,"list":true,"send":true},"queues":{"list":true},"secrets":{},
        "services":{"list":true},"storage":{},"sync":{},"tunnels":{}}
        """
    static let full = """
        {"admin":{"config":true},"agents":{"call":true,"register_agent":true,"register_private_toolkit":true,
        "register_public_toolkit":true,"use_agents":true,"use_tools":true},"containers":{"logs":true,"use_containers":true},
        "dataset":{"list_tables":true},"developer":{"logs":true},"livekit":{},"llm":{},"memory":{"list":true},
        "messaging":{"broadcast":true,"list":true,"send":true},"queues":{"list":true},"secrets":{},
        "services":{"list":true},"storage":{},"sync":{},"tunnels":{}}
        """
    static let userDefault = """
        {"agents":{"call":true,"register_agent":true,"register_private_toolkit":true,"register_public_toolkit":true,
        "use_agents":true,"use_tools":true},"containers":{"logs":true,"use_containers":true},
        "dataset":{"list_tables":true},"developer":{"logs":true},"livekit":{},"memory":{"list":true},
        "messaging":{"broadcast":true,"list":true,"send":true},"queues":{"list":true},"secrets":{},
        "services":{"list":true},"storage":{},"sync":{}}
        """

    /// Chat only: messaging without broadcast, nothing else.
    static let chatOnly = """
        {"messaging":{"broadcast":false,"list":true,"send":true},"livekit":{"breakout_rooms":["standup","retro"]}}
        """
    /// Queue and dataset restrictions, as an integration bot would hold.
    static let ingestBot = """
        {"queues":{"send":["ingest","ingest-retry"],"receive":["ingest"],"list":false},
        "dataset":{"tables":[{"name":"events","namespace":["prod"],"read":true,"write":true,"alter":false},
        {"name":"customers","read":true}],"list_tables":false},
        "storage":{"paths":[{"path":"/exports/","read_only":true},{"path":"/inbox/","read_only":false}]}}
        """
    /// Memory, sync and agents restrictions.
    static let researcher = """
        {"memory":{"list":true,"memories":[{"name":"papers","namespace":["lab"],"permissions":{"create":false,"drop":false,
        "inspect":true,"query":true,"upsert":true,"ingest":true,"recall":true,"optimize":false}}]},
        "sync":{"paths":[{"path":"/notes/*","read_only":false},{"path":"/shared/","read_only":true}]},
        "agents":{"register_agent":false,"register_public_toolkit":false,"register_private_toolkit":true,"call":true,
        "use_agents":true,"use_tools":true,"allowed_toolkits":["search","summarize"]},
        "llm":{"models":["openai/gpt-4o*","anthropic/claude-*"]}}
        """
    /// Container, developer, secrets and tunnel restrictions, as ops would hold.
    static let operations = """
        {"containers":{"logs":true,"use_containers":true,"pull":["registry.example.com/ops/*"],"run":["registry.example.com/ops/agent:*"],
        "registry":{"list":["ops/*"],"pull":["ops/*"],"run":["ops/agent"],"write":[]}},
        "developer":{"logs":true},"secrets":{"request_oauth_token":[{"endpoint":"https://login.example.com/*","client_id":"ops-console"}]},
        "tunnels":{"ports":["8080","9090"]},"services":{"list":true},"admin":{"config":false}}
        """
    /// A read-only observer: every list flag on, every write off.
    static let observer = """
        {"queues":{"send":[],"receive":[],"list":true},"messaging":{"broadcast":false,"list":true,"send":false},
        "dataset":{"tables":[],"list_tables":true},"storage":{"paths":[{"path":"/","read_only":true}]},
        "services":{"list":true},"developer":{"logs":false}}
        """
    /// Older spelling (`database`), explicit nulls: what older clients send.
    static let legacyClient = """
        {"database":{"tables":[{"name":"orders","read":true,"write":false,"alter":false,"namespace":null}],"list_tables":true},
        "queues":null,"messaging":{"broadcast":null,"list":true,"send":true},"llm":null,"admin":null}
        """
    /// Keys GrantDesk does not know (a newer server's `sqlite` section and `storage.files`):
    /// they must survive every round trip.
    static let unrecognised = """
        {"messaging":{"broadcast":true,"list":true,"send":true},
        "storage":{"paths":[{"path":"/reports/","read_only":true}],"files":{"max_size_mb":50,"allow_delete":false}},
        "sqlite":{"databases":[{"name":"analytics.db","read":true,"write":false}],"attach":false}}
        """

    /// Every scope with the label the demo rotates through.
    static let rotation: [String] = [
        agentDefault, userDefault, chatOnly, ingestBot, full, researcher, observer, operations,
        agentDefaultTunnels, legacyClient, userDefault, chatOnly,
    ]

    static func json(_ text: String) -> JSONValue {
        // The texts above are fixed and valid; a failure here is a programming error.
        guard let value = try? JSONValue(parsing: text) else { preconditionFailure("invalid demo scope JSON") }
        return value
    }
}
