import Foundation

/// `/projects/{pid}/audit`: the console's audit log for the project, newest
/// first, filterable, with the hash chain's state.
struct AuditPageModel: Sendable {
    struct Chain: Sendable {
        var intact: Bool
        var cssClass: String
        var headline: String
        var detail: String
    }

    struct Option: Sendable {
        var value: String
        var label: String
        var selected: Bool
    }

    struct Entry: Sendable {
        var time: String
        var actor: String
        var role: Badge?
        var action: String
        var target: String
        var targetURL: String?
        var outcome: Badge
        var message: String?
        var requestID: String
        var before: String?
        var after: String?
        var hasChange: Bool
    }

    static let pageSize = 50

    var auditURL: String
    var csvURL: String
    var chain: Chain
    var actor: String
    var target: String
    var outcomes: [Option]
    var isFiltered: Bool
    var total: Int
    var entries: [Entry]
    var hasEntries: Bool
    var nav: PageNav

    init(projectID pid: String, filter: AuditFilter, entries: [AuditEntry], total: Int, page: Int, verification: AuditVerification) {
        let url = SiteURL.audit(pid)
        auditURL = url.path
        var items: [(name: String, value: String)] = []
        if !filter.actor.isEmpty { items.append(("actor", filter.actor)) }
        if !filter.target.isEmpty { items.append(("target", filter.target)) }
        if !filter.outcome.isEmpty { items.append(("outcome", filter.outcome)) }
        csvURL = url.path(query: items + [("format", "csv")])
        switch verification {
        case .intact(let rows):
            chain = Chain(
                intact: true, cssClass: "callout-success", headline: "The log is intact",
                detail: rows == 0
                    ? "Nothing has been recorded yet."
                    : "\(counted(rows, "stored row")) checked against the hash chain: none was edited or removed."
            )
        case .broken(let sequence, let reason):
            chain = Chain(
                intact: false, cssClass: "callout-danger", headline: "The log has been tampered with",
                detail: "The hash chain breaks at record \(sequence): \(reason). Records from there on cannot be trusted."
            )
        }
        actor = filter.actor
        target = filter.target
        outcomes = [Option(value: "", label: "Any outcome", selected: filter.outcome.isEmpty)]
            + AuditFilter.outcomes.map { Option(value: $0.value, label: $0.label, selected: $0.value == filter.outcome) }
        isFiltered = !filter.isEmpty
        self.total = total
        self.entries = entries.map { AuditPageModel.entry($0, pid: pid) }
        hasEntries = !entries.isEmpty
        nav = PageNav(label: "Audit log pages", page: page, pageSize: Self.pageSize, total: total, shown: entries.count) {
            url.path(query: items + ($0 > 1 ? [("page", String($0))] : []))
        }
    }

    static func entry(_ entry: AuditEntry, pid: String) -> Entry {
        let role: Badge? = switch entry.role {
        case "admin": Badge("admin", kind: .admin)
        case "reviewer": Badge("reviewer", kind: .reviewer)
        default: nil
        }
        let (label, detail) = splitOutcome(entry.outcome)
        let kind: Badge.Kind = switch label {
        case "succeeded": .ok
        case "failed", "refused": .risk
        default: .warn
        }
        return Entry(
            time: timestamp(entry.time), actor: visible(entry.actor), role: role, action: visible(entry.action), target: visible(entry.target),
            targetURL: targetURL(entry.target, pid: pid), outcome: Badge(label, kind: kind, title: entry.outcome),
            message: detail.map(visible), requestID: entry.requestID, before: entry.before, after: entry.after,
            hasChange: entry.before != nil || entry.after != nil
        )
    }

    /// `refused: reviewers cannot…` → ("refused", "reviewers cannot…").
    static func splitOutcome(_ outcome: String) -> (String, String?) {
        if outcome.hasPrefix("interrupted") { return ("interrupted", "The console stopped before the change finished; its outcome is unknown.") }
        guard let colon = outcome.firstIndex(of: ":") else { return (outcome.isEmpty ? "pending" : outcome, nil) }
        let detail = String(outcome[outcome.index(after: colon)...]).trimmingWhitespace()
        return (String(outcome[..<colon]), detail.isEmpty ? nil : detail)
    }

    /// A link for targets the log names in its standard forms
    /// (`grant ROOM / USER`, `room ROOM`); nil for anything else.
    static func targetURL(_ target: String, pid: String) -> String? {
        if target.hasPrefix("grant "), let separator = target.range(of: " / ", options: .backwards) {
            let room = String(target[target.index(target.startIndex, offsetBy: 6)..<separator.lowerBound])
            let user = String(target[separator.upperBound...])
            guard !room.isEmpty, !user.isEmpty else { return nil }
            return SiteURL.grant(pid: pid, room: room, userID: user).path
        }
        if target.hasPrefix("room ") {
            let room = String(target.dropFirst(5))
            return room.isEmpty ? nil : SiteURL.room(pid: pid, room: room).path
        }
        return nil
    }

    static func timestamp(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd HH:mm:ss"
        return formatter.string(from: date)
    }
}
