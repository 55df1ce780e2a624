import GrantModel

/// What a grant's permissions amount to, for tables and the grant page: the
/// preset it equals in meaning (or "custom"), its risk flags, and whether it
/// carries settings the console does not understand.
struct GrantSummary: Sendable {
    var scope: ApiScope?
    /// The reading problem when the stored JSON is not a readable scope.
    var problem: String?
    var preset: Badge
    var flags: [Badge]
    var hasUnknown: Bool
    var sectionCount: Int

    init(permissions: JSONValue) {
        do {
            let scope = try ApiScope(json: permissions, mode: .lenient)
            self.scope = scope
            problem = nil
            switch scope.label {
            case .preset(let preset):
                self.preset = Badge(preset.rawValue, kind: .preset, title: "Equal in meaning to the \(preset.title) preset")
            case .custom:
                preset = Badge("custom", kind: .custom, title: "Does not equal any preset")
            }
            flags = scope.risks.map(GrantSummary.badge)
            hasUnknown = !UnknownKeys.collect(scope).isEmpty
            sectionCount = scope.presentSections.count
        } catch {
            scope = nil
            problem = error.errors.first?.description ?? "unreadable"
            preset = Badge("unreadable", kind: .risk, title: "The stored scope cannot be read: \(problem ?? "")")
            flags = []
            hasUnknown = false
            sectionCount = 0
        }
    }

    /// A short badge for a risk; the model's sentence becomes its tooltip.
    static func badge(_ risk: ScopeRisk) -> Badge {
        let (label, kind): (String, Badge.Kind) = switch risk.kind {
        case .admin: ("admin", .risk)
        case .tunnels: ("tunnels", .risk)
        case .unrestrictedContainerPull: ("any image pull", .warn)
        case .unrestrictedContainerRun: ("any image run", .risk)
        case .unrestrictedSecrets: ("any OAuth token", .warn)
        case .unrestrictedLLM: ("any LLM", .warn)
        case .writeAllStorage: ("writes all storage", .warn)
        case .writeAllSync: ("writes all sync", .warn)
        }
        return Badge(label, kind: kind, title: risk.message)
    }
}
