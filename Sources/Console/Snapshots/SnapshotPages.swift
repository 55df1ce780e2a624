import Foundation
import GrantModel

/// Times as pages show them: UTC, to the second.
enum PageTime {
    static func text(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd HH:mm:ss 'UTC'"
        return formatter.string(from: date)
    }

    /// "12.3 KB": the stored size for people.
    static func bytes(_ count: Int) -> String {
        if count < 1_024 { return "\(count) bytes" }
        if count < 1_024 * 1_024 { return String(format: "%.1f KB", Double(count) / 1_024) }
        return String(format: "%.1f MB", Double(count) / 1_048_576)
    }
}

/// One snapshot as a list row or a page header.
struct SnapshotRow: Sendable {
    var id: String
    var url: String
    var time: String
    var takenBy: String
    var reason: String
    var status: String
    var statusClass: String
    var isTaking: Bool
    var grants: String
    var size: String
    var failure: String?
    var progressValue: Int
    var progressMax: Int
    var compareNowURL: String

    init(_ info: SnapshotInfo) {
        id = String(info.id)
        url = SiteURL.snapshot(pid: info.project, id: info.id).path
        time = PageTime.text(info.takenAt)
        takenBy = visible(info.takenBy)
        reason = switch info.reason {
        case "schedule": "on schedule"
        case "campaign": "for a review campaign"
        default: "taken by hand"
        }
        (status, statusClass) = switch info.status {
        case .taking: ("taking", "badge badge-info")
        case .complete: ("complete", "badge badge-ok")
        case .failed: ("failed", "badge badge-risk")
        }
        isTaking = info.status == .taking
        grants = counted(info.grantCount, "grant")
        size = PageTime.bytes(info.storedBytes)
        failure = info.failure.map(visible)
        progressValue = info.grantCount
        progressMax = max(info.expectedCount, info.grantCount, 1)
        compareNowURL = SiteURL.snapshotCompare(pid: info.project, from: info.id, to: nil).path
    }
}

struct SnapshotListPage: Sendable {
    var snapshots: [SnapshotRow]
    var hasSnapshots: Bool
    var canEdit: Bool
    var takeURL: String
    var compareURL: String
    var choices: [Choice]
    var reviewsURL: String

    struct Choice: Sendable {
        var value: String
        var label: String
    }
}

struct SnapshotShowPage: Sendable {
    struct Grant: Sendable {
        var room: String
        var roomURL: String
        var person: PersonDisplay
        var userURL: String
        var preset: Badge
        var flags: [Badge]
        var hasFlags: Bool
    }

    var snapshot: SnapshotRow
    var grants: [Grant]
    var hasGrants: Bool
    var nav: PageNav
    var room: String
    var user: String
    var filterURL: String
    var listURL: String
    /// "Who can do X?" asked as of this snapshot.
    var whoURL: String
}

struct SnapshotComparePage: Sendable {
    struct Line: Sendable {
        var text: String
        var widens: Bool
    }

    struct Change: Sendable {
        var kind: String
        var kindClass: String
        var room: String
        var roomURL: String
        var person: PersonDisplay
        var grantURL: String
        var lines: [Line]
        var hasLines: Bool
        var widens: Bool
        var verdict: String?
        var isDrift: Bool
        var auditText: String?
    }

    var fromText: String
    var toText: String
    var fromURL: String
    var toURL: String?
    var changes: [Change]
    var hasChanges: Bool
    var summary: String
    var driftSummary: String
    var hasDrift: Bool
    var driftOnly: Bool
    var allURL: String
    var driftURL: String
    var truncatedText: String?
    var listURL: String
}
