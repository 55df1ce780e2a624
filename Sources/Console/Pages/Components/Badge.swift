/// A small coloured label: a console role, a preset name, a risk flag.
/// `kind` picks the CSS class (`badge-<kind>`), so templates stay logic-less.
struct Badge: Sendable, Hashable {
    enum Kind: String, Sendable {
        case preset, custom, risk, warn, ok, info, neutral, admin, reviewer
    }

    var label: String
    var kind: Kind
    /// A longer explanation, shown as the tooltip and read by screen readers.
    var title: String

    /// The CSS class for templates: `badge badge-risk`. Stored, because
    /// templates read models by reflection and see no computed properties.
    var cssClass: String

    init(_ label: String, kind: Kind, title: String = "") {
        self.label = label
        self.kind = kind
        self.title = title.isEmpty ? label : title
        cssClass = "badge badge-\(kind.rawValue)"
    }
}

/// "1 grant", "3 grants".
func counted(_ count: Int, _ noun: String) -> String {
    count == 1 ? "1 \(noun)" : "\(count) \(noun)s"
}
