import CryptoPrimitives
import GrantModel

/// The preview every operation shows before it runs: each item with its
/// change in plain words, widening marked per item, and a form that runs
/// exactly this (the fingerprint lets the run refuse a changed plan).
struct OperationPreviewPage: Sendable {
    struct Row: Sendable, Hashable {
        var description: String
        var lines: [ScopeChangeSummary.Line]
        var widens: Bool
        var note: String?
        /// Long lists of changes fold away behind their count.
        var collapsed: Bool
        var lineCount: Int
    }

    struct Option: Sendable, Hashable {
        var name: String
        var label: String
        var checked: Bool
    }

    var stylesheet = OperationAssets.stylesheet
    var heading: String
    var intro: String
    var action: String
    var hidden: [HiddenField]
    var options: [Option] = []
    var rows: [Row]
    var count: Int
    var widening: Int
    var isEmpty: Bool
    var emptyText: String
    var runLabel: String
    var backLabel: String?
    var cancelURL: String
    var notice: String?

    init(heading: String, intro: String, action: String, hidden: [HiddenField], plan: OperationPlan,
         notes: [String?] = [], emptyText: String, runLabel: String, backLabel: String? = nil, cancelURL: String) {
        self.heading = heading
        self.intro = intro
        self.action = action
        self.hidden = hidden + [HiddenField(name: OperationFingerprint.field, value: OperationFingerprint.of(plan))]
        rows = plan.items.enumerated().map { index, item in
            Row(description: visible(item.description), lines: item.change.map { OperationChange.line($0) },
                widens: item.widens, note: index < notes.count ? notes[index] : nil,
                collapsed: item.change.count > OperationChange.foldAfter, lineCount: item.change.count)
        }
        count = plan.items.count
        widening = plan.items.filter(\.widens).count
        isEmpty = plan.items.isEmpty
        self.emptyText = emptyText
        self.runLabel = runLabel
        self.backLabel = backLabel
        self.cancelURL = cancelURL
    }
}

/// An item's change lines, stored as text: a widening line starts with the marker.
enum OperationChange {
    static let marker = "More access: "
    /// More lines than this show folded, behind their count.
    static let foldAfter = 4

    /// The item's lines and whether any widens, from the diff of what is there to what will be.
    static func lines(from old: JSONObject?, to new: JSONObject?) -> (lines: [String], widens: Bool) {
        let summary = ScopeChangeSummary.between(old ?? JSONObject(), new ?? JSONObject())
        return (summary.lines.map { ($0.widens ? marker : "") + $0.text }, summary.widens)
    }

    static func line(_ text: String) -> ScopeChangeSummary.Line {
        text.hasPrefix(marker) ? .init(text: visible(String(text.dropFirst(marker.count))), widens: true)
            : .init(text: visible(text), widens: false)
    }
}

/// What a preview showed, as one hash: the run recomputes the plan and
/// refuses to start when it differs (something changed in between).
enum OperationFingerprint {
    static let field = "fingerprint"

    static func of(_ plan: OperationPlan) -> String {
        var text = plan.kind + "\n"
        for item in plan.items {
            text += item.action.name + "|" + item.roomID + "|" + item.userID + "|"
            switch item.action {
            case .put(let scope, let existing, let expected, let expiresAt):
                text += EditorCanonical.text(scope) + "|" + existing.rawValue + "|" + (expected.map(EditorCanonical.text) ?? "-")
                text += "|" + (expiresAt.map { String($0.timeIntervalSince1970) } ?? "-")
            case .delete(let expected):
                text += expected.map(EditorCanonical.text) ?? "-"
            case .removeMember:
                break
            }
            text += "\n"
        }
        return SHA256.hex(text)
    }
}
