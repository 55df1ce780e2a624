import Foundation
import GrantModel

/// What changed between two grant sets (a snapshot and a later one, or the
/// live project), and which of those changes the console's audit log does
/// not explain: drift, made directly in MeshAgent.
struct SnapshotComparison: Sendable {
    struct Difference: Sendable {
        enum Kind: String, Sendable {
            case added, removed, changed
        }

        var kind: Kind
        var key: GrantKey
        var roomName: String
        var before: JSONValue?
        var after: JSONValue?
        /// The audited changes that explain this one; empty means drift.
        var audited: [GrantAuditIndex.Record]

        var isDrift: Bool { audited.isEmpty }
    }

    var differences: [Difference]
    var unchanged: Int

    var driftCount: Int { differences.count(where: \.isDrift) }

    /// Compares `from` with `to`. A difference counts as made through GrantDesk
    /// when the audit log has a change to that grant (or its room) between
    /// `fromTime` and `toTime`.
    init(from: GrantSet, to: GrantSet, audit: GrantAuditIndex, fromTime: Date, toTime: Date) {
        var differences: [Difference] = []
        var unchanged = 0
        for (key, old) in from.entries {
            if let new = to.entries[key] {
                if new.scopeHash == old.scopeHash {
                    unchanged += 1
                    continue
                }
                differences.append(Difference(kind: .changed, key: key, roomName: new.roomName,
                                               before: from.permissions(old), after: to.permissions(new), audited: []))
            } else {
                differences.append(Difference(kind: .removed, key: key, roomName: old.roomName,
                                               before: from.permissions(old), after: nil, audited: []))
            }
        }
        for (key, new) in to.entries where from.entries[key] == nil {
            differences.append(Difference(kind: .added, key: key, roomName: new.roomName,
                                           before: nil, after: to.permissions(new), audited: []))
        }
        for index in differences.indices {
            let key = differences[index].key
            let names = Set([from.entries[key]?.roomName, to.entries[key]?.roomName].compactMap { $0 })
            differences[index].audited = audit.changes(to: key, roomNames: names, from: fromTime, to: toTime)
        }
        self.differences = differences.sorted { ($0.roomName, $0.key.userID) < ($1.roomName, $1.key.userID) }
        self.unchanged = unchanged
    }
}
