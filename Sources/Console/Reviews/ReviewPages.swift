import Foundation
import GrantModel

/// A progress bar's numbers, for `<progress>` (no inline style needed).
struct ProgressBar: Sendable {
    var label: String
    var value: Int
    var max: Int
    var text: String

    init(label: String, done: Int, total: Int, verb: String = "decided") {
        self.label = visible(label)
        value = done
        max = Swift.max(total, 1)
        let percent = total == 0 ? 100 : done * 100 / total
        text = "\(done) of \(total) \(verb) (\(percent)%)"
    }
}

struct Option: Sendable {
    var value: String
    var label: String
    var checked: Bool
}

struct ReviewListPage: Sendable {
    struct Row: Sendable {
        var name: String
        var url: String
        var scope: String
        var due: String
        var status: String
        var statusClass: String
        var progress: ProgressBar
    }

    var campaigns: [Row]
    var hasCampaigns: Bool
    var canEdit: Bool
    var newURL: String
    var snapshotsURL: String
}

struct ReviewNewPage: Sendable {
    var actionURL: String
    var name: String
    var nameError: String?
    var kinds: [Option]
    var kindError: String?
    var rooms: String
    var roomsError: String?
    var users: String
    var usersError: String?
    var reviewers: [Option]
    var reviewersError: String?
    var due: String
    var dueError: String?
    var hasErrors: Bool
}

struct ReviewItemView: Sendable {
    struct Section: Sendable {
        var title: String
        var lines: [String]
    }

    var id: String
    var anchor: String
    var room: String
    var roomURL: String
    var person: PersonDisplay
    var grantURL: String
    var reviewer: String
    var preset: Badge
    var flags: [Badge]
    var hasFlags: Bool
    var sections: [Section]
    var lastChange: String?
    /// Set when the live grant differs from the snapshot (or is gone).
    var upstreamNote: String?
    var decisionText: String?
    var decisionClass: String
    var decidedText: String?
    var comment: String?
    var revocationText: String?
    var canDecide: Bool
    var formURL: String
    var version: String
    var keepChecked: Bool
    var revokeChecked: Bool
    var commentValue: String
    var error: String?
}

struct ReviewShowPage: Sendable {
    var name: String
    var scope: String
    var due: String
    var status: String
    var statusClass: String
    var isPreparing: Bool
    var isOpen: Bool
    var isFailed: Bool
    var snapshotURL: String
    var snapshotText: String
    var createdText: String
    var overall: ProgressBar
    var reviewers: [ProgressBar]
    var items: [ReviewItemView]
    var hasItems: Bool
    var nav: PageNav
    var filters: [Option]
    var filterURL: String
    var undecidedOnly: Bool
    var canAdmin: Bool
    var applyURL: String
    var closeURL: String
    var reportURL: String
    var revokeCount: Int
    var upstreamCheckNote: String?
}

struct ReviewApplyPage: Sendable {
    struct Row: Sendable {
        var room: String
        var person: PersonDisplay
        var decidedText: String
        var comment: String
        var state: String
        var stateClass: String
        var detail: String?
    }

    var name: String
    var rows: [Row]
    var hasRows: Bool
    var pending: Int
    var hasPending: Bool
    var hasFailed: Bool
    var progress: ProgressBar
    var actionURL: String
    var reviewURL: String
    var isOpen: Bool
    var outcome: String?
    var outcomeClass: String
    /// The operations that applied the revocations (their own progress pages).
    var operations: [Link]

    struct Link: Sendable {
        var label: String
        var url: String
    }
}
