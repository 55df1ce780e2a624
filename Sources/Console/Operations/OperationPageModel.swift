import Foundation
import GrantModel

/// The progress page of one operation: a bar, counts, the outcome per item.
struct OperationPageModel: Sendable {
    struct Row: Sendable, Hashable {
        var position: Int
        var description: String
        var change: [String]
        var hasChange: Bool
        var widens: Bool
        var collapsed: Bool
        var changeCount: Int
        var status: String
        var statusLabel: String
        var detail: String?
    }

    var stylesheet = OperationAssets.stylesheet
    var script = OperationAssets.script
    var label: String
    var actor: String
    var startedAt: String
    var stateLabel: String
    var isRunning: Bool
    var total: Int
    var ended: Int
    var done: Int
    var failed: Int
    var skipped: Int
    var interrupted: Int
    var statusURL: String
    var reloadURL: String
    var auditURL: String
    var retryAction: String?
    var retryCount: Int
    var retryOfURL: String?
    var submission: String
    var rows: [Row]

    init(_ status: OperationStatus, canRetry: Bool, submission: String) {
        let pid = status.project
        label = visible(status.label)
        actor = visible(status.actor)
        startedAt = OperationPageModel.time(status.createdAt)
        isRunning = status.isRunning
        stateLabel = switch status.state {
        case .running: "Running"
        case .finished: "Finished"
        case .interrupted: "Interrupted: GrantDesk stopped before every item ended"
        }
        total = status.items.count
        ended = status.ended
        done = status.count(.done)
        failed = status.count(.failed)
        skipped = status.count(.skipped)
        interrupted = status.count(.interrupted)
        statusURL = SiteURL.operationStatus(pid: pid, id: status.id.rawValue).path
        reloadURL = SiteURL.operation(pid: pid, id: status.id.rawValue).path
        auditURL = SiteURL.audit(pid).path(query: [("target", status.id.rawValue)])
        retryCount = status.isRunning ? 0 : status.retryable.count
        retryAction = canRetry && retryCount > 0 ? SiteURL.operationRetry(pid: pid, id: status.id.rawValue).path : nil
        retryOfURL = status.retryOf.map { SiteURL.operation(pid: pid, id: $0.rawValue).path }
        self.submission = submission
        rows = status.items.map { item in
            Row(position: item.position, description: visible(item.item.description), change: item.item.change.map(visible),
                hasChange: !item.item.change.isEmpty, widens: item.item.widens,
                collapsed: item.item.change.count > OperationChange.foldAfter, changeCount: item.item.change.count,
                status: item.status.rawValue,
                statusLabel: Self.label(item.status), detail: item.detail.map(visible))
        }
    }

    static func label(_ status: OperationItemStatus) -> String {
        switch status {
        case .pending: "Waiting"
        case .running: "Running"
        case .done: "Done"
        case .failed: "Failed"
        case .skipped: "Skipped"
        case .interrupted: "Not done (interrupted)"
        }
    }

    static func time(_ date: Date) -> String { AuditPageModel.timestamp(date) + " UTC" }

    /// The status endpoint's answer: counts and each item's status, read by the page's poller.
    static func json(_ status: OperationStatus) -> JSONValue {
        .object([
            "id": .string(status.id.rawValue),
            "state": .string(status.state.rawValue),
            "running": .bool(status.isRunning),
            "total": .number(String(status.items.count)),
            "ended": .number(String(status.ended)),
            "done": .number(String(status.count(.done))),
            "failed": .number(String(status.count(.failed))),
            "skipped": .number(String(status.count(.skipped))),
            "interrupted": .number(String(status.count(.interrupted))),
            "items": .array(status.items.map { item in
                .object([
                    "position": .number(String(item.position)),
                    "status": .string(item.status.rawValue),
                    "label": .string(label(item.status)),
                    "detail": item.detail.map(JSONValue.string) ?? .null,
                ])
            }),
        ])
    }
}

/// The operation pages' own script and stylesheet.
enum OperationAssets {
    static let stylesheet = SiteURL.static("css/operations.css").path
    static let script = SiteURL.static("js/operations.js").path
}
