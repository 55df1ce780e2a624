import GrantModel

/// How bad a risk flag is, most severe first: the risk view's order and the
/// matrix's colours. Tunnels to any port rank with admin; tunnels to named
/// ports last.
enum RiskRank: Int, Sendable, Comparable, CaseIterable {
    case admin, tunnelsAnyPort, containerRun, containerPull, secrets, llm, writeStorage, writeSync, tunnelsSomePorts

    static func < (lhs: RiskRank, rhs: RiskRank) -> Bool { lhs.rawValue < rhs.rawValue }

    /// The colour class of a cell or badge: `high` for the three that hand
    /// over the room or the machine, `medium` for the rest.
    var level: String {
        switch self {
        case .admin, .tunnelsAnyPort, .containerRun: "high"
        default: "medium"
        }
    }
}

/// What the whole-project views need to know about one stored scope: its
/// label (preset or "custom"), its risk flags most severe first, the worst.
/// Worked out once per distinct scope (`ScopeMemo`).
struct ScopeAssessment: Sendable {
    /// One flag with its rank.
    struct Flag: Sendable {
        var risk: ScopeRisk
        var rank: RiskRank
    }

    /// `agent_default`, …, `custom`, or `unreadable`.
    var label: String
    /// "agent default", …, "custom", "unreadable".
    var title: String
    var flags: [Flag]
    /// The reading problem of an unreadable scope.
    var problem: String?

    var worst: RiskRank? { flags.first?.rank }
    var isRisky: Bool { !flags.isEmpty }
    /// `high`, `medium`, `none`, or `unreadable`: a cell's colour.
    var level: String { problem != nil ? "unreadable" : worst?.level ?? "none" }

    init(permissions: JSONValue) {
        let scope: ApiScope
        do {
            scope = try ApiScope(json: permissions, mode: .lenient)
        } catch {
            (label, title, flags) = ("unreadable", "unreadable", [])
            problem = error.errors.first?.description ?? "unreadable"
            return
        }
        problem = nil
        let scopeLabel = scope.label
        (label, title) = (scopeLabel.description, scopeLabel.title)
        flags = scope.risks.map { Flag(risk: $0, rank: Self.rank($0, in: scope)) }.sorted { $0.rank < $1.rank }
    }

    static func rank(_ risk: ScopeRisk, in scope: ApiScope) -> RiskRank {
        switch risk.kind {
        case .admin: .admin
        case .tunnels: scope.tunnels?.allowsEveryPort ?? false ? .tunnelsAnyPort : .tunnelsSomePorts
        case .unrestrictedContainerRun: .containerRun
        case .unrestrictedContainerPull: .containerPull
        case .unrestrictedSecrets: .secrets
        case .unrestrictedLLM: .llm
        case .writeAllStorage: .writeStorage
        case .writeAllSync: .writeSync
        }
    }
}
