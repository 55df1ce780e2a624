import GrantModel

/// What a grant's permissions amount to, for tables and the grant page: the
/// preset it equals (or "custom"), its risk flags, whether it carries keys
/// the console does not understand, and its sections in readable form.
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
            if let match = ScopePreset.allCases.first(where: { $0.scope.json == scope.json }) {
                preset = Badge(match.rawValue, kind: .preset, title: "Equals the \(match.title) preset")
            } else {
                preset = Badge("custom", kind: .custom, title: "Does not equal any preset")
            }
            flags = GrantSummary.riskFlags(scope)
            hasUnknown = !UnknownKeys.collect(scope).isEmpty
            sectionCount = scope.presentSections.count
        } catch {
            scope = nil
            problem = error.errors.first?.description ?? "unreadable"
            preset = Badge("invalid", kind: .risk, title: "The stored scope cannot be read: \(problem ?? "")")
            flags = []
            hasUnknown = false
            sectionCount = 0
        }
    }
}
