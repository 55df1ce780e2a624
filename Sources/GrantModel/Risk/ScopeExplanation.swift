/// One section of a scope in readable lines, for a grant's page.
public struct ScopeExplanation: Sendable, Hashable {
    /// The section, or nil for the block of unrecognised top-level settings.
    public let section: ScopeSection?
    /// A heading: "Queues", "Unrecognised settings".
    public let title: String
    /// Whether the section is present (absent sections grant nothing).
    public let isGranted: Bool
    /// What the section allows and restricts, one sentence a line.
    public let lines: [String]
}

extension ApiScope {
    /// The whole scope, section by section in spec order (absent sections
    /// included, saying they grant nothing), then every unrecognised setting
    /// at any level with its path.
    public var explanation: [ScopeExplanation] {
        var result = ScopeSection.allCases.map { section in
            ScopeExplanation(
                section: section, title: section.title, isGranted: has(section),
                lines: has(section) ? ScopeExplainer.lines(self, section) : ["Not granted: no access to \(section.noun)."])
        }
        let unrecognised = self.unrecognised
        if !unrecognised.isEmpty {
            result.append(ScopeExplanation(
                section: nil, title: "Unrecognised settings (not understood by GrantDesk; kept unchanged)", isGranted: true,
                lines: unrecognised.map(\.description)))
        }
        return result
    }

    /// The explanation as plain text: a heading line per section, its lines indented.
    public var explanationText: String {
        explanation.map { block in
            ([block.title + (block.isGranted ? "" : " (absent)")] + block.lines.map { "  " + $0 }).joined(separator: "\n")
        }.joined(separator: "\n")
    }
}

extension ScopeSection {
    /// A heading for the section.
    public var title: String {
        switch self {
        case .livekit: "LiveKit"
        case .queues: "Queues"
        case .messaging: "Messaging"
        case .dataset: "Dataset"
        case .memory: "Memory"
        case .sync: "Sync"
        case .storage: "Storage"
        case .containers: "Containers"
        case .developer: "Developer"
        case .agents: "Agents"
        case .llm: "LLM"
        case .admin: "Admin"
        case .secrets: "Secrets"
        case .tunnels: "Tunnels"
        case .services: "Services"
        }
    }

    /// What the section is about, for "no access to ...".
    public var noun: String {
        switch self {
        case .livekit: "breakout rooms"
        case .queues: "queues"
        case .messaging: "messaging"
        case .dataset: "tables"
        case .memory: "memories"
        case .sync: "synchronised documents"
        case .storage: "room storage"
        case .containers: "containers"
        case .developer: "developer logs"
        case .agents: "agents and toolkits"
        case .llm: "language models"
        case .admin: "room administration"
        case .secrets: "OAuth tokens"
        case .tunnels: "port forwarding"
        case .services: "services"
        }
    }
}
