import GrantModel

/// `/projects/{pid}/matrix`: rooms (columns) × users (rows), each cell the
/// grant's label coloured by its worst risk and linking to the grant.
struct MatrixPageModel: Sendable {
    struct Column: Sendable {
        var room: String
        var roomURL: String
    }

    struct Cell: Sendable {
        var hasGrant: Bool
        /// A short code: `AD`, `AT`, `UD`, `F`, `C`, `!`.
        var code: String
        var url: String
        /// "bench-room-0001 · Ada Lovelace: full access; admin, tunnels…": tooltip and accessible name.
        var title: String
        /// `cell-high`, `cell-medium`, `cell-none`, `cell-unreadable`.
        var cssClass: String
    }

    struct Row: Sendable {
        var person: PersonDisplay
        var userURL: String
        var cells: [Cell]
    }

    struct LegendItem: Sendable {
        var code: String
        var label: String
        var cssClass: String
    }

    var actionURL: String
    var roomsQuery: String
    var usersQuery: String
    var columns: [Column]
    var rows: [Row]
    var hasCells: Bool
    var summary: String
    var roomsNav: PageNav?
    var usersNav: PageNav?
    var codes: [LegendItem]
    var levels: [LegendItem]
    var risksURL: String
    var isFiltered: Bool
    var clearURL: String

    /// The short code of a label.
    static func code(_ label: String) -> String {
        switch label {
        case ScopePreset.agentDefault.rawValue: "AD"
        case ScopePreset.agentDefaultTunnels.rawValue: "AT"
        case ScopePreset.userDefault.rawValue: "UD"
        case ScopePreset.full.rawValue: "F"
        case "unreadable": "!"
        default: "C"
        }
    }

    static let codeLegend: [LegendItem] = [
        LegendItem(code: "AD", label: "agent default preset", cssClass: "cell-none"),
        LegendItem(code: "AT", label: "agent default with tunnels preset", cssClass: "cell-none"),
        LegendItem(code: "UD", label: "user default preset", cssClass: "cell-none"),
        LegendItem(code: "F", label: "full access preset", cssClass: "cell-none"),
        LegendItem(code: "C", label: "custom (equals no preset)", cssClass: "cell-none"),
        LegendItem(code: "!", label: "unreadable stored scope", cssClass: "cell-none"),
    ]

    static let levelLegend: [LegendItem] = [
        LegendItem(code: "", label: "High risk: admin, tunnels to any port, or runs any container image", cssClass: "cell-high"),
        LegendItem(code: "", label: "Medium risk: any image pull, OAuth endpoint or language model, writes everywhere, tunnels to named ports", cssClass: "cell-medium"),
        LegendItem(code: "", label: "No risk flag", cssClass: "cell-none"),
        LegendItem(code: "", label: "Unreadable scope", cssClass: "cell-unreadable"),
        LegendItem(code: "", label: "No grant", cssClass: "cell-empty"),
    ]
}
