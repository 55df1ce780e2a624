import GrantModel

/// One section of a scope as the grant page shows it: its name, whether it
/// is granted, and the model's plain-words lines.
struct ScopeSectionView: Sendable {
    struct Line: Sendable {
        var text: String
        /// `allowed`, `restricted` or `denied`: the CSS class of the bullet.
        var kind: String
    }

    var key: String
    var title: String
    var status: Badge
    var cssClass: String
    var lines: [Line]

    /// The granted sections in spec order, then the unrecognised settings.
    static func granted(for scope: ApiScope) -> [ScopeSectionView] {
        scope.explanation.filter(\.isGranted).map { block in
            guard let section = block.section else {
                return ScopeSectionView(
                    key: "unrecognised", title: block.title,
                    status: Badge("kept as is", kind: .warn, title: "Not understood by this console; written back unchanged"),
                    cssClass: "is-unknown", lines: block.lines.map { Line(text: visible($0), kind: "restricted") }
                )
            }
            let lines = block.lines.map { Line(text: visible($0), kind: kind(of: $0)) }
            let restricted = lines.contains { $0.kind != "allowed" }
            return ScopeSectionView(
                key: section.key, title: block.title,
                status: restricted
                    ? Badge("restricted", kind: .warn, title: "Granted with restrictions")
                    : Badge("granted", kind: .ok, title: "Granted"),
                cssClass: "", lines: lines
            )
        }
    }

    /// The sections the scope leaves out, which grant nothing.
    static func absent(for scope: ApiScope) -> [Badge] {
        ScopeSection.allCases.filter { !scope.has($0) }.map { section in
            Badge(section.key, kind: .neutral, title: "\(section.title): not granted, no access to \(section.noun)")
        }
    }

    /// Reads a line's tone from its wording: the model writes "May not …" and
    /// "no …" for denials and "only …" for restrictions.
    static func kind(of line: String) -> String {
        let lower = line.lowercased()
        if lower.hasPrefix("may not") || lower.hasPrefix("may no ") || lower.hasPrefix("no ") || lower.hasPrefix("cannot")
            || lower.contains("not granted") || lower.contains(": no") {
            return "denied"
        }
        if lower.contains("only") || lower.contains("except") || lower.contains("read-only") || lower.contains("kept unchanged") {
            return "restricted"
        }
        return "allowed"
    }
}
