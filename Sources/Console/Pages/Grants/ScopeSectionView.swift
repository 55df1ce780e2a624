import GrantModel

/// One section of a scope as the grant page shows it: its name, whether it
/// is allowed, and one line per setting.
struct ScopeSectionView: Sendable {
    struct Line: Sendable {
        var text: String
        /// `allowed`, `restricted` or `denied`: the CSS class of the bullet.
        var kind: String
    }

    var name: String
    var status: Badge
    var cssClass: String
    var lines: [Line]

    /// Every section in spec order, present or not, then unrecognised
    /// top-level sections.
    static func all(for scope: ApiScope) -> [ScopeSectionView] {
        var views = ScopeSection.allCases.map { section -> ScopeSectionView in
            guard let json = scope.sectionJSON(section) else {
                return ScopeSectionView(
                    name: section.key, status: Badge("denied", kind: .neutral, title: "Section absent: nothing in it is allowed"),
                    cssClass: "is-absent", lines: [Line(text: "Absent: nothing in this section is allowed.", kind: "denied")]
                )
            }
            let lines = ScopeExplanation.lines(section: section, json: json)
            let restricted = lines.contains { $0.kind != "allowed" }
            return ScopeSectionView(
                name: section.key,
                status: restricted
                    ? Badge("restricted", kind: .warn, title: "Allowed with restrictions")
                    : Badge("allowed", kind: .ok, title: "Allowed with the defaults"),
                cssClass: "", lines: lines
            )
        }
        for member in scope.unknown.members {
            views.append(ScopeSectionView(
                name: member.key, status: Badge("unrecognised", kind: .warn, title: "Not understood by this console; kept as is"),
                cssClass: "is-unknown",
                lines: [Line(text: "Unrecognised — kept as is.", kind: "restricted")]
            ))
        }
        return views
    }
}
