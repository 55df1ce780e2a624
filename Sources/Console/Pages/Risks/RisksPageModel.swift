import GrantModel

/// `/projects/{pid}/risks`: every grant with a risk flag, most severe first.
struct RisksPageModel: Sendable {
    /// A flag to filter by, with how many grants carry it.
    struct FlagOption: Sendable {
        var value: String
        var label: String
        var selected: Bool
    }

    /// One chip of the summary: a flag, its count, a link filtering by it.
    struct FlagChip: Sendable {
        var badge: Badge
        var count: String
        var url: String
        var selected: Bool
    }

    struct Row: Sendable {
        var person: PersonDisplay
        var userURL: String
        var room: String
        var roomURL: String
        var grantURL: String
        var preset: Badge
        var flags: [Badge]
        /// `risk-high` or `risk-medium`: the row's colour.
        var levelClass: String
    }

    var actionURL: String
    var progressURL: String
    var flagOptions: [FlagOption]
    var room: String
    var user: String
    var chips: [FlagChip]
    var rows: [Row]
    var hasRows: Bool
    var summary: String
    var changedNote: String?
    var nav: PageNav?
    var csvURL: String
    var matrixURL: String
    var isFiltered: Bool
    var clearURL: String

    /// The flag's short name and colour, as badges show it.
    static func badge(_ flag: ScopeAssessment.Flag) -> Badge {
        let label = flag.rank == .tunnelsAnyPort ? "tunnels, any port" : GrantSummary.badge(flag.risk).label
        return Badge(label, kind: flag.rank.level == "high" ? .risk : .warn, title: flag.risk.message)
    }

    /// The filter menu's label for a flag kind.
    static func label(_ kind: ScopeRisk.Kind) -> String {
        switch kind {
        case .admin: "Admin (changes the room's configuration)"
        case .tunnels: "Tunnels (forwards network ports)"
        case .unrestrictedContainerRun: "Runs any container image"
        case .unrestrictedContainerPull: "Pulls any container image"
        case .unrestrictedSecrets: "Any OAuth endpoint"
        case .unrestrictedLLM: "Any language model"
        case .writeAllStorage: "Writes all storage"
        case .writeAllSync: "Writes all synchronised documents"
        }
    }

    /// The menu's order: as severe as the flag can be, most severe first.
    static let kindOrder: [ScopeRisk.Kind] = [
        .admin, .tunnels, .unrestrictedContainerRun, .unrestrictedContainerPull, .unrestrictedSecrets, .unrestrictedLLM,
        .writeAllStorage, .writeAllSync,
    ]
}
